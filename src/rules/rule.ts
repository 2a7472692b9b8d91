import type { Dockerfile } from '../dockerfile/model.js';
import type { RuleMeta } from '../findings/rule-meta.js';
import type { Severity } from '../findings/severity.js';
import type { BuildContextFacts } from '../dockerfile/context-facts.js';

/** What a rule reports; the scanner turns hits into Findings with the rule's metadata. */
export interface RuleHit {
  message: string;
  /** 1-based line in the Dockerfile (or in `path` when given). */
  line?: number;
  endLine?: number;
  column?: number;
  endColumn?: number;
  /** Defaults to the Dockerfile's path; set for hits in other files (e.g. a copied secret file). */
  path?: string;
  /** For image findings: the layer that caused it. */
  layer?: { diffID: string; index: number };
  /** For package findings. */
  package?: { name: string; version?: string; purl?: string };
  /** Overrides the rule's default severity for this hit (e.g. a test key vs a live key). */
  severity?: Severity;
  details?: Record<string, unknown>;
}

export interface DockerfileRuleContext {
  dockerfile: Dockerfile;
  /** Facts about the build context; absent when a Dockerfile is scanned without one (stdin). */
  context?: BuildContextFacts;
}

/** A Dockerfile rule: one file under `src/rules/dockerfile/`, listed in its `index.ts`. */
export interface DockerfileRule {
  meta: RuleMeta;
  check(ctx: DockerfileRuleContext): RuleHit[];
}
