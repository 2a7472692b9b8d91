import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hardenedImage, plantedSecrets, rootImage, run } from './helpers.js';

test('LS-IMG-109: mode 777 directory reported; /tmp (1777) is not', async () => {
  const hits = run('LS-IMG-109', await rootImage(plantedSecrets()));
  assert.deepEqual(hits.map((h) => [h.path, h.layer?.index, h.details?.mode]), [['/srv/data', 1, '777']]);
  assert.deepEqual(run('LS-IMG-109', await hardenedImage()), []);
});
