import { posix } from 'node:path';
import { composeRules } from '../../rules/compose/index.js';
import type { Finding, Target } from '../../findings/types.js';
import type { DeployInputFile, DeployOptions, DeployScanner, DeployScanResult } from '../types.js';
import { MAX_FILE_CHARS, applyInlineSuppressions, makeTarget, mergeDuplicates, runRules, splitLines, type SuppressionSource } from '../shared/findings.js';
import { ComposeProject, parseCompose } from './parse.js';

export type { ComposeModel, ComposeService } from './model.js';
export { parseCompose, ComposeProject } from './parse.js';

/** `compose.yaml`, `docker-compose.yml`, `docker-compose.prod.yml`, `docker-compose-dev.yaml`, `app.compose.yml`... */
const COMPOSE_NAME = /^(?:docker-compose[\w.-]*|compose(?:\.[\w.-]+)?|[\w.-]+\.compose)\.ya?ml$/i;
/** YAML whose `services:` is a mapping at the top level (GitLab CI's top-level `services:` is a list). */
const SERVICES_MAP = /^services:[ \t]*(?:#.*)?\r?\n(?:[ \t]*(?:#.*)?\r?\n)*([ \t]+)(?!-)[^\s#]/m;
/** CI files have their own scanner (docker-run) and may have a top-level `services:` list or map. */
const CI_FILE = /(?:^|\/)(?:\.gitlab-ci\.ya?ml|\.github\/workflows\/[^/]+|bitbucket-pipelines\.ya?ml|\.circleci\/config\.ya?ml|azure-pipelines\.ya?ml)$/i;

export function isComposeFileName(path: string): boolean {
  return COMPOSE_NAME.test(posix.basename(path));
}

function claims(path: string, head: string): boolean {
  if (CI_FILE.test(path)) return false;
  if (isComposeFileName(path)) return true;
  return /\.ya?ml$/i.test(path) && SERVICES_MAP.test(head);
}

function scan(files: DeployInputFile[], options: DeployOptions): DeployScanResult {
  const warnings: string[] = [];
  const targets: Target[] = [];
  const usable = files.filter((f) => {
    if (f.text.length <= MAX_FILE_CHARS) return true;
    warnings.push(`${f.path}: larger than ${MAX_FILE_CHARS / 1024 / 1024} MiB, not checked as a Compose file`);
    return false;
  });
  const project = new ComposeProject(usable);
  const sources = new Map<string, SuppressionSource>();
  const models = usable.map((f) => parseCompose(project, f.path));
  for (const [i, f] of usable.entries()) {
    sources.set(f.path, { lines: splitLines(f.text), scopes: models[i]!.services.map((s) => ({ start: s.line, end: s.endLine })) });
  }
  // A file claimed by its content (not its name) that holds no service is some other YAML with a
  // `services:` key (Helm values, app config): not a target, and its shape is not a Compose problem.
  // Broken YAML that looked like Compose is still reported.
  const kept = usable.map((f, i) => ({ file: f, model: models[i]! })).filter(({ file, model }) => isComposeFileName(file.path) || model.services.length > 0 || model.yamlError);
  const byTarget = new Map<string, Finding[]>(kept.map(({ file }) => [file.path, []]));
  const origin = new Map<Finding, string>();
  const all: Finding[] = [];
  for (const { file, model } of kept) {
    for (const f of runRules(composeRules, model, options, file.path, warnings)) {
      origin.set(f, file.path);
      all.push(f);
    }
  }
  // A setting inherited through `extends: {file: ...}` is written in the other file: when that file
  // is a target too, the finding is filed (once) there, naming every service it affects.
  for (const f of mergeDuplicates(all)) (byTarget.get(f.location.path) ?? byTarget.get(origin.get(f)!)!).push(f);
  for (const { file, model } of kept) {
    const findings = byTarget.get(file.path)!;
    applyInlineSuppressions(findings, sources);
    targets.push(makeTarget('compose', file.path, findings, { services: model.services.map((s) => s.name) }));
  }
  return { targets, warnings };
}

/** The scanner (synchronous: `satisfies` keeps that visible to callers and tests). */
export const composeScanner = {
  kind: 'compose',
  claims,
  scan,
  rules: composeRules.map((r) => r.meta),
} satisfies DeployScanner;
