import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compareSemver, isAffected } from '../../../src/vuln/match/range.js';
import type { OsvAffected } from '../../../src/vuln/match/osv.js';
import { dotCompare, loadRecords } from './helpers.js';

const cmp = (_e: string, a: string, b: string) => dotCompare(a, b);
const eco = (events: OsvAffected['ranges'] extends Array<infer R> | undefined ? R extends { events: infer E } ? E : never : never): OsvAffected => ({
  package: { ecosystem: 'PyPI', name: 'x' },
  ranges: [{ type: 'ECOSYSTEM', events }],
});
const status = (v: string, a: OsvAffected) => isAffected(v, a, cmp).status;

test('introduced/fixed, in any event order (the spec sorts them)', () => {
  const a = eco([{ fixed: '2.0' }, { introduced: '1.5' }, { fixed: '1.2' }, { introduced: '0' }]);
  assert.equal(status('1.0', a), 'affected');
  assert.equal(status('1.2', a), 'unaffected');
  assert.equal(status('1.4', a), 'unaffected');
  assert.equal(status('1.5', a), 'affected');
  assert.equal(status('1.9.9', a), 'affected');
  assert.equal(status('2.0', a), 'unaffected');
  const v = isAffected('1.6', a, cmp);
  assert.deepEqual(v.status === 'affected' && v.fixed, ['2.0']);
  const w = isAffected('1.1', a, cmp);
  assert.deepEqual(w.status === 'affected' && w.fixed, ['1.2']);
});

test('last_affected is inclusive; no fix is reported', () => {
  const a = eco([{ introduced: '1.0' }, { last_affected: '1.4' }]);
  assert.equal(status('0.9', a), 'unaffected');
  assert.equal(status('1.4', a), 'affected');
  assert.equal(status('1.4.1', a), 'unaffected');
  const v = isAffected('1.2', a, cmp);
  assert.ok(v.status === 'affected' && v.fixed.length === 0 && v.lastAffected[0] === '1.4');
});

test('introduced with no end: everything from there on', () => {
  assert.equal(status('99', eco([{ introduced: '3.0' }])), 'affected');
  assert.equal(status('2.9', eco([{ introduced: '3.0' }])), 'unaffected');
});

test('limit bounds the range from above; * is no limit', () => {
  const a = eco([{ introduced: '0' }, { limit: '2.0' }]);
  assert.equal(status('1.9', a), 'affected');
  assert.equal(status('2.0', a), 'unaffected');
  assert.equal(status('5', eco([{ introduced: '0' }, { limit: '*' }])), 'affected');
});

test('several ranges and an explicit versions list are ORed', () => {
  const a: OsvAffected = {
    package: { ecosystem: 'PyPI', name: 'x' },
    ranges: [
      { type: 'ECOSYSTEM', events: [{ introduced: '1.0' }, { fixed: '1.1' }] },
      { type: 'ECOSYSTEM', events: [{ introduced: '2.0' }, { fixed: '2.1' }] },
    ],
    versions: ['0.5', '3.0rc1'],
  };
  assert.equal(status('1.0.5', a), 'affected');
  assert.equal(status('2.0.1', a), 'affected');
  assert.equal(status('1.5', a), 'unaffected');
  assert.equal(status('0.5', a), 'affected');
  // Not orderable by the comparator, but listed verbatim.
  assert.equal(status('3.0rc1', a), 'affected');
});

test('GIT ranges are skipped with a reason; an unparseable version is "unknown", not unaffected', () => {
  const git: OsvAffected = { package: { ecosystem: 'PyPI', name: 'x' }, ranges: [{ type: 'GIT', repo: 'https://x', events: [{ introduced: '0' }, { fixed: 'abc123' }] }] };
  const g = isAffected('1.0', git, cmp);
  assert.equal(g.status, 'unknown');
  assert.match(g.status === 'unknown' ? g.reason : '', /GIT/);
  const bad = isAffected('1.0-weird', eco([{ introduced: '0' }, { fixed: '2.0' }]), cmp);
  assert.equal(bad.status, 'unknown');
  // GIT alongside an ECOSYSTEM range: the ECOSYSTEM one decides.
  const both: OsvAffected = { ...git, ranges: [...(git.ranges ?? []), { type: 'ECOSYSTEM', events: [{ introduced: '0' }, { fixed: '2.0' }] }] };
  assert.equal(isAffected('2.1', both, cmp).status, 'unaffected');
});

test('SEMVER precedence', () => {
  assert.ok(compareSemver('1.0.0-alpha', '1.0.0') < 0);
  assert.ok(compareSemver('1.0.0-alpha.1', '1.0.0-alpha.beta') < 0);
  assert.ok(compareSemver('1.0.0-beta.11', '1.0.0-beta.2') > 0);
  assert.equal(compareSemver('v1.2.3', '1.2.3+build'), 0);
  assert.throws(() => compareSemver('1.2', '1.2.3'));
});

const records = new Map(loadRecords().map((r) => [r.id, r]));

test('real Go record: several SEMVER intervals, +incompatible, v-prefixed installed versions', () => {
  const a = records.get('GO-2026-5817')!.affected![0];
  const check = (v: string) => isAffected(v, a, cmp);
  assert.equal(check('v11.4.4+incompatible').status, 'affected');
  const r = check('v11.4.4+incompatible');
  assert.deepEqual(r.status === 'affected' && r.fixed, ['11.4.5+incompatible']);
  assert.equal(check('v11.4.5+incompatible').status, 'unaffected');
  assert.equal(check('v10.10.9+incompatible').status, 'unaffected');
  assert.equal(check('v11.6.0+incompatible').status, 'affected');
});

test('real Packagist record: per-branch last_affected ranges plus one fixed', () => {
  const a = records.get('x_FRIENDSOFPHP-CVE-2017-14775')!.affected!.find((x) => x.package?.name === 'laravel/framework')!;
  assert.equal(status('5.4.36', a), 'affected');
  assert.equal(status('5.4.37', a), 'unaffected');
  assert.equal(status('4.1.25', a), 'unaffected');
  const r = isAffected('5.5.9', a, cmp);
  assert.deepEqual(r.status === 'affected' && r.fixed, ['5.5.10']);
  assert.equal(status('5.5.10', a), 'unaffected');
});

test('real crates.io record: last_affected from 0', () => {
  const a = records.get('RUSTSEC-2019-0021')!.affected![0];
  assert.equal(status('0.9.4', a), 'affected');
  assert.equal(status('0.9.5', a), 'unaffected');
});
