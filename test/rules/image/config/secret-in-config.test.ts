import { test } from 'node:test';
import assert from 'node:assert/strict';
import rule, { secretsIn } from '../../../../src/rules/image/config/secret-in-config.js';
import { createRng, fakeChecksummedToken } from '../../../../src/analyze/secret/fake-tokens.js';
import { baseFiles, hitsOf } from './helpers.js';

// Generated at run time (valid checksum) so no token-shaped literal sits in the source.
const GH = fakeChecksummedToken(createRng(7), 'ghp_');
const PASSWORD = 'Sup3rS3cretPassw0rd';

function serialized(x: unknown): string {
  return JSON.stringify(x);
}

test('LS-IMG-002 reports a token in Env (CRITICAL), a password label (HIGH) and a build arg in history with its layer', async () => {
  const hits = await hitsOf(rule, {
    layers: [
      { files: baseFiles(), createdBy: '/bin/sh -c #(nop) ADD file:abc in /' },
      { files: [{ name: 'app/', type: 'directory' }], createdBy: `|1 DB_PASSWORD=${PASSWORD} /bin/sh -c npm ci` },
    ],
    config: { User: 'app', Env: ['PATH=/usr/bin', `GITHUB_TOKEN=${GH}`], Labels: { 'com.example.db-password': PASSWORD, maintainer: 'x@example.com' } },
  });
  const env = hits.filter((h) => h.details?.source === 'env');
  assert.equal(env.length, 1);
  assert.equal(env[0]!.severity, 'CRITICAL');
  assert.match(env[0]!.message, /GITHUB_TOKEN/);
  const label = hits.filter((h) => h.details?.source === 'label');
  assert.equal(label.length, 1);
  assert.equal(label[0]!.severity, 'HIGH');
  const history = hits.filter((h) => h.details?.source === 'history');
  assert.equal(history.length, 1);
  assert.equal(history[0]!.details?.historyIndex, 1);
  assert.equal(history[0]!.layer?.index, 1);
  assert.match(history[0]!.layer!.diffID, /^sha256:[0-9a-f]{64}$/);
  assert.equal(history[0]!.details?.name, 'DB_PASSWORD');
  // Nothing anywhere holds the raw values.
  assert.ok(!serialized(hits).includes(GH));
  assert.ok(!serialized(hits).includes(PASSWORD));
});

test('LS-IMG-002: a secret in an empty_layer step carries the history index but no layer', async () => {
  const hits = await hitsOf(rule, {
    layers: [{ files: baseFiles() }],
    config: { User: 'app' },
    history: [
      { created_by: '/bin/sh -c #(nop) ADD file:abc in /' },
      { created_by: `/bin/sh -c #(nop)  ENV GITHUB_TOKEN=${GH}`, empty_layer: true },
    ],
  });
  assert.equal(hits.length, 1);
  assert.equal(hits[0]!.details?.historyIndex, 1);
  assert.equal(hits[0]!.layer, undefined);
  assert.equal(hits[0]!.severity, 'CRITICAL');
  assert.ok(!serialized(hits).includes(GH));
});

test('LS-IMG-002 does not fire on paths, references, empty values and ordinary settings', async () => {
  const hits = await hitsOf(rule, {
    layers: [{ files: baseFiles(), createdBy: '|1 NPM_TOKEN= /bin/sh -c npm ci' }],
    config: {
      User: 'app',
      Env: ['PATH=/usr/bin', 'DB_PASSWORD_FILE=/run/secrets/db', 'API_TOKEN=$TOKEN', 'SECRET_KEY=', 'NODE_ENV=production'],
      Labels: { 'org.opencontainers.image.title': 'app' },
    },
  });
  assert.deepEqual(hits, []);
});

test('secretsIn names the variable of an engine match and does not report it twice', () => {
  const found = secretsIn(`export GITHUB_TOKEN=${GH} && API_KEY=abcDEF123456ghiJKL run`);
  assert.equal(found.length, 2);
  assert.equal(found[0]!.name, 'GITHUB_TOKEN');
  assert.equal(found[0]!.severity, 'CRITICAL');
  assert.equal(found[1]!.name, 'API_KEY');
  assert.equal(found[1]!.severity, 'HIGH');
});
