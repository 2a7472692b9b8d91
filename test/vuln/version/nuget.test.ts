import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { test } from 'node:test';
import { compareNuGet, parseNuGet } from '../../../src/vuln/version/nuget.js';
import { InvalidVersionError } from '../../../src/vuln/version/util.js';
import { type Pair, agreement, logAgreement, pick, rng } from './harness.js';

/**
 * No NuGet client runs here; vectors follow the NuGet "Package versioning" docs: the
 * prerelease precedence list (shown there in descending order), normalisation (leading zeros
 * and a zero 4th part dropped, metadata ignored) and case-insensitive labels.
 */
test('nuget: documented prerelease precedence', () => {
  const asc = ['1.0.1-aaa', '1.0.1-alpha10', '1.0.1-alpha2', '1.0.1-beta', '1.0.1-open', '1.0.1-rc', '1.0.1-zzz', '1.0.1'];
  for (let i = 0; i < asc.length; i++) for (let j = 0; j < asc.length; j++) assert.equal(compareNuGet(asc[i], asc[j]), Math.sign(i - j), `${asc[i]} ${asc[j]}`);
  const sv2 = ['1.0.0-alpha', '1.0.0-alpha.1', '1.0.0-alpha.2', '1.0.0-alpha.10', '1.0.0-alpha.beta', '1.0.0-beta', '1.0.0-rc.1', '1.0.0', '1.0.0.1', '1.0.1'];
  for (let i = 0; i < sv2.length; i++) for (let j = 0; j < sv2.length; j++) assert.equal(compareNuGet(sv2[i], sv2[j]), Math.sign(i - j), `${sv2[i]} ${sv2[j]}`);
});

test('nuget: normalisation and case-insensitivity', () => {
  const same: Pair[] = [['1.01.1', '1.1.1'], ['1.0.0.0', '1.0.0'], ['1.0', '1.0.0'], ['1', '1.0.0.0'], ['1.0.0-BETA', '1.0.0-beta'], ['1.0.0+git.abc', '1.0.0'], ['1.0.0-RC.1+meta', '1.0.0-rc.1']];
  for (const [a, b] of same) assert.equal(compareNuGet(a, b), 0, `${a} == ${b}`);
  assert.equal(compareNuGet('1.0.0-alpha', '1.0.0-Beta'), -1);
});

test('nuget: invalid versions throw InvalidVersionError', () => {
  for (const v of ['', 'v1.0', '1.0.0.0.0', '1.0-', '1.0.0-alpha..1', '1.0.0-01', 'a.b', '1.0.0+']) assert.throws(() => parseNuGet(v), InvalidVersionError, v);
});

/**
 * On strict SemVer 2.0 versions with lower-case labels NuGet's order is SemVer's, so node-semver
 * is a real oracle for that (large) subset.
 */
test('nuget: agrees with node-semver on the SemVer 2.0 subset (thousands of pairs)', (t) => {
  let ref: { compare(a: string, b: string): number; valid(v: string): string | null };
  try {
    ref = createRequire(import.meta.url)('semver') as typeof ref;
  } catch {
    return t.skip('node-semver not installed');
  }
  const r = rng(0x9e7);
  const pre = ['alpha', 'beta', 'rc', '0', '1', '2', '10', 'a1', '1a', '-', 'preview', 'x-y'];
  const gen = (): string => {
    let v = `${pick(r, ['0', '1', '2', '10'])}.${pick(r, ['0', '1', '2'])}.${pick(r, ['0', '1', '10'])}`;
    if (r() < 0.6) v += '-' + Array.from({ length: 1 + Math.floor(r() * 3) }, () => pick(r, pre)).join('.');
    if (r() < 0.1) v += '+meta.1';
    return v;
  };
  const pairs: Pair[] = [];
  for (let i = 0; i < 6000; i++) pairs.push([gen(), gen()]);
  const valid = pairs.filter(([a, b]) => ref.valid(a) !== null && ref.valid(b) !== null);
  const a = agreement(valid, valid.map(([x, y]) => ref.compare(x, y)), compareNuGet);
  logAgreement('nuget (SemVer 2.0 subset)', 'node-semver compare', a);
  assert.ok(a.total > 5000, `only ${a.total} pairs`);
  assert.deepEqual(a.disagreements, []);
});
