import assert from 'node:assert/strict';
import { test } from 'node:test';
import { comparePep440, parsePep440 } from '../../../src/vuln/version/pep440.js';
import { InvalidVersionError } from '../../../src/vuln/version/util.js';
import { REFERENCE_DIR, type Pair, agreement, logAgreement, osvVersions, pick, randomFrom, realPairs, rng, runReference } from './harness.js';

test('pep440: PEP 440 ordering and normalisation examples', () => {
  const asc = ['1.0.dev456', '1.0a1', '1.0a2.dev456', '1.0a12.dev456', '1.0a12', '1.0b1.dev456', '1.0b2', '1.0b2.post345.dev456', '1.0b2.post345', '1.0rc1.dev456', '1.0rc1', '1.0', '1.0+abc.5', '1.0+abc.7', '1.0+5', '1.0.post456.dev34', '1.0.post456', '1.0.15', '1.1.dev1', '1!0.1'];
  for (let i = 0; i < asc.length; i++) for (let j = 0; j < asc.length; j++) assert.equal(comparePep440(asc[i], asc[j]), Math.sign(i - j), `${asc[i]} ${asc[j]}`);
  const same: Pair[] = [['1.0.0a1', '1.0a1'], ['1.0-post1', '1.0.post1'], ['1.0-1', '1.0.post1'], ['1.0ALPHA1', '1.0a1'], ['1.0c1', '1.0rc1'], ['1.0preview2', '1.0rc2'], ['v1.0', '1.0'], ['1.0.post', '1.0.post0'], ['1.0-dev', '1.0.dev0'], ['1.0+Ubuntu-1', '1.0+ubuntu.1'], ['0!1.0', '1.0']];
  for (const [a, b] of same) assert.equal(comparePep440(a, b), 0, `${a} == ${b}`);
});

test('pep440: invalid versions throw InvalidVersionError', () => {
  for (const v of ['', 'abc', '1.0.', '1..0', '1.0+', '1.0+a..b', '1.0-', '1.0 a1', 'french toast']) assert.throws(() => parsePep440(v), InvalidVersionError, v);
});

function pepPairs(): Pair[] {
  const r = rng(0x440);
  const parts = ['0', '1', '2', '10', '01', '00'];
  const sep = ['', '.', '-', '_'];
  const gen = (): string => {
    let v = (r() < 0.1 ? `${pick(r, ['0', '1', '2'])}!` : '') + randomFrom(r, parts, 1, 1);
    for (let k = Math.floor(r() * 3); k > 0; k--) v += '.' + pick(r, parts);
    if (r() < 0.4) v += pick(r, sep) + pick(r, ['a', 'b', 'rc', 'c', 'alpha', 'beta', 'pre', 'preview', 'A', 'RC']) + (r() < 0.7 ? pick(r, sep) + pick(r, parts) : '');
    if (r() < 0.3) v += r() < 0.2 ? `-${pick(r, parts)}` : pick(r, sep) + pick(r, ['post', 'rev', 'r']) + (r() < 0.7 ? pick(r, sep) + pick(r, parts) : '');
    if (r() < 0.3) v += pick(r, sep) + 'dev' + (r() < 0.7 ? pick(r, sep) + pick(r, parts) : '');
    if (r() < 0.2) v += '+' + randomFrom(r, ['ubuntu', '1', '01', 'A', 'x', '.', '-', '_'], 1, 4);
    if (r() < 0.05) v = 'v' + v;
    if (r() < 0.03) v += '.'; // invalid on purpose
    return v;
  };
  const pairs: Pair[] = [];
  for (let i = 0; i < 6000; i++) {
    const a = gen();
    pairs.push([a, r() < 0.3 ? a.replace(/[0-9]$/, '0') : gen()]);
  }
  pairs.push(...realPairs(r, osvVersions('PyPI'), 4000));
  return pairs;
}

test('pep440: agrees with packaging.version on thousands of pairs', (t) => {
  const pairs = pepPairs();
  const ref = runReference('pep440', 'python3', [`${REFERENCE_DIR}/pep440.py`], pairs, { cmd: 'python3', args: ['-c', 'import packaging.version'] });
  if (ref.skip) return t.skip(ref.skip);
  const a = agreement(pairs, ref.results!, comparePep440);
  logAgreement('pep440', 'packaging.version.Version', a);
  assert.ok(a.total > 5000, `only ${a.total} pairs`);
  assert.deepEqual(a.disagreements, []);
});
