import type { RuleMeta } from '../findings/rule-meta.js';
import { dockerfileRules } from './dockerfile/index.js';
import { contextRules } from './context/index.js';
import { secretRuleMetas } from './secret-rules.js';
import type { DockerfileRule } from './rule.js';
import { deployScanners } from '../deploy/index.js';
import { imageRules } from './image/index.js';

/** Rules run on a Dockerfile and its build context. */
export function buildPhaseRules(): DockerfileRule[] {
  return [...dockerfileRules, ...contextRules];
}

/** Metadata of every rule leftshift has, sorted by id (what `leftshift rules` lists). */
export function allRuleMetas(): RuleMeta[] {
  return [...buildPhaseRules().map((r) => r.meta), ...secretRuleMetas(), ...deployScanners.flatMap((s) => s.rules), ...imageRules.map((r) => r.meta)].sort((a, b) => a.id.localeCompare(b.id, 'en', { numeric: true }));
}
