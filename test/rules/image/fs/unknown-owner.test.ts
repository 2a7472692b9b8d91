import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hardenedImage, imageContext, plantedSecrets, rootImage, run } from './helpers.js';

test('LS-IMG-110: files of an unknown UID are grouped in one hit per UID', async () => {
  const hits = run('LS-IMG-110', await rootImage(plantedSecrets()));
  assert.deepEqual(hits.map((h) => [h.details?.uid, h.details?.files, h.details?.sample]), [[1234, 2, ['/srv/release/app.js', '/srv/release/lib.js']]]);
  // The hardened image's files belong to UID 10001, which exists.
  assert.deepEqual(run('LS-IMG-110', await hardenedImage()), []);
});

test('LS-IMG-110: no /etc/passwd, nothing to compare to', async () => {
  const ctx = await imageContext([{ createdBy: 'scratch', entries: [{ name: 'app', content: 'x', uid: 1234 }] }]);
  assert.deepEqual(run('LS-IMG-110', ctx), []);
});
