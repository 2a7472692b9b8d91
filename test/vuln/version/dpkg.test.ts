import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { compareDpkg, parseDpkg } from '../../../src/vuln/version/dpkg.js';
import { InvalidVersionError } from '../../../src/vuln/version/util.js';
import { REFERENCE_DIR, type Pair, agreement, logAgreement, osvVersions, randomFrom, realPairs, rng, runReference } from './harness.js';

test('dpkg: Policy examples', () => {
  const lt: Pair[] = [
    ['1.0~rc1', '1.0'],
    ['1.0~~', '1.0~'],
    ['1.0~', '1.0'],
    ['1.0', '1.0a'],
    ['1.0a', '1.0+'],
    ['1.0', '1.0.1'],
    ['1.0-1', '1.0-1ubuntu1'],
    ['2.0', '1:1.0'],
    ['1.9', '1.10'],
    ['1.0-1', '1.0-2'],
    ['1.0-9', '1.0-10'],
  ];
  for (const [a, b] of lt) {
    assert.equal(compareDpkg(a, b), -1, `${a} < ${b}`);
    assert.equal(compareDpkg(b, a), 1, `${b} > ${a}`);
  }
  assert.equal(compareDpkg('1.0', '1.0-0'), 0);
  assert.equal(compareDpkg('0:1.0', '1.0'), 0);
  assert.equal(compareDpkg('1.01', '1.1'), 0);
});

test('dpkg: invalid versions throw InvalidVersionError', () => {
  for (const v of ['', 'a:1.0', '1.0-', '1 0', ':1.0', '1:-1']) {
    assert.throws(() => parseDpkg(v), InvalidVersionError, v);
  }
});

function dpkgPairs(): Pair[] {
  const r = rng(0xd9c6);
  let status: string[] = [];
  try {
    status = readFileSync('/var/lib/dpkg/status', 'utf8')
      .split('\n')
      .filter((l) => l.startsWith('Version: '))
      .map((l) => l.slice(9).trim());
  } catch {
    // No dpkg database on this host: the OSV versions and random ones still apply.
  }
  const real = [...new Set([...status, ...osvVersions('Debian')])];
  const pairs = realPairs(r, real, 4000);
  const frag = ['0', '1', '2', '9', '10', '01', '00', '99', 'a', 'b', 'z', 'A', 'Z', '~', '~', '+', '.', '.', '-', 'ubuntu', 'deb', 'dfsg', '~rc', '+b'];
  const gen = (): string => {
    const epoch = r() < 0.2 ? `${Math.floor(r() * 3)}:` : '';
    const up = String(Math.floor(r() * 3)) + randomFrom(r, frag, 0, 5);
    const rev = r() < 0.6 ? '-' + randomFrom(r, frag.filter((f) => f !== '-'), 1, 4) : '';
    return epoch + up + rev;
  };
  for (let i = 0; i < 4000; i++) {
    const a = gen();
    // Half the random pairs share a prefix so they differ only in the tail, where the rules bite.
    const b = r() < 0.5 ? a.slice(0, Math.floor(r() * a.length)) + randomFrom(r, frag, 1, 3) : gen();
    pairs.push([a, b]);
  }
  // The reference compares anything; we reject what dpkg itself rejects, so keep only valid pairs.
  return pairs.filter(([a, b]) => {
    try {
      parseDpkg(a);
      parseDpkg(b);
      return true;
    } catch {
      return false;
    }
  });
}

test('dpkg: agrees with libapt (python3-apt) on thousands of pairs', (t) => {
  const pairs = dpkgPairs();
  const ref = runReference('dpkg', '/usr/bin/python3', [`${REFERENCE_DIR}/dpkg.py`], pairs, {
    cmd: '/usr/bin/python3',
    args: ['-c', 'import apt_pkg'],
  });
  if (ref.skip) return t.skip(ref.skip);
  const a = agreement(pairs, ref.results!, compareDpkg);
  logAgreement('dpkg', 'apt_pkg.version_compare', a);
  assert.ok(a.total > 5000, `only ${a.total} pairs`);
  assert.deepEqual(a.disagreements, []);
});
