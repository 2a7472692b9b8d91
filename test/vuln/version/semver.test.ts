import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { test } from 'node:test';
import { compareSemver, parseSemver } from '../../../src/vuln/version/semver.js';
import { InvalidVersionError } from '../../../src/vuln/version/util.js';
import { type Pair, agreement, logAgreement, osvVersions, randomFrom, realPairs, rng } from './harness.js';

/** The node-semver package (npm's own comparator), present as a transitive dependency. */
interface NodeSemver {
  compare(a: string, b: string): number;
  valid(v: string): string | null;
}

function loadNodeSemver(): NodeSemver | undefined {
  try {
    return createRequire(import.meta.url)('semver') as NodeSemver;
  } catch {
    return undefined;
  }
}

test('semver: SemVer 2.0.0 spec precedence example', () => {
  const asc = ['1.0.0-alpha', '1.0.0-alpha.1', '1.0.0-alpha.beta', '1.0.0-beta', '1.0.0-beta.2', '1.0.0-beta.11', '1.0.0-rc.1', '1.0.0', '2.0.0', '2.1.0', '2.1.1'];
  for (let i = 0; i < asc.length; i++) for (let j = 0; j < asc.length; j++) assert.equal(compareSemver(asc[i], asc[j]), Math.sign(i - j), `${asc[i]} ${asc[j]}`);
  assert.equal(compareSemver('1.0.0+build.1', '1.0.0+build.2'), 0, 'build metadata is ignored');
  assert.equal(compareSemver('v1.2.3', '1.2.3'), 0, 'leading v accepted');
  assert.equal(compareSemver(' =1.2.3 ', '1.2.3'), 0, 'leading = and whitespace accepted');
});

test('semver: invalid versions throw InvalidVersionError', () => {
  for (const v of ['', '1', '1.2', '01.2.3', '1.2.3-01', '1.2.3-', '1.2.3+', '1.2.3-a..b', 'x.y.z', '1.2.3.4']) {
    assert.throws(() => parseSemver(v), InvalidVersionError, v);
  }
});

function semverPairs(): { pairs: Pair[]; candidates: string[] } {
  const r = rng(0x5e3);
  const pre = ['alpha', 'beta', 'rc', '0', '1', '2', '10', '01', 'a1', '1a', '-', 'A', 'Z', 'x-y'];
  const gen = (): string => {
    let v = `${Math.floor(r() * 3)}.${Math.floor(r() * 3)}.${pick3(r)}`;
    if (r() < 0.6) v += '-' + Array.from({ length: 1 + Math.floor(r() * 3) }, () => pre[Math.floor(r() * pre.length)]).join('.');
    if (r() < 0.2) v += '+' + randomFrom(r, ['b', '1', '01', 'sha', '.'], 1, 3).replace(/^\.|\.$|\.\./g, 'x');
    if (r() < 0.1) v = 'v' + v;
    return v;
  };
  const candidates: string[] = [];
  const pairs: Pair[] = [];
  for (let i = 0; i < 5000; i++) {
    const a = gen();
    const b = r() < 0.5 ? a.replace(/[0-9a-z]$/, (c) => (c === '0' ? '1' : '0')) : gen();
    candidates.push(a, b);
    pairs.push([a, b]);
  }
  const real = [...osvVersions('npm'), ...osvVersions('crates.io')];
  candidates.push(...real);
  pairs.push(...realPairs(r, real, 3000));
  return { pairs, candidates };
}

function pick3(r: () => number): string {
  return ['0', '1', '2', '10', '11'][Math.floor(r() * 5)];
}

test('semver: agrees with node-semver on validity and order over thousands of pairs', (t) => {
  const ref = loadNodeSemver();
  if (!ref) return t.skip('node-semver not installed');
  const { pairs, candidates } = semverPairs();
  const validity = candidates.filter((v) => {
    let ours = true;
    try {
      parseSemver(v);
    } catch {
      ours = false;
    }
    return ours !== (ref.valid(v) !== null);
  });
  assert.deepEqual(validity.slice(0, 20), [], 'validity differs');
  const valid = pairs.filter(([a, b]) => ref.valid(a) !== null && ref.valid(b) !== null);
  const a = agreement(valid, valid.map(([x, y]) => ref.compare(x, y)), compareSemver);
  logAgreement('semver', 'node-semver compare', a);
  assert.ok(a.total > 5000, `only ${a.total} pairs`);
  assert.deepEqual(a.disagreements, []);
});
