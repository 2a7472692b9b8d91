import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compareComposer, normalizeComposer, parseComposer, phpVersionCompare } from '../../../src/vuln/version/composer.js';
import { InvalidVersionError } from '../../../src/vuln/version/util.js';
import { REFERENCE_DIR, type Pair, agreement, logAgreement, osvVersions, pick, realPairs, rng, runReference } from './harness.js';

test('composer: stability order and normalisation', () => {
  const asc = ['1.0.0-dev', '1.0.0-alpha1', '1.0.0-alpha2', '1.0.0-beta', '1.0.0-b2', '1.0.0-RC1', '1.0.0', '1.0.0-patch1', '1.0.0-p2', '1.0.1', 'v1.1'];
  for (let i = 0; i < asc.length; i++) for (let j = 0; j < asc.length; j++) assert.equal(compareComposer(asc[i], asc[j]), Math.sign(i - j), `${asc[i]} ${asc[j]}`);
  assert.equal(normalizeComposer('v1.2'), '1.2.0.0');
  assert.equal(normalizeComposer('1.0-b2'), '1.0.0.0-beta2');
  assert.equal(normalizeComposer('1.0.0-pl1'), '1.0.0.0-patch1');
  assert.equal(normalizeComposer('1.0.0-stable'), '1.0.0.0');
  assert.equal(normalizeComposer('1.0.0+build.5'), '1.0.0.0');
  assert.equal(normalizeComposer('1.0.0-beta.2-dev'), '1.0.0.0-beta2-dev');
  assert.equal(compareComposer('1.0', '1.0.0.0'), 0);
});

test('composer: branch names and junk throw InvalidVersionError', () => {
  for (const v of ['', 'dev-main', '1.x-dev', 'foo', '1.0.0-gamma']) assert.throws(() => parseComposer(v), InvalidVersionError, v);
});

function rawPairs(): Pair[] {
  const r = rng(0xc0);
  // Alphanumeric runs joined by single separators: the shapes Composer's normaliser produces
  // and real versions have. (PHP's handling of stray separators and `#` is not reproduced.)
  const word = ['0', '1', '2', '10', '01', 'dev', 'alpha', 'a', 'beta', 'b', 'RC', 'rc', 'pl', 'p', 'patch', 'stable', 'x', '1a', 'b2'];
  const gen = (): string => {
    let v = pick(r, word);
    for (let k = Math.floor(r() * 5); k > 0; k--) v += pick(r, ['.', '.', '-', '_', '+', '']) + pick(r, word);
    return v;
  };
  const pairs: Pair[] = [];
  for (let i = 0; i < 6000; i++) {
    const a = gen();
    pairs.push([a, r() < 0.4 ? a + pick(r, ['.', '-', '']) + pick(r, word) : gen()]);
  }
  return pairs;
}

function composerPairs(): Pair[] {
  const r = rng(0xc1);
  const num = ['0', '1', '2', '10', '01'];
  const gen = (): string => {
    let v = (r() < 0.2 ? 'v' : '') + pick(r, num);
    for (let k = Math.floor(r() * 4); k > 0; k--) v += '.' + pick(r, num);
    if (r() < 0.5) v += pick(r, ['', '-', '.', '_']) + pick(r, ['stable', 'beta', 'b', 'RC', 'rc', 'alpha', 'a', 'patch', 'pl', 'p', 'dev']) + (r() < 0.6 ? pick(r, ['', '.', '-']) + pick(r, num) : '');
    if (r() < 0.15) v += pick(r, ['-dev', '.dev']);
    if (r() < 0.05) v += '+build1';
    return v;
  };
  const pairs: Pair[] = [];
  for (let i = 0; i < 5000; i++) pairs.push([gen(), gen()]);
  pairs.push(...realPairs(r, osvVersions('Packagist'), 3000));
  return pairs;
}

test('composer: phpVersionCompare agrees with PHP version_compare on thousands of raw pairs', (t) => {
  const pairs = rawPairs();
  const ref = runReference('php-version-compare', 'php', [`${REFERENCE_DIR}/composer.php`, 'raw'], pairs, { cmd: 'php', args: ['-v'] });
  if (ref.skip) return t.skip(ref.skip);
  const a = agreement(pairs, ref.results!, phpVersionCompare);
  logAgreement('php version_compare', 'php version_compare()', a);
  assert.deepEqual(a.disagreements, []);
});

test('composer: agrees with composer/semver (normalize + Comparator) on thousands of pairs', (t) => {
  const pairs = composerPairs();
  const ref = runReference('composer', 'php', [`${REFERENCE_DIR}/composer.php`, 'composer'], pairs, {
    cmd: 'php',
    args: ['-r', 'require "/usr/share/php/Composer/Semver/autoload.php"; new Composer\\Semver\\VersionParser();'],
  });
  if (ref.skip) return t.skip(ref.skip);
  const a = agreement(pairs, ref.results!, compareComposer);
  logAgreement('composer', 'composer/semver VersionParser+Comparator', a);
  assert.ok(a.total > 5000, `only ${a.total} pairs`);
  assert.deepEqual(a.disagreements, []);
});
