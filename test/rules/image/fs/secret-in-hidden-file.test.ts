import { test } from 'node:test';
import assert from 'node:assert/strict';
import { baseEntries, deletedSecretsImage, hardenedImage, imageContext, plantedSecrets, rootImage, run } from './helpers.js';
import { createRng, fakeAwsAccessKeyId } from '../../../../src/analyze/secret/fake-tokens.js';

const s = plantedSecrets();

test('LS-IMG-102: a key deleted by a whiteout and AWS keys overwritten later, with adding and hiding layer', async () => {
  const ctx = await deletedSecretsImage(s);
  const hits = run('LS-IMG-102', ctx);
  const rows = hits.map((h) => [h.path, h.line, h.layer?.index, h.details?.hiddenInLayer, h.details?.hiddenBy, h.details?.secretRuleName]);
  assert.deepEqual(rows, [
    ['/root/.ssh/id_rsa', 1, 1, 2, 'whiteout', 'private-key'],
    ['/opt/deploy.env', 1, 1, 2, 'overwritten', 'aws-access-key-id'],
    ['/opt/deploy.env', 2, 1, 2, 'overwritten', 'aws-secret-access-key'],
  ]);
  for (const h of hits) {
    assert.ok(h.severity === 'HIGH' || h.severity === 'CRITICAL', `${h.path} severity ${h.severity}`);
    assert.match(h.message, /layer 1 \(COPY dir:secrets in \/\)/);
    assert.match(h.message, /layer 2 \(rm -rf \/root\/\.ssh/);
    assert.match(h.message, /still in the image/);
  }
  const json = JSON.stringify(hits);
  for (const raw of [s.awsKeyId, s.awsSecret, s.privateKey.split('\n')[1]!]) assert.ok(!json.includes(raw), 'no raw secret');
});

test('LS-IMG-102: opaque directories and a parent replaced by a file hide too', async () => {
  const key = fakeAwsAccessKeyId(createRng(9));
  const ctx = await imageContext([
    { entries: baseEntries(), createdBy: 'base' },
    {
      entries: [
        { name: 'srv/', type: 'directory' },
        { name: 'srv/a/', type: 'directory' },
        { name: 'srv/a/k.txt', content: `AWS_ACCESS_KEY_ID=${key}\n` },
        { name: 'opt/', type: 'directory' },
        { name: 'opt/b/', type: 'directory' },
        { name: 'opt/b/k.txt', content: `AWS_ACCESS_KEY_ID=${key}\n` },
      ],
      createdBy: 'add',
    },
    { entries: [{ name: 'srv/a/', type: 'directory' }, { name: 'srv/a/.wh..wh..opq' }, { name: 'opt/b', content: 'now a file' }], createdBy: 'hide' },
  ]);
  const hits = run('LS-IMG-102', ctx);
  assert.deepEqual(hits.map((h) => [h.path, h.details?.hiddenBy, h.details?.hiddenPath, h.details?.hiddenInLayer]).sort(), [
    ['/opt/b/k.txt', 'parent-replaced', '/opt/b', 2],
    ['/srv/a/k.txt', 'opaque-dir', '/srv/a', 2],
  ].sort());
});

test('LS-IMG-102: nothing for images whose secrets are visible or absent', async () => {
  assert.deepEqual(run('LS-IMG-102', await rootImage(s)), []);
  assert.deepEqual(run('LS-IMG-102', await hardenedImage()), []);
});

test('LS-IMG-102: a file rewritten unchanged by a later layer (chown -R) is reported once, by LS-IMG-101', async () => {
  const envFile = `AWS_ACCESS_KEY_ID=${s.awsKeyId}\n`;
  const ctx = await imageContext([
    { entries: baseEntries(), createdBy: 'base' },
    { entries: [{ name: 'app/', type: 'directory' }, { name: 'app/.env', content: envFile }], createdBy: 'COPY . /app' },
    { entries: [{ name: 'app/', type: 'directory', uid: 10001 }, { name: 'app/.env', content: envFile, uid: 10001 }], createdBy: 'chown -R app /app' },
  ]);
  assert.deepEqual(run('LS-IMG-102', ctx), []);
  assert.deepEqual(run('LS-IMG-101', ctx).map((h) => [h.path, h.layer?.index]), [['/app/.env', 2]]);
  assert.deepEqual(run('LS-IMG-103', ctx).map((h) => [h.path, h.layer?.index]), [['/app/.env', 2]]);
});
