import { test } from 'node:test';
import assert from 'node:assert/strict';
import rule, { creationTime } from '../../../../src/rules/image/config/image-age.js';
import { baseFiles, hitsOf, NOW } from './helpers.js';

test('creationTime ignores missing, invalid and placeholder dates', () => {
  for (const c of [undefined, '', 'yesterday', '0001-01-01T00:00:00Z', '1970-01-01T00:00:00Z']) assert.equal(creationTime(c), undefined, String(c));
  assert.equal(creationTime('2026-01-02T03:04:05Z')?.toISOString(), '2026-01-02T03:04:05.000Z');
});

test('LS-IMG-006 fires on an image older than maxAgeDays and says its age', async () => {
  const hits = await hitsOf(rule, { layers: [{ files: baseFiles() }], created: '2025-11-29T12:00:00Z' }, { now: NOW, maxAgeDays: 90 });
  assert.equal(hits.length, 1);
  assert.equal(hits[0]!.details?.ageDays, 365);
  assert.match(hits[0]!.message, /365 days ago/);
  // The same image passes with a larger limit.
  assert.deepEqual(await hitsOf(rule, { layers: [{ files: baseFiles() }], created: '2025-11-29T12:00:00Z' }, { now: NOW, maxAgeDays: 400 }), []);
});

test('LS-IMG-006 does not fire on a recent image or one without a real creation time', async () => {
  assert.deepEqual(await hitsOf(rule, { layers: [{ files: baseFiles() }], created: '2026-11-20T00:00:00Z' }), []);
  assert.deepEqual(await hitsOf(rule, { layers: [{ files: baseFiles() }], created: null }), []);
  assert.deepEqual(await hitsOf(rule, { layers: [{ files: baseFiles() }], created: '1970-01-01T00:00:00Z' }), []);
});
