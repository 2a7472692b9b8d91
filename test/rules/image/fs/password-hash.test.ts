import { test } from 'node:test';
import assert from 'node:assert/strict';
import { baseEntries, hardenedImage, imageContext, plantedSecrets, rootImage, run } from './helpers.js';

test('LS-IMG-105: a password hash for a UID 0 login account is HIGH and the hash is not shown', async () => {
  const hits = run('LS-IMG-105', await rootImage(plantedSecrets()));
  assert.deepEqual(hits.map((h) => [h.path, h.line, h.details?.user, h.severity]), [['/etc/shadow', 4, 'toor', 'HIGH']]);
  assert.ok(!JSON.stringify(hits).includes('saltsalt'));
});

test('LS-IMG-105: a hash for a service account with nologin is not reported; one for a normal user is MEDIUM (rule default)', async () => {
  const ctx = await imageContext([
    {
      createdBy: 'base',
      entries: baseEntries(
        'dev:x:1002:1002::/home/dev:/bin/bash\nsvc:x:1003:1003::/:/usr/sbin/nologin\n',
        'dev:$y$j9T$abcdefghijkl$mnopqrstuvwxyz0123456789ABCDEFGHIJK:19000::::::\nsvc:$y$j9T$abcdefghijkl$mnopqrstuvwxyz0123456789ABCDEFGHIJK:19000::::::\n',
      ),
    },
  ]);
  assert.deepEqual(run('LS-IMG-105', ctx).map((h) => [h.details?.user, h.severity]), [['dev', undefined]]);
  assert.deepEqual(run('LS-IMG-105', await hardenedImage()), []);
});
