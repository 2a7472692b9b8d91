import { test } from 'node:test';
import assert from 'node:assert/strict';
import { imageFsAnalyzers, imageFsRules } from '../../../../src/rules/image/fs/index.js';
import { toFinding } from '../../../../src/scan/to-finding.js';
import { deletedSecretsImage, hardenedImage, plantedSecrets, rootImage } from './helpers.js';

test('rule metadata: LS-IMG-1xx ids, image phase, docs with a failing and a passing example', () => {
  const ids = imageFsRules.map((r) => r.meta.id);
  assert.equal(new Set(ids).size, ids.length);
  for (const { meta } of imageFsRules) {
    assert.match(meta.id, /^LS-IMG-1\d\d$/);
    assert.equal(meta.phase, 'image');
    assert.ok((meta.docs.match(/```/g) ?? []).length >= 4, `${meta.id} docs need two examples`);
    assert.match(meta.docs, /Fails/);
    assert.ok(meta.remediation.length > 20);
  }
  assert.deepEqual(imageFsAnalyzers.map((a) => a.name), ['image-secrets', 'accounts']);
});

test('the hardened image (non-root, no secrets, sane permissions) is clean for every filesystem rule', async () => {
  const ctx = await hardenedImage();
  const hits = imageFsRules.flatMap((r) => r.check(ctx).map((h) => `${r.meta.id} ${h.message}`));
  assert.deepEqual(hits, []);
});

test('no planted secret appears in full in any serialised finding or analyzer output', async () => {
  const s = plantedSecrets();
  const findings = [];
  const outputs = [];
  for (const ctx of [await deletedSecretsImage(s), await rootImage(s)]) {
    for (const r of imageFsRules) for (const h of r.check(ctx)) findings.push(toFinding(r.meta, h, 'memory'));
    // Only the analyzers' outputs: the walk's LayerRef quotes the history step verbatim (not ours).
    outputs.push([...ctx.walk.effective, ...ctx.walk.shadowed].map((o) => o.output));
  }
  assert.ok(findings.length >= 10);
  const keyLines = s.privateKey.split('\n').filter((l) => l && !l.startsWith('-----'));
  for (const text of [JSON.stringify(findings), JSON.stringify(outputs)]) {
    for (const raw of [s.awsKeyId, s.awsSecret, s.dbPassword, ...keyLines]) assert.ok(!text.includes(raw), `raw secret leaked: ${raw.slice(0, 4)}…`);
  }
});

test('dependency fixture paths: test/example dirs inside dependency trees only', async () => {
  const { isDependencyFixture } = await import('../../../../src/rules/image/fs/shared.js');
  assert.equal(isDependencyFixture('app/node_modules/ssh2/test/fixtures/id_rsa'), true);
  assert.equal(isDependencyFixture('usr/lib/python3/dist-packages/paramiko/tests/test_rsa.key'), true);
  assert.equal(isDependencyFixture('app/test/fixtures/id_rsa'), false, "the image's own tests are not a dependency's");
  assert.equal(isDependencyFixture('app/node_modules/x/lib/key.pem'), false);
  assert.equal(isDependencyFixture('app/node_modules/test/key.pem'), false, 'a package named test is not a test dir');
});
