import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compareGo, isPseudoVersion, parseGo } from '../../../src/vuln/version/go.js';
import { InvalidVersionError } from '../../../src/vuln/version/util.js';
import { REFERENCE_DIR, type Pair, agreement, logAgreement, osvVersions, pick, realPairs, rng, runReference } from './harness.js';

test('go: pseudo-versions and +incompatible order as the go command documents', () => {
  const asc = [
    'v0.0.0-20190101000000-aaaaaaaaaaaa',
    'v0.0.0-20210101000000-abcdef123456',
    'v0.1.0',
    'v1.2.3-pre',
    'v1.2.3-pre.0.20210101000000-abcdef123456', // pseudo after a prerelease tag
    'v1.2.3',
    'v1.2.4-0.20210101000000-abcdef123456', // pseudo after a release tag
    'v1.2.4',
    'v2.0.0+incompatible',
    'v2.0.1+incompatible',
  ];
  for (let i = 0; i < asc.length; i++) for (let j = 0; j < asc.length; j++) assert.equal(compareGo(asc[i], asc[j]), Math.sign(i - j), `${asc[i]} ${asc[j]}`);
  assert.equal(compareGo('v1', 'v1.0.0'), 0);
  assert.equal(compareGo('v1.2', 'v1.2.0'), 0);
  assert.equal(compareGo('1.2.3', 'v1.2.3'), 0, 'OSV omits the v');
  assert.equal(compareGo('v2.0.0+incompatible', 'v2.0.0'), 0, 'build metadata ignored');
  assert.ok(isPseudoVersion(parseGo('v0.0.0-20210101000000-abcdef123456')));
  assert.ok(isPseudoVersion(parseGo('v1.2.4-0.20210101000000-abcdef123456')));
  assert.ok(!isPseudoVersion(parseGo('v1.2.4-rc.1')));
});

test('go: invalid versions throw InvalidVersionError', () => {
  for (const v of ['', 'v', 'v1.2-pre', 'v01.2.3', 'v1.2.3.4', 'latest', 'v1.2.3-', 'vv1.2.3', '=1.2.3']) assert.throws(() => parseGo(v), InvalidVersionError, v);
});

function goPairs(): Pair[] {
  const r = rng(0x90);
  const num = ['0', '1', '2', '10', '01'];
  const pre = ['alpha', 'beta', 'rc', '0', '1', '2', '10', '01', 'pre', 'a1', '1a'];
  const time = (): string => `20${pick(r, ['19', '20', '21'])}${pick(r, ['01', '06', '12'])}${pick(r, ['01', '15'])}${pick(r, ['000000', '123456'])}`;
  const hash = (): string => pick(r, ['abcdef123456', '000000000000', 'ffffffffffff']);
  const gen = (): string => {
    const k = r();
    if (k < 0.15) return `v${pick(r, num)}`;
    if (k < 0.3) return `v${pick(r, num)}.${pick(r, num)}`;
    let v = `v${pick(r, num)}.${pick(r, num)}.${pick(r, num)}`;
    const p = r();
    if (p < 0.2) v += `-${time()}-${hash()}`;
    else if (p < 0.35) v += `-0.${time()}-${hash()}`;
    else if (p < 0.6) v += '-' + Array.from({ length: 1 + Math.floor(r() * 3) }, () => pick(r, pre)).join('.');
    if (r() < 0.15) v += '+incompatible';
    return v;
  };
  const pairs: Pair[] = [];
  for (let i = 0; i < 5000; i++) pairs.push([gen(), gen()]);
  // x/mod/semver requires the v; OSV's Go versions do not have it.
  pairs.push(...realPairs(r, osvVersions('Go').map((v) => (v.startsWith('v') ? v : `v${v}`)), 4000));
  return pairs;
}

test('go: agrees with golang.org/x/mod/semver (vendored in the Go toolchain)', (t) => {
  const pairs = goPairs();
  const ref = runReference('go', 'sh', [`${REFERENCE_DIR}/gosemver.sh`], pairs, { cmd: 'go', args: ['version'] });
  if (ref.skip) return t.skip(ref.skip);
  // The reference prints INVALID when either side is invalid; ours must then throw.
  const a = agreement(pairs, ref.results!, compareGo);
  logAgreement('go', 'x/mod/semver Compare/IsValid', a);
  assert.ok(a.total > 5000, `only ${a.total} pairs`);
  assert.deepEqual(a.disagreements, []);
});
