import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyInlineSuppressions, mergeDuplicates, runRules } from '../../../src/deploy/shared/findings.js';
import type { Finding } from '../../../src/findings/types.js';
import type { DeployRule } from '../../../src/deploy/types.js';
import { OPTS } from '../../rules/compose/helpers.js';

function finding(ruleId: string, line: number, extra: Partial<Finding> = {}): Finding {
  return { ruleId, kind: 'misconfiguration', severity: 'HIGH', title: 't', message: 'm', aliases: ['kics:abc', 'docker-bench-security:5.5'], location: { path: 'f.yml', line }, remediation: 'r', details: { container: 'a' }, ...extra };
}

test('directives: # and // comments, ids and bare alias ids, case-insensitive, only directly above', () => {
  const lines = ['a', '# leftshift:ignore=ls-x-001 why', 'b', '// leftshift:ignore=5.5,OTHER', 'c', '# leftshift:ignore=LS-X-001', '', 'd'];
  const fs = [finding('LS-X-001', 3), finding('LS-X-001', 5), finding('LS-X-001', 8)];
  applyInlineSuppressions(fs, new Map([['f.yml', { lines, scopes: [] }]]));
  assert.deepEqual(fs.map((f) => f.suppressed?.source), ['f.yml:2', 'f.yml:4', undefined]);
  assert.equal(fs[0]!.suppressed?.reason, 'why');
  assert.equal(fs[1]!.suppressed?.reason, undefined);
});

test('a directive above the first line of a scope covers the whole scope, and not beyond', () => {
  const lines = ['# leftshift:ignore=LS-X-001 svc', 'svc:', '  a: 1', '  b: 2', 'next:'];
  const fs = [finding('LS-X-001', 3), finding('LS-X-001', 4), finding('LS-X-001', 5)];
  applyInlineSuppressions(fs, new Map([['f.yml', { lines, scopes: [{ start: 2, end: 4 }] }]]));
  assert.deepEqual(fs.map((f) => f.suppressed?.reason), ['svc', 'svc', undefined]);
});

test('mergeDuplicates keeps one finding per rule and position and names the other containers', () => {
  const merged = mergeDuplicates([finding('A', 1), finding('A', 1, { details: { container: 'b' } }), finding('A', 1, { details: { container: 'c' } }), finding('A', 2), finding('B', 1)]);
  assert.equal(merged.length, 3);
  assert.deepEqual(merged[0]!.details?.['alsoIn'], ['b', 'c']);
  assert.equal(merged[0]!.message, 'm (also in: b, c)');
});

test('a throwing rule becomes a warning and the other rules still run', () => {
  const bad: DeployRule<null> = { meta: { id: 'LS-BAD', kind: 'misconfiguration', severity: 'LOW', title: 't', docs: '', remediation: '', aliases: [], phase: 'deploy' }, check: () => { throw new Error('boom'); } };
  const good: DeployRule<null> = { ...bad, meta: { ...bad.meta, id: 'LS-GOOD' }, check: () => [{ line: 1, message: 'ok' }] };
  const warnings: string[] = [];
  const out = runRules([bad, good], null, OPTS, 'p', warnings);
  assert.deepEqual(out.map((f) => f.ruleId), ['LS-GOOD']);
  assert.match(warnings[0]!, /LS-BAD failed on p: boom/);
});
