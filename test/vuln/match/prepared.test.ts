// The caches behind matching speed (prepared entries, shared `versions` answers, per-lookup reuse,
// parse/score caches) must never change a verdict: each is checked against the one-shot path.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ListedVersions, compareSemver, isAffected, prepareAffected, type VersionCompare } from '../../../src/vuln/match/range.js';
import { matchPackages } from '../../../src/vuln/match/match.js';
import { severityOf } from '../../../src/vuln/match/severity.js';
import type { OsvAffected, OsvRecord } from '../../../src/vuln/match/osv.js';
import type { Package } from '../../../src/sbom/package.js';
import { cachedComparator, schemeForEcosystem } from '../../../src/vuln/version/index.js';
import { dotCompare, loadRecords, memoryStore, pkg, testCompare } from './helpers.js';

const records = loadRecords();

/** The real comparators, as scans build them. */
function realCompare(): VersionCompare {
  const cmp = cachedComparator();
  return (ecosystem, a, b) => cmp(schemeForEcosystem(ecosystem), a, b);
}

/** A comparator that counts its calls. */
function counting(inner: VersionCompare): { compare: VersionCompare; calls: () => number } {
  let n = 0;
  return {
    compare: (e, a, b) => {
      n++;
      return inner(e, a, b);
    },
    calls: () => n,
  };
}

/** Versions to try against an entry: every event and listed version, a little below and above each, and odd ones. */
function probeVersions(a: OsvAffected): string[] {
  const out = new Set<string>(['0', '0.0.1', '0.1-1', 'v0.0.1', '999.0.0', 'v999.0.0', '999.0-1', 'not a version']);
  for (const r of a.ranges ?? []) {
    for (const e of r.events) {
      for (const v of [e.introduced, e.fixed, e.last_affected, e.limit]) {
        if (v === undefined || v === '0' || v === '*') continue;
        out.add(v);
        out.add(`${v}.1`);
        out.add(v.replace(/\d+$/, (d) => String(Math.max(0, Number(d) - 1))));
      }
    }
  }
  for (const v of a.versions ?? []) out.add(v);
  return [...out];
}

test('a prepared entry evaluated for many versions gives what one-shot evaluation gives, every time', () => {
  for (const compare of [realCompare(), testCompare]) {
    for (const r of records) {
      for (const a of r.affected ?? []) {
        if (!a.package) continue;
        const evaluate = prepareAffected(a, compare);
        const versions = probeVersions(a);
        // Twice over: the second pass runs on sorted events and remembered errors from the first.
        for (let pass = 0; pass < 2; pass++) {
          for (const v of versions) {
            let expected: unknown;
            try {
              expected = isAffected(v, a, compare);
            } catch (err) {
              expected = err;
            }
            let got: unknown;
            try {
              got = evaluate(v);
            } catch (err) {
              got = err;
            }
            assert.deepEqual(got, expected, `${r.id} ${a.package.name} ${v} pass ${pass}`);
          }
        }
      }
    }
  }
});

test('ranges plus a versions list: the list decides only when no range matched, with the same verdicts', () => {
  const a: OsvAffected = {
    package: { ecosystem: 'PyPI', name: 'x' },
    ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '1.0' }, { fixed: '1.5' }] }],
    versions: ['1.0', '1.1', '1.2', '1.3', '1.4', '2.0.0', 'weird!'],
  };
  const c = counting((_e, x, y) => dotCompare(x, y));
  const evaluate = prepareAffected(a, c.compare);
  // In the range: affected via the range, and the seven listed versions are not compared against.
  const before = c.calls();
  assert.deepEqual(evaluate('1.2.5'), { status: 'affected', fixed: ['1.5'], lastAffected: [], via: 'range', rangeType: 'ECOSYSTEM' });
  assert.ok(c.calls() - before <= 4, `only range comparisons (${c.calls() - before})`);
  // Outside the range but listed under another spelling (2.0 == 2.0.0): affected via the list, no fix known.
  assert.deepEqual(evaluate('2.0'), { status: 'affected', fixed: [], lastAffected: [], via: 'versions' });
  // Listed verbatim although the comparator cannot read it.
  assert.deepEqual(evaluate('weird!').status, 'affected');
  assert.deepEqual(evaluate('1.6'), { status: 'unaffected' });
  for (const v of ['0.9', '1.0', '1.4.9', '1.5', '2.0', '2.0.0', '2.0.1', 'weird!']) assert.deepEqual(evaluate(v), isAffected(v, a, c.compare), v);
});

test('ListedVersions shares versions comparisons across entries without changing a verdict', () => {
  const list = ['1.0', '1.1', '1.2', '1.3', '1.4', '1.5', '1.6', '1.7'];
  const entries: OsvAffected[] = [0, 1, 2, 3].map((i) => ({
    package: { ecosystem: 'PyPI', name: 'x' },
    ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: `${10 + i}.0` }, { fixed: `${10 + i}.5` }] }],
    versions: i === 3 ? [...list, '3.0'] : list,
  }));
  for (const version of ['1.3.0', '3', '9.9', 'junk']) {
    const alone = counting((_e, x, y) => dotCompare(x, y));
    const expected = entries.map((a) => prepareAffected(a, alone.compare)(version));
    const shared = counting((_e, x, y) => dotCompare(x, y));
    const listed = new ListedVersions(version, shared.compare);
    const got = entries.map((a) => prepareAffected(a, shared.compare)(version, listed));
    assert.deepEqual(got, expected, version);
    assert.ok(shared.calls() < alone.calls(), `${version}: ${shared.calls()} < ${alone.calls()}`);
  }
  // A ListedVersions for another version is not used (it would answer for the wrong version).
  const other = new ListedVersions('1.2', (_e, x, y) => dotCompare(x, y));
  assert.deepEqual(prepareAffected(entries[0], (_e, x, y) => dotCompare(x, y))('9.9', other), { status: 'unaffected' });
});

test('a range whose events cannot be sorted stays "unknown" on every evaluation; limits still apply first', () => {
  const a: OsvAffected = {
    package: { ecosystem: 'PyPI', name: 'x' },
    ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '1.0' }, { fixed: 'bogus' }, { fixed: '2.0' }, { limit: '3.0' }] }],
  };
  const compare: VersionCompare = (_e, x, y) => dotCompare(x, y);
  const evaluate = prepareAffected(a, compare);
  const first = evaluate('1.5');
  assert.equal(first.status, 'unknown');
  assert.deepEqual(evaluate('1.5'), first);
  assert.deepEqual(evaluate('1.7'), isAffected('1.7', a, compare));
  // At or above the limit the events are never sorted, so the bad event does not matter.
  assert.deepEqual(evaluate('3.1'), { status: 'unaffected' });
});

test('SemVer parsing is cached without changing results or errors', () => {
  const versions = ['1.0.0', 'v1.0.0', '1.0.0-alpha', '1.0.0-alpha.1', '1.0.0-beta.11', '1.0.0-beta.2', '1.0.0+build', '2.0.0', '1.2'];
  const table = () =>
    versions.map((x) =>
      versions.map((y) => {
        try {
          return compareSemver(x, y);
        } catch (err) {
          return (err as Error).message;
        }
      }),
    );
  const first = table();
  assert.deepEqual(table(), first);
  assert.equal(first[0][1], 0);
  assert.equal(first[2][0], -1);
  assert.match(String(first[8][0]), /not a semantic version/);
});

test('severity: cached CVSS scores give the same result for every record, twice over', () => {
  const groups = records.map((record) => [{ record, affected: record.affected ?? [] }]);
  const first = groups.map((g) => severityOf(g));
  assert.deepEqual(groups.map((g) => severityOf(g)), first);
  const bad: OsvRecord = { id: 'X-1', modified: '2024-01-01T00:00:00Z', severity: [{ type: 'CVSS_V3', score: 'CVSS:3.1/AV:Q' }] };
  const once = severityOf([{ record: bad, affected: [] }]);
  assert.ok(once.problems.length === 1 && once.problems[0].startsWith('X-1: '));
  assert.deepEqual(severityOf([{ record: bad, affected: [] }]), once);
});

test('matching many packages at once equals matching each alone (shared lookups and prepared entries)', () => {
  const deps = { advisoriesFor: memoryStore(records), compare: testCompare };
  // The same names at several versions, twice in a row and interleaved with other packages, so a
  // lookup's prepared entries are reused for different versions and dropped after the last use.
  const packages: Package[] = [];
  const versions: Record<string, string[]> = {
    distributed: ['2021.9.1', '2021.10.0', '1.0', '2021.9.1'],
    'laravel/framework': ['5.4.36', '5.4.37', '5.5.9', '4.1.25'],
  };
  for (let i = 0; i < 4; i++) {
    packages.push(pkg({ type: 'pypi', name: 'distributed', version: versions.distributed[i] }));
    packages.push(pkg({ type: 'composer', name: 'framework', namespace: 'laravel', version: versions['laravel/framework'][i] }));
  }
  for (const r of records) {
    for (const a of r.affected ?? []) {
      if (a.package?.ecosystem === 'Debian:12') {
        for (const v of ['0.1-1', '3.0.14-1~deb12u2', '999-1']) packages.push(pkg({ type: 'deb', name: a.package.name, version: v, source: { name: a.package.name, version: v } }));
      }
    }
  }
  const os = { family: 'debian', version: '12' } as const;
  const together = matchPackages(packages, os, deps);
  const alone = packages.map((p) => matchPackages([p], os, deps));
  assert.deepEqual(together.matches, alone.flatMap((r) => r.matches));
  assert.deepEqual(together.unevaluated, alone.flatMap((r) => r.unevaluated));
  assert.ok(together.matches.length > 4, `${together.matches.length} matches`);
});
