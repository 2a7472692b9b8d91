import { nomadRules } from '../../rules/nomad/index.js';
import type { Target } from '../../findings/types.js';
import type { DeployInputFile, DeployOptions, DeployScanner, DeployScanResult } from '../types.js';
import { MAX_FILE_CHARS, applyInlineSuppressions, makeTarget, mergeDuplicates, runRules, splitLines } from '../shared/findings.js';
import { parseNomad } from './parse.js';

export type { NomadModel, NomadTask, NomadTemplate } from './model.js';
export { parseNomad } from './parse.js';
export { parseHcl, HclSyntaxError } from './hcl.js';

/** `job "name" {` at the start of a line: what tells a Nomad job from other HCL (Terraform, Packer, agent config). */
const JOB_BLOCK = /^[ \t]*job[ \t]+"[^"\n]*"[ \t]*\{/m;
/** The API's JSON job (`{"Job": {...}}`) or HCL's JSON form (`{"job": {"name": {...}}}`). */
const JSON_JOB = /^\s*\{\s*"(?:Job"\s*:\s*\{|job"\s*:\s*[{[])/;

function claims(path: string, head: string): boolean {
  const p = path.toLowerCase();
  if (p.endsWith('.nomad') || p.endsWith('.nomad.hcl') || p.endsWith('.nomad.json')) return true;
  if (p.endsWith('.hcl')) return JOB_BLOCK.test(head);
  if (p.endsWith('.json')) return JSON_JOB.test(head.replace(/^\uFEFF/, ''));
  return false;
}

function scan(files: DeployInputFile[], options: DeployOptions): DeployScanResult {
  const warnings: string[] = [];
  const targets: Target[] = [];
  for (const f of files) {
    if (f.text.length > MAX_FILE_CHARS) {
      warnings.push(`${f.path}: larger than ${MAX_FILE_CHARS / 1024 / 1024} MiB, not checked as a Nomad job`);
      continue;
    }
    const model = parseNomad(f.path, f.text);
    const findings = mergeDuplicates(runRules(nomadRules, model, options, f.path, warnings));
    const scopes = model.tasks.map((t) => ({ start: t.line, end: t.endLine }));
    applyInlineSuppressions(findings, new Map([[f.path, { lines: splitLines(f.text), scopes }]]));
    targets.push(makeTarget('nomad', f.path, findings, { format: model.format, tasks: model.tasks.map((t) => `${t.job}/${t.group}/${t.name}`) }));
  }
  return { targets, warnings };
}

/** The scanner (synchronous: `satisfies` keeps that visible to callers and tests). */
export const nomadScanner = {
  kind: 'nomad',
  claims,
  scan,
  rules: nomadRules.map((r) => r.meta),
} satisfies DeployScanner;
