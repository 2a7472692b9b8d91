import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseIgnoreFile } from '../../src/config/ignore-file.js';
import { parseConfigFile } from '../../src/config/config-file.js';
import { ConfigError } from '../../src/errors.js';

test('.leftshiftignore: ids, path globs, expiry and reasons', () => {
  const entries = parseIgnoreFile('# header\n\nLS-DF-001\nls-df-005  docker/dev/**  exp:2027-01-31  # dev image only\nDL3007 # alias\n', '.leftshiftignore');
  assert.equal(entries.length, 3);
  assert.deepEqual(entries[0], { id: 'LS-DF-001', reason: '', line: 3, source: '.leftshiftignore' });
  assert.equal(entries[1]!.id, 'LS-DF-005');
  assert.equal(entries[1]!.path, 'docker/dev/**');
  assert.equal(entries[1]!.expires!.toISOString(), '2027-01-31T23:59:59.999Z');
  assert.equal(entries[1]!.reason, 'dev image only');
  assert.equal(entries[2]!.id, 'DL3007');
});

test('.leftshiftignore: malformed entries are config errors naming the line', () => {
  assert.throws(() => parseIgnoreFile('LS-DF-001 exp:2027-13-45\n', 'f'), (e: unknown) => e instanceof ConfigError && /f:1/.test(e.message));
  assert.throws(() => parseIgnoreFile('\nLS-DF-001 a b\n', 'f'), (e: unknown) => e instanceof ConfigError && /f:2/.test(e.message));
});

test('.leftshift.yaml: options are validated and normalised', () => {
  const cfg = parseConfigFile('severity: HIGH,critical\nfail-on: medium\nformat: sarif\nskip-rules: [ls-df-008]\nexclude-paths: ["vendor/**"]\nquiet: true\n', 'c.yaml');
  assert.deepEqual(cfg.severity, ['HIGH', 'CRITICAL']);
  assert.equal(cfg.failOn, 'MEDIUM');
  assert.equal(cfg.format, 'sarif');
  assert.deepEqual(cfg.skipRules, ['LS-DF-008']);
  assert.deepEqual(cfg.excludePaths, ['vendor/**']);
  assert.equal(cfg.quiet, true);
  assert.deepEqual(parseConfigFile('', 'empty.yaml'), { source: 'empty.yaml' });
});

test('.leftshift.yaml: unknown keys, bad severities and broken YAML are clear errors', () => {
  assert.throws(() => parseConfigFile('fail_on: HIGH\n', 'c.yaml'), /unknown option "fail_on"/);
  assert.throws(() => parseConfigFile('fail-on: SEVERE\n', 'c.yaml'), /unknown severity "SEVERE"/);
  assert.throws(() => parseConfigFile('severity: [HIGH\n', 'c.yaml'), (e: unknown) => e instanceof ConfigError && /not valid YAML/.test(e.message));
  assert.throws(() => parseConfigFile('- a\n- b\n', 'c.yaml'), /expected a mapping/);
});
