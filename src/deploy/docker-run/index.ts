import { dockerRunRules } from '../../rules/docker-run/index.js';
import type { Target } from '../../findings/types.js';
import type { DeployInputFile, DeployOptions, DeployScanner, DeployScanResult } from '../types.js';
import { MAX_FILE_CHARS, applyInlineSuppressions, makeTarget, mergeDuplicates, runRules, splitLines } from '../shared/findings.js';
import { parseRunFile } from './model.js';
import { sourceKind } from './sources.js';

export type { RunModel, RunCommand } from './model.js';
export { parseRunFile } from './model.js';
export { parseRunCommand } from './flags.js';
export { sourceKind, type SourceKind } from './sources.js';

/**
 * Target kind for files with `docker run` lines. No TargetKind fits yet: they are neither Compose
 * files nor daemon configurations, and labelling a shell script `compose` or `daemon` would mislead
 * reports (SARIF even treats `daemon` targets as image contents). `shell` is proposed to the lead
 * for src/findings/types.ts; until it is added, this single cast carries it.
 */
export const SHELL_TARGET_KIND: Target['kind'] = 'shell';

function claims(path: string, head: string): boolean {
  return sourceKind(path, head) !== undefined;
}

function scan(files: DeployInputFile[], options: DeployOptions): DeployScanResult {
  const warnings: string[] = [];
  const targets: Target[] = [];
  for (const f of files) {
    const source = sourceKind(f.path, f.text.slice(0, 256));
    if (!source) continue;
    let text = f.text;
    if (text.length > MAX_FILE_CHARS) {
      // Line-oriented sources can be checked in part: keep whole lines up to the cap.
      if (source === 'ci-yaml') {
        warnings.push(`${f.path}: larger than ${MAX_FILE_CHARS / 1024 / 1024} MiB, not searched for docker run lines`);
        continue;
      }
      text = text.slice(0, text.lastIndexOf('\n', MAX_FILE_CHARS) + 1);
      warnings.push(`${f.path}: only the first ${MAX_FILE_CHARS / 1024 / 1024} MiB were searched for docker run lines`);
    }
    const model = parseRunFile(f.path, text, source);
    warnings.push(...model.notes);
    // Files without any run command and nothing wrong are not targets: most scripts never start a container.
    if (model.commands.length === 0 && model.problems.length === 0) continue;
    const findings = mergeDuplicates(runRules(dockerRunRules, model, options, f.path, warnings));
    const scopes = model.commands.map((c) => ({ start: c.line, end: c.endLine }));
    applyInlineSuppressions(findings, new Map([[f.path, { lines: splitLines(text), scopes }]]));
    targets.push(makeTarget(SHELL_TARGET_KIND, f.path, findings, { source, commands: model.commands.length }));
  }
  return { targets, warnings };
}

/** The scanner (synchronous: `satisfies` keeps that visible to callers and tests). */
export const dockerRunScanner = {
  kind: SHELL_TARGET_KIND,
  claims,
  scan,
  rules: dockerRunRules.map((r) => r.meta),
} satisfies DeployScanner;
