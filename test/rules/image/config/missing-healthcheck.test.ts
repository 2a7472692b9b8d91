import { test } from 'node:test';
import assert from 'node:assert/strict';
import rule from '../../../../src/rules/image/config/missing-healthcheck.js';
import { baseFiles, hitsOf } from './helpers.js';

test('LS-IMG-003 fires without a Healthcheck and on HEALTHCHECK NONE', async () => {
  const none = await hitsOf(rule, { layers: [{ files: baseFiles() }], config: { User: 'app' } });
  assert.equal(none.length, 1);
  assert.match(none[0]!.message, /no Healthcheck/);
  const disabled = await hitsOf(rule, { layers: [{ files: baseFiles() }], config: { Healthcheck: { Test: ['NONE'] } } });
  assert.equal(disabled.length, 1);
  assert.match(disabled[0]!.message, /disabled/);
});

test('LS-IMG-003 does not fire when a healthcheck is set', async () => {
  assert.deepEqual(await hitsOf(rule, { layers: [{ files: baseFiles() }], config: { Healthcheck: { Test: ['CMD', '/usr/local/bin/app', 'health'] } } }), []);
});
