import assert from 'node:assert/strict';
import { test } from 'node:test';
import { canonicalMaven, compareMaven, parseMaven } from '../../../src/vuln/version/maven.js';
import { InvalidVersionError } from '../../../src/vuln/version/util.js';
import { REFERENCE_DIR, type Pair, agreement, logAgreement, osvVersions, randomFrom, realPairs, rng, runReference } from './harness.js';

test('maven: documented ComparableVersion ordering', () => {
  const asc = ['1-alpha', '1-alpha-1', '1-beta', '1-milestone-1', '1-rc-1', '1-snapshot', '1', '1-sp', '1-abc', '1-xyz', '1-1', '1.1'];
  for (let i = 0; i < asc.length; i++) for (let j = 0; j < asc.length; j++) assert.equal(compareMaven(asc[i], asc[j]), Math.sign(i - j), `${asc[i]} ${asc[j]}`);
  const same: Pair[] = [['1', '1.0.0'], ['1-ga', '1'], ['1-final', '1'], ['1.0-RELEASE', '1'], ['1-cr1', '1-rc1'], ['1a1', '1-alpha-1'], ['1.0.0-SNAPSHOT', '1-snapshot'], ['1-0', '1']];
  for (const [a, b] of same) assert.equal(compareMaven(a, b), 0, `${a} == ${b}`);
  assert.equal(canonicalMaven(parseMaven('1.0-alpha')), '1-alpha');
});

test('maven: invalid versions throw InvalidVersionError', () => {
  for (const v of ['', '  ', '1 0']) assert.throws(() => parseMaven(v), InvalidVersionError, v);
});

function mavenPairs(): Pair[] {
  const r = rng(0x3a7);
  const frag = ['0', '1', '2', '10', '01', '00', '.', '.', '-', '-', 'alpha', 'a', 'b', 'm', 'beta', 'milestone', 'rc', 'cr', 'snapshot', 'SNAPSHOT', 'ga', 'final', 'release', 'sp', 'foo', 'x', 'RC'];
  const gen = (): string => String(Math.floor(r() * 3)) + randomFrom(r, frag, 0, 7);
  const pairs: Pair[] = [];
  for (let i = 0; i < 7000; i++) {
    const a = gen();
    pairs.push([a, r() < 0.4 ? a + randomFrom(r, frag, 1, 2) : gen()]);
  }
  pairs.push(...realPairs(r, osvVersions('Maven'), 3000));
  return pairs;
}

test('maven: agrees with maven-artifact ComparableVersion on thousands of pairs', (t) => {
  const pairs = mavenPairs();
  const ref = runReference('maven', 'sh', [`${REFERENCE_DIR}/maven.sh`], pairs, { cmd: 'javac', args: ['-version'] });
  if (ref.skip) return t.skip(ref.skip);
  const a = agreement(pairs, ref.results!, compareMaven);
  logAgreement('maven', 'ComparableVersion (maven-artifact 3.8.7)', a);
  assert.ok(a.total > 5000, `only ${a.total} pairs`);
  assert.deepEqual(a.disagreements, []);
});
