import { test } from 'node:test';
import assert from 'node:assert/strict';
import { baseEntries, hardenedImage, imageContext, plantedSecrets, rootImage, run } from './helpers.js';

test('LS-IMG-106: duplicate UID in passwd and GID in group; UID 0 duplicates are left to LS-IMG-107', async () => {
  const hits = run('LS-IMG-106', await rootImage(plantedSecrets()));
  assert.deepEqual(hits.map((h) => [h.path, h.details?.names]), [
    ['/etc/passwd', ['app', 'worker']],
    ['/etc/group', ['app', 'dup']],
  ]);
  assert.deepEqual(run('LS-IMG-106', await hardenedImage()), []);
});

test('LS-IMG-106: distinct ids are fine even when names repeat across files', async () => {
  const ctx = await imageContext([{ createdBy: 'base', entries: baseEntries('web:x:1002:1002::/:/usr/sbin/nologin\n', '', 'web:x:1002:\n') }]);
  assert.deepEqual(run('LS-IMG-106', ctx), []);
});
