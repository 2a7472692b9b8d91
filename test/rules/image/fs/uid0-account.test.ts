import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hardenedImage, plantedSecrets, rootImage, run } from './helpers.js';

test('LS-IMG-107: a second UID 0 account is HIGH; root itself is not reported', async () => {
  const hits = run('LS-IMG-107', await rootImage(plantedSecrets()));
  assert.deepEqual(hits.map((h) => [h.path, h.line, h.details?.user]), [['/etc/passwd', 4, 'toor']]);
  assert.deepEqual(run('LS-IMG-107', await hardenedImage()), []);
});
