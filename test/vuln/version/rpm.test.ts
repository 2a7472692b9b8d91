import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compareRpm, parseRpm, rpmvercmp } from '../../../src/vuln/version/rpm.js';
import { InvalidVersionError } from '../../../src/vuln/version/util.js';
import { REFERENCE_DIR, type Pair, agreement, logAgreement, osvVersions, randomFrom, realPairs, rng, runReference } from './harness.js';

test('rpm: rpmvercmp documented cases', () => {
  const lt: Pair[] = [
    ['1.0~rc1', '1.0'],
    ['1.0~rc1', '1.0~rc2'],
    ['1.0~~', '1.0~'],
    ['1.0', '1.0^'],
    ['1.0^', '1.0^git1'],
    ['1.0^git1', '1.0.1'],
    ['1.0^git1', '1.01'],
    ['1.0a', '1.0.1'],
    ['a', '1'],
    ['1.9', '1.10'],
    ['2.0', '2.0.1'],
  ];
  for (const [a, b] of lt) {
    assert.equal(rpmvercmp(a, b), -1, `${a} < ${b}`);
    assert.equal(rpmvercmp(b, a), 1, `${b} > ${a}`);
  }
  assert.equal(rpmvercmp('1.0', '1_0'), 0, 'separators only separate');
  assert.equal(rpmvercmp('1.01', '1.1'), 0);
  assert.equal(compareRpm('1:1.0-1', '2.0-1'), 1, 'epoch first');
  assert.equal(compareRpm('0:1.0-1', '1.0-1'), 0);
  assert.equal(compareRpm('1.0-1.el9', '1.0-1.el9_2'), -1);
});

test('rpm: invalid versions throw InvalidVersionError', () => {
  for (const v of ['', ' ', '1 0', '1:', 'a:b:c', '1:-1']) assert.throws(() => parseRpm(v), InvalidVersionError, v);
});

function rpmPairs(): Pair[] {
  const r = rng(0x4e7);
  const frag = ['0', '1', '2', '9', '10', '01', '007', 'a', 'b', 'Z', 'rc', 'el', '~', '~', '^', '^', '.', '.', '_', '+', 'git', 'fc'];
  const gen = (evr: boolean): string => {
    let v = String(Math.floor(r() * 3)) + randomFrom(r, frag, 0, 6);
    if (evr) {
      if (r() < 0.3) v = `${Math.floor(r() * 3)}:${v}`;
      if (r() < 0.7) v += '-' + String(Math.floor(r() * 3)) + randomFrom(r, frag, 0, 3);
    }
    return v;
  };
  const pairs: Pair[] = [];
  for (let i = 0; i < 6000; i++) {
    const evr = i % 2 === 0;
    const a = gen(evr);
    const b = r() < 0.5 ? a.slice(0, Math.floor(r() * a.length)) + randomFrom(r, frag, 1, 3) : gen(evr);
    pairs.push([a, b]);
  }
  // No Red Hat / Rocky / Alma dump is in the local OSV mirror; Wolfi's versions still exercise
  // realistic shapes (they are plain dotted versions with -rN).
  pairs.push(...realPairs(r, osvVersions('Wolfi'), 2000));
  return pairs.filter(([a, b]) => {
    try {
      parseRpm(a);
      parseRpm(b);
      return true;
    } catch {
      return false;
    }
  });
}

test('rpm: agrees with rpm.vercmp (rpm lua) on thousands of pairs', (t) => {
  const pairs = rpmPairs();
  const ref = runReference('rpm', 'sh', [`${REFERENCE_DIR}/rpm.sh`], pairs, { cmd: 'rpm', args: ['--version'] });
  if (ref.skip) return t.skip(ref.skip);
  const a = agreement(pairs, ref.results!, compareRpm);
  logAgreement('rpm', 'rpm.vercmp', a);
  assert.ok(a.total > 5000, `only ${a.total} pairs`);
  assert.deepEqual(a.disagreements, []);
});
