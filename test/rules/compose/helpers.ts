import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ComposeProject, parseCompose, type ComposeModel } from '../../../src/deploy/compose/index.js';
import { parseNomad, type NomadModel } from '../../../src/deploy/nomad/index.js';
import { parseDaemon, type DaemonModel } from '../../../src/deploy/daemon/index.js';
import { parseRunFile, sourceKind, type RunModel } from '../../../src/deploy/docker-run/index.js';
import type { DeployOptions, DeployRule, DeployScanResult, DeployScanner } from '../../../src/deploy/types.js';
import type { RuleHit } from '../../../src/rules/rule.js';
import type { Finding } from '../../../src/findings/types.js';

/** Test helpers shared by the Compose, Nomad, daemon and docker-run rule tests. */

export const OPTS: DeployOptions = { allowedRegistries: [], production: false, now: new Date('2025-06-01T00:00:00Z') };

export function composeModel(text: string, path = 'docker-compose.yml', others: Array<{ path: string; text: string }> = []): ComposeModel {
  return parseCompose(new ComposeProject([{ path, text }, ...others]), path);
}

export function nomadModel(text: string, path = 'job.nomad'): NomadModel {
  return parseNomad(path, text);
}

export function daemonModel(text: string, path = 'etc/docker/daemon.json'): DaemonModel {
  return parseDaemon(path, text);
}

export function runModel(text: string, path = 'run.sh'): RunModel {
  const kind = sourceKind(path, text.slice(0, 256));
  if (!kind) throw new Error(`${path} is not a source the docker-run scanner reads`);
  return parseRunFile(path, text, kind);
}

export function check<M>(rule: DeployRule<M>, model: M, options: DeployOptions = OPTS): RuleHit[] {
  return rule.check(model, options);
}

/** The lines a rule fires on, sorted. */
export function hitLines<M>(rule: DeployRule<M>, model: M, options: DeployOptions = OPTS): number[] {
  return check(rule, model, options).map((h) => h.line ?? 0).sort((a, b) => a - b);
}

/** Runs a scanner on in-memory files (claimed ones only) and returns all findings. */
export function scanFiles(scanner: DeployScanner, files: Array<{ path: string; text: string }>, options: DeployOptions = OPTS): { findings: Finding[]; warnings: string[]; targets: DeployScanResult } {
  const claimed = files.filter((f) => scanner.claims(f.path, f.text.slice(0, 4096)));
  const result = scanner.scan(claimed, options);
  if (result instanceof Promise) throw new Error('these scanners are synchronous');
  return { findings: result.targets.flatMap((t) => t.findings), warnings: result.warnings, targets: result };
}

/** The fenced code blocks of a rule's documentation, in order. */
export function docBlocks(docs: string): Array<{ lang: string; code: string }> {
  return [...docs.matchAll(/```(\w*)\n([\s\S]*?)```/g)].map((m) => ({ lang: m[1]!, code: m[2]! }));
}

/** A value a secret rule would match, built at run time so no token-shaped literal is committed. */
export function fakeAwsKeyId(): string {
  return 'AKIA' + 'QWERTYUIOPASDFGH'.split('').reverse().join('');
}

/**
 * Checks a rule's documentation against the rule: it must have a failing and a passing example
 * (the first and last code blocks), the first must produce an unsuppressed finding of the rule and
 * the last none. Blocks are scanned as real files (`fileFor` turns a block into one), so inline
 * suppressions shown in the examples are honoured too.
 */
export function checkDocExamples(
  scanner: DeployScanner,
  fileFor: (block: { lang: string; code: string }, id: string) => { path: string; text: string },
  options: DeployOptions = { ...OPTS, allowedRegistries: ['registry.acme.io', 'docker.io/library'] },
): Array<{ id: string; problem: string }> {
  const problems: Array<{ id: string; problem: string }> = [];
  for (const meta of scanner.rules) {
    const blocks = docBlocks(meta.docs);
    if (blocks.length < 2) {
      problems.push({ id: meta.id, problem: `has ${blocks.length} code block(s), needs a failing and a passing example` });
      continue;
    }
    if (meta.remediation.trim() === '' || meta.title.trim() === '') problems.push({ id: meta.id, problem: 'missing title or remediation' });
    const active = (block: { lang: string; code: string }) => {
      const file = fileFor(block, meta.id);
      const result = scanner.scan([file], options);
      if (result instanceof Promise) throw new Error('synchronous scanners only');
      return result.targets.flatMap((t) => t.findings).filter((f) => f.ruleId === meta.id && !f.suppressed);
    };
    if (active(blocks[0]!).length === 0) problems.push({ id: meta.id, problem: 'the failing example does not fire' });
    const quiet = active(blocks[blocks.length - 1]!);
    if (quiet.length > 0) problems.push({ id: meta.id, problem: `the passing example fires: ${quiet[0]!.message}` });
  }
  return problems;
}

/**
 * A path in the repository (fixtures, examples), found by walking up from this file: the tests run
 * from test/ under tsx and from dist/test/ after a build, and tsc does not copy fixtures.
 */
export function repoPath(rel: string): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = join(dir, rel);
    if (existsSync(candidate)) return candidate;
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`${rel} not found above ${fileURLToPath(import.meta.url)}`);
    dir = parent;
  }
}

/** Every file under `root/sub`, with paths relative to `root` and `/`-separated. */
export function loadTree(root: string, sub = ''): Array<{ path: string; text: string }> {
  const walk = (d: string): string[] => readdirSync(d).flatMap((n) => (statSync(join(d, n)).isDirectory() ? walk(join(d, n)) : [join(d, n)]));
  return walk(join(root, sub)).map((p) => ({ path: relative(root, p).split(sep).join('/'), text: readFileSync(p, 'utf8') }));
}
