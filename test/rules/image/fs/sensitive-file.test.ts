import { test } from 'node:test';
import assert from 'node:assert/strict';
import { baseEntries, deletedSecretsImage, hardenedImage, imageContext, plantedSecrets, run } from './helpers.js';

const s = plantedSecrets();

test('LS-IMG-103: a deleted SSH key is reported with the layer that added and the one that hid it', async () => {
  const hits = run('LS-IMG-103', await deletedSecretsImage(s));
  assert.deepEqual(hits.map((h) => [h.path, h.layer?.index, h.details?.hiddenInLayer, h.details?.classificationName, h.details?.inFinalFilesystem]), [
    ['/root/.ssh/id_rsa', 1, 2, 'ssh-private-key-file', false],
  ]);
});

test('LS-IMG-103: credential files by name, confirmed by content; .git directories with their file count', async () => {
  const ctx = await imageContext([
    { entries: baseEntries(), createdBy: 'base' },
    {
      createdBy: 'COPY . /',
      entries: [
        { name: 'root/.aws/credentials', content: '[default]\nregion = eu-west-1\n' },
        { name: 'root/.docker/config.json', content: '{"auths":{"registry.example.com":{"auth":"dXNlcjpzM2NyM3RwYXNzd29yZA=="}}}' },
        { name: 'home/app/.docker/config.json', content: '{"credsStore":"desktop"}' },
        { name: 'root/.bash_history', content: 'ls\n' },
        { name: 'app/infra/prod.tfstate', content: '{"version":4}' },
        { name: 'home/app/.ssh/authorized_keys', content: 'ssh-ed25519 AAAAC3Nza admin@host\n' },
        { name: 'app/.git/', type: 'directory' },
        { name: 'app/.git/HEAD', content: 'ref: refs/heads/main\n' },
        { name: 'app/.git/config', content: '[core]\n' },
        { name: 'app/.git/objects/', type: 'directory' },
        { name: 'app/.git/objects/ab', content: 'x' },
      ],
    },
  ]);
  const hits = run('LS-IMG-103', ctx);
  const got = hits.map((h) => [h.path, h.details?.classificationName ?? h.details?.classification, h.severity]).sort();
  assert.deepEqual(got, [
    ['/app/.git', 'git-directory', 'MEDIUM'],
    ['/app/infra/prod.tfstate', 'terraform-state', 'HIGH'],
    ['/home/app/.ssh/authorized_keys', 'ssh-authorized-keys', 'MEDIUM'],
    ['/root/.aws/credentials', 'aws-credentials-file', 'CRITICAL'],
    ['/root/.bash_history', 'shell-history', 'MEDIUM'],
    ['/root/.docker/config.json', 'docker-config-file', 'HIGH'],
  ]);
  assert.equal(hits.find((h) => h.path === '/app/.git')!.details?.files, 3);
});

test('LS-IMG-103: templates and public keys are not credentials', async () => {
  assert.deepEqual(run('LS-IMG-103', await hardenedImage()), []);
});
