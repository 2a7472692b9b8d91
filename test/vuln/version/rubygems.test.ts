import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compareRubyGems, parseRubyGems } from '../../../src/vuln/version/rubygems.js';
import { InvalidVersionError } from '../../../src/vuln/version/util.js';
import { REFERENCE_DIR, type Pair, agreement, logAgreement, osvVersions, pick, realPairs, rng, runReference } from './harness.js';

test('rubygems: Gem::Version documented ordering', () => {
  const asc = ['1.0.a', '1.0.a.1', '1.0.b1', '1.0.rc1', '1.0', '1.0.1', '1.1.a', '1.1', '1.10'];
  for (let i = 0; i < asc.length; i++) for (let j = 0; j < asc.length; j++) assert.equal(compareRubyGems(asc[i], asc[j]), Math.sign(i - j), `${asc[i]} ${asc[j]}`);
  const same: Pair[] = [['1', '1.0.0'], ['1.0.a.0', '1.a'], ['1.0-rc1', '1.0.pre.rc1'], ['', '0'], [' 1.2 ', '1.2'], ['1.01', '1.1']];
  for (const [a, b] of same) assert.equal(compareRubyGems(a, b), 0, `${a} == ${b}`);
  assert.ok(parseRubyGems('1.0.a').prerelease);
  assert.ok(!parseRubyGems('1.0').prerelease);
});

test('rubygems: invalid versions throw InvalidVersionError', () => {
  for (const v of ['a', '1..2', '1.', '1.0_1', '1.0-', 'junk']) assert.throws(() => parseRubyGems(v), InvalidVersionError, v);
});

function gemPairs(): Pair[] {
  const r = rng(0x6e3);
  const word = ['0', '1', '2', '10', '01', '00', 'a', 'b', 'pre', 'rc', 'A', 'Z', 'beta', 'x', 'rc1', '1a', 'b2'];
  const sep = ['.', '.', '.', '-', ''];
  const gen = (): string => {
    let v = String(Math.floor(r() * 3));
    for (let k = Math.floor(r() * 5); k > 0; k--) v += pick(r, sep) + pick(r, word);
    // A few deliberately invalid shapes (trailing or doubled separators, `_`).
    if (r() < 0.05) v += pick(r, ['.', '..1', '_1', '-']);
    return v;
  };
  const pairs: Pair[] = [];
  for (let i = 0; i < 7000; i++) {
    const a = gen();
    pairs.push([a, r() < 0.4 ? a + pick(r, sep) + pick(r, word) : gen()]);
  }
  pairs.push(...realPairs(r, osvVersions('RubyGems'), 3000));
  return pairs;
}

test('rubygems: agrees with Gem::Version on thousands of pairs', (t) => {
  const pairs = gemPairs();
  const ref = runReference('rubygems', 'ruby', [`${REFERENCE_DIR}/rubygems.rb`], pairs, { cmd: 'ruby', args: ['-e', 'Gem::Version'] });
  if (ref.skip) return t.skip(ref.skip);
  const a = agreement(pairs, ref.results!, compareRubyGems);
  logAgreement('rubygems', 'Gem::Version', a);
  assert.ok(a.total > 5000, `only ${a.total} pairs`);
  assert.deepEqual(a.disagreements, []);
});
