import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compareApk, parseApk } from '../../../src/vuln/version/apk.js';
import { compareDpkg } from '../../../src/vuln/version/dpkg.js';
import { InvalidVersionError } from '../../../src/vuln/version/util.js';
import { REFERENCE_DIR, type Pair, agreement, logAgreement, osvVersions, pick, realPairs, rng, runReference } from './harness.js';

/**
 * No apk-tools binary runs here, so these vectors are derived from apk-tools' documented rules
 * (suffix ranks, letter after digits, -rN revision, leading-zero fractions, "more tokens is
 * greater unless a pre-release suffix follows"). Each row is strictly ascending.
 */
const ASCENDING: string[][] = [
  ['1.2_alpha', '1.2_alpha1', '1.2_alpha2', '1.2_beta', '1.2_pre1', '1.2_rc1', '1.2', '1.2_cvs', '1.2_svn', '1.2_git20200101', '1.2_hg', '1.2_p1', '1.2_p2'],
  ['1.0_alpha1-r0', '1.0_beta2-r0', '1.0_rc1-r0', '1.0-r0', '1.0_p1-r0', '1.0a-r0'],
  ['1.0', '1.0-r1', '1.0-r2', '1.0-r10', '1.0a', '1.0b', '1.0.1'],
  ['1.2_rc1', '1.2_rc1-r1', '1.2_rc2', '1.2'],
  ['1.2_p1', '1.2a'],
  ['1.00', '1.001', '1.0', '1.01', '1.1', '1.9', '1.10'],
  ['0.9.9', '1', '1.0', '1.0.0', '2'],
  ['2.4.54-r0', '2.4.55-r0', '2.4.55-r1', '2.4.56-r0'],
  ['1.1.1t-r0', '1.1.1u-r0', '1.1.1v-r0', '3.0.8-r0'],
  ['9.18.11-r0', '9.18.19-r0', '9.18.24-r0'],
  ['1.2_alpha', '1.2_alpha1', '1.2_alpha_p1', '1.2_beta', '1.2_beta_p1'],
];

test('apk: documented ordering vectors', () => {
  let n = 0;
  for (const row of ASCENDING) {
    for (let i = 0; i < row.length; i++) {
      for (let j = 0; j < row.length; j++) {
        assert.equal(compareApk(row[i], row[j]), Math.sign(i - j), `${row[i]} vs ${row[j]}`);
        n++;
      }
    }
  }
  assert.ok(n > 300);
  assert.equal(compareApk('01.2', '1.2'), 0, 'leading zeros in the first component are numeric');
  // apk-tools 2.x quirk: after a zero-led component, continuing (even with _rc) beats ending.
  assert.equal(compareApk('1.0_rc1', '1.0'), 1);
  assert.equal(compareApk('1.2_rc1', '1.2'), -1);
});

test('apk: invalid versions throw InvalidVersionError', () => {
  for (const v of ['', 'a1.0', '1.0_foo', '1.0-1', '1.0-r', '1.0-rx', '1.0A', '1.0_p1a', '1.0-r1.2', '1..']) {
    assert.throws(() => parseApk(v), InvalidVersionError, v);
  }
});

test('apk: every Alpine and Wolfi OSV version parses, and the order is consistent', () => {
  const versions = [...new Set([...osvVersions('Alpine'), ...osvVersions('Wolfi')])];
  if (versions.length === 0) return;
  const bad = versions.filter((v) => {
    try {
      parseApk(v);
      return false;
    } catch {
      return true;
    }
  });
  console.log(`# apk: ${versions.length - bad.length}/${versions.length} OSV Alpine+Wolfi versions parse; rejected e.g. ${bad.slice(0, 5).join(' ')}`);
  assert.ok(bad.length < versions.length / 1000, `too many rejects: ${bad.slice(0, 10).join(' ')}`);
  const ok = versions.filter((v) => !bad.includes(v));
  // Sorting must produce an order where every adjacent pair and random triples agree.
  const sorted = [...ok].sort(compareApk);
  for (let i = 0; i + 1 < sorted.length; i++) assert.ok(compareApk(sorted[i], sorted[i + 1]) <= 0);
  const r = rng(0xa1);
  for (let k = 0; k < 5000; k++) {
    const [x, y, z] = [pick(r, ok), pick(r, ok), pick(r, ok)];
    assert.equal(compareApk(x, y), -compareApk(y, x) || 0, `antisymmetry ${x} ${y}`);
    if (compareApk(x, y) <= 0 && compareApk(y, z) <= 0) assert.ok(compareApk(x, z) <= 0, `transitivity ${x} ${y} ${z}`);
  }
});

/**
 * Where the two grammars coincide (no `_suffix`, no zero-led component after a dot) apk and
 * dpkg order alike once `-rN` is read as a Debian revision, so libapt is a real oracle for
 * that subset of real Alpine versions.
 */
test('apk: agrees with libapt on the dpkg-compatible subset of real Alpine versions', (t) => {
  const plain = osvVersions('Alpine').filter((v) => /^[0-9]+(\.[1-9][0-9]*|\.0(?![0-9]))*[a-z]?(-r[0-9]+)?$/.test(v));
  if (plain.length === 0) return t.skip('no Alpine OSV data');
  const pairs: Pair[] = realPairs(rng(0xa2), plain, 5000);
  const ref = runReference('apk-as-dpkg', '/usr/bin/python3', [`${REFERENCE_DIR}/dpkg.py`], pairs, {
    cmd: '/usr/bin/python3',
    args: ['-c', 'import apt_pkg'],
  });
  if (ref.skip) return t.skip(ref.skip);
  const a = agreement(pairs, ref.results!, compareApk);
  logAgreement('apk (dpkg-compatible subset)', 'apt_pkg.version_compare', a);
  assert.deepEqual(a.disagreements, []);
  // And our own dpkg comparator says the same, as a guard on the subset's premise.
  assert.equal(agreement(pairs, ref.results!, compareDpkg).agree, pairs.length);
});
