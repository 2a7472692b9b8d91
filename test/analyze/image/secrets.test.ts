import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { FileInfo } from '../../../src/image/fs-types.js';
import { analyzeSecrets, secretsFactsOf, wantsForSecrets, MAX_FILE_BYTES, SCAN_BYTES, imageSecretsAnalyzer } from '../../../src/analyze/image/secrets.js';
import { createRng, fakeAwsAccessKeyId, fakeChecksummedToken } from '../../../src/analyze/secret/fake-tokens.js';

const file = (path: string, size = 100, type: FileInfo['type'] = 'file'): FileInfo => ({ path, type, mode: 0o644, uid: 0, gid: 0, size });
const layer = { index: 0, diffID: 'sha256:00' };
const analyze = (path: string, content: string | Buffer, truncated = false) =>
  analyzeSecrets({ path, info: file(path), content: Buffer.from(content), truncated, layer });

test('wants text files, not binaries by name, not distribution-data trees, not huge files', () => {
  assert.equal(wantsForSecrets('app/config.yaml', file('app/config.yaml')), true);
  assert.equal(wantsForSecrets('usr/local/bin/entrypoint', file('usr/local/bin/entrypoint')), true);
  assert.equal(wantsForSecrets('app/node_modules/x/index.js', file('app/node_modules/x/index.js')), true);
  assert.equal(wantsForSecrets('usr/lib/x86_64-linux-gnu/libssl.so.3', file('usr/lib/x86_64-linux-gnu/libssl.so.3')), false);
  assert.equal(wantsForSecrets('app/logo.PNG', file('app/logo.PNG')), false);
  assert.equal(wantsForSecrets('app/lib/a.jar', file('app/lib/a.jar')), false);
  assert.equal(wantsForSecrets('usr/share/doc/bash/README', file('usr/share/doc/bash/README')), false);
  assert.equal(wantsForSecrets('var/lib/apt/lists/deb_Packages', file('var/lib/apt/lists/deb_Packages')), false);
  assert.equal(wantsForSecrets('app/big.json', file('app/big.json', MAX_FILE_BYTES + 1)), false);
  assert.equal(wantsForSecrets('app/empty', file('app/empty', 0)), false);
  assert.equal(wantsForSecrets('app', file('app', 0, 'dir')), false);
  assert.equal(wantsForSecrets('app/link', file('app/link', 100, 'hardlink')), true);
  // Credential names are wanted whatever their extension, size or tree.
  assert.equal(wantsForSecrets('app/keys/client.p12', file('app/keys/client.p12', MAX_FILE_BYTES * 2)), true);
  assert.equal(wantsForSecrets('usr/share/doc/x/.env', file('usr/share/doc/x/.env')), true);
  assert.equal(wantsForSecrets('home/app/.ssh/authorized_keys', file('home/app/.ssh/authorized_keys', 0)), true);
  assert.equal(imageSecretsAnalyzer.maxBytes, SCAN_BYTES);
});

test('secrets come out redacted, with line and rule, and JSON-serialisable', () => {
  const key = fakeAwsAccessKeyId(createRng(3));
  const gh = fakeChecksummedToken(createRng(4), 'ghp_');
  const out = analyze('app/settings.py', `DEBUG = False\nAWS_ACCESS_KEY_ID = "${key}"\nGITHUB = "${gh}"\n`);
  const facts = secretsFactsOf(out!)!;
  assert.deepEqual(facts.secrets.map((s) => [s.ruleName, s.line]), [
    ['aws-access-key-id', 2],
    ['github-pat', 3],
  ]);
  const json = JSON.stringify(out);
  assert.deepEqual(JSON.parse(json), out);
  assert.ok(!json.includes(key) && !json.includes(gh), 'no raw secret in the output');
  assert.equal(facts.sensitiveFile, undefined);
});

test('binary content is not scanned; nothing found means no output', () => {
  const key = fakeAwsAccessKeyId(createRng(5));
  assert.equal(analyze('usr/bin/tool', Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0]), Buffer.from(`AWS_ACCESS_KEY_ID=${key}`)])), undefined);
  assert.equal(analyze('app/readme.txt', 'password_field = forms.CharField()\n'), undefined);
});

test('credential files by name, confirmed by content where the name is ambiguous', () => {
  assert.equal(secretsFactsOf(analyze('root/.bash_history', 'ls\ncd /\n')!)?.sensitiveFile?.name, 'shell-history');
  // An .npmrc without a token is harmless; with one it is confirmed.
  assert.equal(analyze('root/.npmrc', 'registry=https://registry.npmjs.org/\n'), undefined);
  const npmrc = secretsFactsOf(analyze('root/.npmrc', '//registry.example.com/:_authToken=abcdef0123456789abcdef\n')!)!;
  assert.equal(npmrc.sensitiveFile?.name, 'npmrc-with-credentials');
  assert.equal(npmrc.sensitiveFile?.confirmed, true);
  // Binary content cannot confirm a name that needs confirming (a DER .key).
  assert.equal(analyze('etc/ssl/private/server.key', Buffer.from([0x30, 0x82, 0, 1, 2])), undefined);
  assert.equal(secretsFactsOf(analyze('home/app/.ssh/authorized_keys', 'ssh-ed25519 AAAAC3Nza app@host\n')!)?.sensitiveFile?.id, 'authorized-keys');
  assert.equal(analyze('home/app/.ssh/authorized_keys', ''), undefined);
});

test('truncation is recorded', () => {
  const key = fakeAwsAccessKeyId(createRng(6));
  const facts = secretsFactsOf(analyze('app/a.txt', `K=${key}\n`, true)!)!;
  assert.equal(facts.truncated, true);
});
