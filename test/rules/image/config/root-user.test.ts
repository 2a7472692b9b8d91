import { test } from 'node:test';
import assert from 'node:assert/strict';
import rule, { runsAsRoot } from '../../../../src/rules/image/config/root-user.js';
import { baseFiles, hitsOf } from './helpers.js';

test('runsAsRoot: empty, root, 0, 0:0 and root:root are root; names and uids are not', () => {
  for (const u of ['', ' ', 'root', '0', '0:0', 'root:root', '00', 'root:app']) assert.equal(runsAsRoot(u), true, u);
  for (const u of ['app', '1000', '1000:0', 'nobody:nogroup', 'rootless']) assert.equal(runsAsRoot(u), false, u);
});

test('LS-IMG-001 fires on an image without User and on User 0:0', async () => {
  const none = await hitsOf(rule, { layers: [{ files: baseFiles() }], config: {} });
  assert.equal(none.length, 1);
  assert.match(none[0]!.message, /no User/);
  const zero = await hitsOf(rule, { layers: [{ files: baseFiles() }], config: { User: '0:0' } });
  assert.equal(zero.length, 1);
  assert.match(zero[0]!.message, /"0:0"/);
});

test('LS-IMG-001 does not fire on a non-root user', async () => {
  assert.deepEqual(await hitsOf(rule, { layers: [{ files: baseFiles() }], config: { User: '10001:10001' } }), []);
});
