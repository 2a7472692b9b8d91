import { posix } from 'node:path';
import { daemonRules } from '../../rules/daemon/index.js';
import type { Target } from '../../findings/types.js';
import type { DeployInputFile, DeployOptions, DeployScanner, DeployScanResult } from '../types.js';
import { MAX_FILE_CHARS, makeTarget, mergeDuplicates, runRules } from '../shared/findings.js';
import { KNOWN_OPTIONS, parseDaemon } from './model.js';

export type { DaemonModel } from './model.js';
export { parseDaemon } from './model.js';
export { parseJson, JsonSyntaxError, type JsonNode } from './json.js';

/**
 * `daemon.json` anywhere (`/etc/docker/daemon.json` in a host configuration repository, files
 * shipped by Ansible roles or cloud-init), and the rootless daemon's `~/.config/docker/daemon.json`.
 */
function claims(path: string, _head: string): boolean {
  return posix.basename(path.toLowerCase()) === 'daemon.json';
}

function scan(files: DeployInputFile[], options: DeployOptions): DeployScanResult {
  const warnings: string[] = [];
  const targets: Target[] = [];
  for (const f of files) {
    if (f.text.length > MAX_FILE_CHARS) {
      warnings.push(`${f.path}: larger than ${MAX_FILE_CHARS / 1024 / 1024} MiB, not checked as a Docker daemon configuration`);
      continue;
    }
    const model = parseDaemon(f.path, f.text);
    // Another program's daemon.json (valid JSON without a single dockerd option, outside a docker/ directory).
    if (model.root && !/(?:^|\/)docker\//i.test(f.path) && model.root.entries.length > 0 && !model.root.entries.some((e) => KNOWN_OPTIONS.has(e.key))) continue;
    // JSON has no comments, so daemon.json findings can only be suppressed in .leftshiftignore.
    const findings = mergeDuplicates(runRules(daemonRules, model, options, f.path, warnings));
    targets.push(makeTarget('daemon', f.path, findings, model.rootless ? { rootless: true } : undefined));
  }
  return { targets, warnings };
}

/** The scanner (synchronous: `satisfies` keeps that visible to callers and tests). */
export const daemonScanner = {
  kind: 'daemon',
  claims,
  scan,
  rules: daemonRules.map((r) => r.meta),
} satisfies DeployScanner;
