import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  InvalidVersionError,
  SCHEMES,
  type Scheme,
  UnknownEcosystemError,
  compareVersions,
  parseVersion,
  schemeForEcosystem,
} from '../../../src/vuln/version/index.js';

test('version registry: OSV ecosystems map to schemes', () => {
  const cases: [string, Scheme][] = [
    ['Debian:12', 'dpkg'],
    ['Ubuntu:22.04', 'dpkg'],
    ['Ubuntu:Pro:22.04:LTS', 'dpkg'],
    ['Alpine:v3.20', 'apk'],
    ['Wolfi', 'apk'],
    ['Chainguard', 'apk'],
    ['Red Hat', 'rpm'],
    ['Red Hat:enterprise_linux:9::appstream', 'rpm'],
    ['Rocky Linux:9', 'rpm'],
    ['AlmaLinux:9', 'rpm'],
    ['npm', 'semver'],
    ['PyPI', 'pep440'],
    ['Go', 'go'],
    ['Maven', 'maven'],
    ['crates.io', 'semver'],
    ['RubyGems', 'rubygems'],
    ['Packagist', 'composer'],
    ['NuGet', 'nuget'],
  ];
  for (const [eco, scheme] of cases) assert.equal(schemeForEcosystem(eco), scheme, eco);
  for (const eco of ['', 'Hackage', 'constructor', '__proto__']) assert.throws(() => schemeForEcosystem(eco), UnknownEcosystemError, eco);
});

test('version registry: every scheme parses and compares through the registry', () => {
  const samples: Record<Scheme, [string, string]> = {
    dpkg: ['1:1.0~rc1-1', '1:1.0-1'],
    apk: ['1.0_rc1-r0', '1.0-r0'],
    rpm: ['1.0~rc1-1.el9', '1.0-1.el9'],
    semver: ['1.0.0-rc.1', '1.0.0'],
    go: ['v1.0.0-rc.1', 'v1.0.0'],
    pep440: ['1.0rc1', '1.0'],
    maven: ['1.0-RC1', '1.0'],
    rubygems: ['1.0.rc1', '1.0'],
    composer: ['1.0.0-RC1', '1.0.0'],
    nuget: ['1.0.0-rc.1', '1.0.0'],
  };
  assert.deepEqual([...SCHEMES].sort(), Object.keys(samples).sort());
  for (const scheme of SCHEMES) {
    const [lo, hi] = samples[scheme];
    assert.equal(compareVersions(scheme, lo, hi), -1, scheme);
    assert.equal(compareVersions(scheme, hi, lo), 1, scheme);
    assert.equal(compareVersions(scheme, hi, hi), 0, scheme);
    assert.ok(parseVersion(scheme, hi) !== undefined);
    // Each scheme rejects something: whitespace inside a version is never valid.
    assert.throws(() => parseVersion(scheme, '1 .0 junk'), InvalidVersionError, scheme);
  }
});

test('cachedComparator agrees with compareVersions and remembers unparsable versions', async () => {
  const { cachedComparator, compareVersions: cv } = await import('../../../src/vuln/version/index.js');
  const cmp = cachedComparator();
  const pairs: Array<[string, string]> = [['1:2.0-1', '2.0-1'], ['1.0~rc1', '1.0'], ['2.36-9+deb12u4', '2.36-9+deb12u10']];
  for (const [a, b] of pairs) for (let i = 0; i < 2; i++) assert.equal(cmp('dpkg', a, b), cv('dpkg', a, b));
  assert.throws(() => cmp('pep440', 'not a version!', '1.0'));
  assert.throws(() => cmp('pep440', 'not a version!', '1.0'), 'the cached failure throws again');
  // The very same error each time, and per scheme: `1.0` fails as SemVer but not as PEP 440.
  const caught = () => {
    try {
      cmp('pep440', '1.0', 'not a version!');
    } catch (err) {
      return err;
    }
    return undefined;
  };
  assert.ok(caught() instanceof Error && caught() === caught());
  assert.throws(() => cmp('semver', '1.0', '1.0.0'));
  assert.equal(cmp('pep440', '1.0', '1.0.0'), 0);
  assert.equal(cmp('semver', '1.0.0', '1.0.0'), 0);
});
