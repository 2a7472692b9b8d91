import { test } from 'node:test';
import assert from 'node:assert/strict';
import { normalizeName, normalizeRelease, splitEcosystem } from '../../../src/vuln/db/ecosystem.js';

test('splitEcosystem: base and release at the first colon', () => {
  assert.deepEqual(splitEcosystem('Debian:12'), { base: 'Debian', release: '12' });
  assert.deepEqual(splitEcosystem('Alpine:v3.20'), { base: 'Alpine', release: 'v3.20' });
  assert.deepEqual(splitEcosystem('Ubuntu:Pro:22.04:LTS'), { base: 'Ubuntu', release: 'Pro:22.04:LTS' });
  assert.deepEqual(splitEcosystem('PyPI'), { base: 'PyPI', release: '' });
});

test('normalizeRelease: Alpine gains the v OSV uses; others untouched', () => {
  assert.equal(normalizeRelease('Alpine', '3.20'), 'v3.20');
  assert.equal(normalizeRelease('Alpine', 'v3.20'), 'v3.20');
  assert.equal(normalizeRelease('Debian', '12'), '12');
});

test('normalizeName per ecosystem', () => {
  assert.equal(normalizeName('PyPI', 'Django'), 'django');
  assert.equal(normalizeName('PyPI', 'zope.interface'), 'zope-interface');
  assert.equal(normalizeName('PyPI', 'Foo__Bar-.baz'), 'foo-bar-baz');
  assert.equal(normalizeName('Maven', 'org.apache.logging.log4j/log4j-core'), 'org.apache.logging.log4j:log4j-core');
  assert.equal(normalizeName('Maven', 'org.apache.logging.log4j:log4j-core'), 'org.apache.logging.log4j:log4j-core');
  assert.equal(normalizeName('npm', '@Babel/Core'), '@Babel/Core', 'npm is case-sensitive as written');
  assert.equal(normalizeName('Go', 'github.com/BurntSushi/toml'), 'github.com/BurntSushi/toml');
  assert.equal(normalizeName('Debian', 'openssl'), 'openssl');
  assert.equal(normalizeName('crates.io', 'Serde_JSON'), 'serde-json');
  assert.equal(normalizeName('NuGet', 'Newtonsoft.Json'), 'newtonsoft.json');
});
