import type { DeployOptions } from '../../../src/deploy/types.js';
import { loadManifests } from '../../../src/deploy/kubernetes/load.js';
import type { KubernetesRule } from '../../../src/deploy/kubernetes/rule-kit.js';
import type { RuleHit } from '../../../src/rules/rule.js';

export const OPTIONS: DeployOptions = { allowedRegistries: [], production: false, now: new Date('2025-01-01T00:00:00Z') };

/** Runs one rule over one or more files (`{path: text}` or a single text as `manifest.yaml`). */
export function run(rule: KubernetesRule, input: string | Record<string, string>, options: Partial<DeployOptions> = {}): RuleHit[] {
  const files = typeof input === 'string' ? { 'manifest.yaml': input } : input;
  const model = loadManifests(Object.entries(files).map(([path, text]) => ({ path, text })));
  return rule.check(model, { ...OPTIONS, ...options });
}

/** The lines a rule fires on, sorted. */
export function lines(rule: KubernetesRule, input: string | Record<string, string>, options: Partial<DeployOptions> = {}): number[] {
  return run(rule, input, options).map((h) => h.line ?? 0).sort((a, b) => a - b);
}

/** 1-based line of the first line containing `needle` (after `from`, a line number), for readable assertions. */
export function lineOf(text: string, needle: string, from = 0): number {
  const ls = text.split('\n');
  for (let i = from; i < ls.length; i++) if (ls[i]!.includes(needle)) return i + 1;
  throw new Error(`"${needle}" not found`);
}

/** A pod with one container; `pod` and `container` are YAML fragments indented as fields of their mapping. */
export function pod(opts: { pod?: string; container?: string; name?: string; meta?: string } = {}): string {
  const ind = (s: string, n: number): string => s.split('\n').filter((l) => l.trim() !== '').map((l) => ' '.repeat(n) + l).join('\n');
  return [
    'apiVersion: v1',
    'kind: Pod',
    'metadata:',
    `  name: ${opts.name ?? 'web'}`,
    opts.meta ? ind(opts.meta, 2) : '',
    'spec:',
    opts.pod ? ind(opts.pod, 2) : '',
    '  containers:',
    '    - name: app',
    '      image: ghcr.io/acme/app:1.0.0',
    opts.container ? ind(opts.container, 6) : '',
    '',
  ].filter((l, i, a) => l !== '' || i === a.length - 1).join('\n');
}
