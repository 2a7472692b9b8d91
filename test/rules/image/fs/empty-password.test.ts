import { test } from 'node:test';
import assert from 'node:assert/strict';
import { baseEntries, hardenedImage, imageContext, plantedSecrets, rootImage, run } from './helpers.js';

test('LS-IMG-104: login account with an empty shadow password', async () => {
  const hits = run('LS-IMG-104', await rootImage(plantedSecrets()));
  assert.deepEqual(hits.map((h) => [h.path, h.line, h.details?.user]), [['/etc/shadow', 5, 'worker']]);
});

test('LS-IMG-104: an empty password in passwd itself; nologin accounts and locked ones are fine', async () => {
  const ctx = await imageContext([
    {
      createdBy: 'base',
      entries: baseEntries('legacy::1002:1002::/home/legacy:/bin/sh\nsvc:x:1003:1003::/:/usr/sbin/nologin\n', 'svc::19000::::::\n'),
    },
  ]);
  assert.deepEqual(run('LS-IMG-104', ctx).map((h) => [h.path, h.details?.user]), [['/etc/passwd', 'legacy']]);
  assert.deepEqual(run('LS-IMG-104', await hardenedImage()), []);
});
