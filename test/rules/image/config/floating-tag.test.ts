import { test } from 'node:test';
import assert from 'node:assert/strict';
import rule, { tagOf } from '../../../../src/rules/image/config/floating-tag.js';
import { baseFiles, contextOf, hitsOf, scanTestImage } from './helpers.js';

test('tagOf reads tags, registries with ports, digests and OCI ref names', () => {
  assert.deepEqual(tagOf('example.com:5000/shop/api:2.1'), { tag: '2.1', pinned: false });
  assert.deepEqual(tagOf('example.com:5000/shop/api'), { pinned: false });
  assert.deepEqual(tagOf('docker-daemon:api:latest'), { tag: 'latest', pinned: false });
  assert.deepEqual(tagOf('api@sha256:0123'), { pinned: true });
  assert.deepEqual(tagOf('latest', { fromOciRefName: true }), { tag: 'latest', pinned: false });
  assert.deepEqual(tagOf('1.0', { fromOciRefName: true }), { tag: '1.0', pinned: false });
});

test('LS-IMG-005 fires (LOW) on an archive recorded only as :latest', async () => {
  const hits = await hitsOf(rule, { layers: [{ files: baseFiles() }], repoTags: ['example.com/app:latest'] });
  assert.equal(hits.length, 1);
  assert.equal(hits[0]!.severity, undefined);
  assert.match(hits[0]!.message, /example\.com\/app:latest/);
});

test('LS-IMG-005 fires (MEDIUM) on an engine reference without a tag, not with a version or digest', async () => {
  const result = await scanTestImage({ layers: [{ files: baseFiles() }], repoTags: ['example.com/app:1.0'] });
  const asEngine = (reference: string) => rule.check({ ...contextOf(result, { reference }), metadata: { ...result.metadata, sourceKind: 'docker-engine', reference } });
  const hits = asEngine('example.com/app');
  assert.equal(hits.length, 1);
  assert.equal(hits[0]!.severity, 'MEDIUM');
  assert.deepEqual(asEngine('example.com/app:1.0'), []);
  assert.deepEqual(asEngine('example.com/app@sha256:' + '0'.repeat(64)), []);
});

test('LS-IMG-005 does not fire on an archive tagged with a version (even if also latest)', async () => {
  assert.deepEqual(await hitsOf(rule, { layers: [{ files: baseFiles() }], repoTags: ['example.com/app:1.2.3', 'example.com/app:latest'] }), []);
});
