import { test } from 'node:test';
import assert from 'node:assert/strict';
import { deletedSecretsImage, hardenedImage, imageContext, baseEntries, plantedSecrets, rootImage, run } from './helpers.js';

const s = plantedSecrets();

test('LS-IMG-101: a secret a RUN step wrote from a build argument is reported with file, line and layer, redacted', async () => {
  const ctx = await rootImage(s);
  const hits = run('LS-IMG-101', ctx);
  assert.deepEqual(hits.map((h) => [h.path, h.line, h.layer?.index]), [['/etc/app/db.conf', 2, 1]]);
  assert.equal(hits[0]!.layer?.diffID, ctx.layers[1]!.diffID);
  const json = JSON.stringify(hits);
  assert.ok(!json.includes(s.dbPassword), 'the password appears only redacted (also not from the history step quoted in the message)');
  assert.match(hits[0]!.message, /DB_PASSWORD=\*\*\*/);
});

test('LS-IMG-101: files deleted or overwritten later are not "in the final filesystem"', async () => {
  assert.deepEqual(run('LS-IMG-101', await deletedSecretsImage(s)), []);
  assert.deepEqual(run('LS-IMG-101', await hardenedImage()), []);
});

test('LS-IMG-101: a private key is at least HIGH', async () => {
  const ctx = await imageContext([
    { entries: baseEntries(), createdBy: 'base' },
    { entries: [{ name: 'app/', type: 'directory' }, { name: 'app/tls.key', content: s.privateKey }], createdBy: 'COPY tls.key /app/' },
  ]);
  const hits = run('LS-IMG-101', ctx);
  assert.equal(hits.length, 1);
  assert.ok(hits[0]!.severity === 'HIGH' || hits[0]!.severity === 'CRITICAL');
  assert.ok(!JSON.stringify(hits).includes(s.privateKey.split('\n')[1]!), 'key body not in the hit');
});

test('LS-IMG-101/103: keys among a dependency\'s test fixtures are kept but LOW and marked', async () => {
  const ctx = await imageContext([
    { entries: baseEntries(), createdBy: 'base' },
    {
      createdBy: 'npm ci',
      entries: [
        { name: 'app/node_modules/ssh2/test/fixtures/id_rsa', content: s.privateKey },
        { name: 'app/node_modules/ssh2/lib/keys/id_rsa', content: s.privateKey },
      ],
    },
  ]);
  for (const id of ['LS-IMG-101', 'LS-IMG-103']) {
    const hits = run(id, ctx);
    assert.deepEqual(hits.map((h) => [h.path, h.severity, h.details?.likelyDependencyFixture]).sort(), [
      ['/app/node_modules/ssh2/lib/keys/id_rsa', 'HIGH', undefined],
      ['/app/node_modules/ssh2/test/fixtures/id_rsa', 'LOW', true],
    ], id);
  }
});
