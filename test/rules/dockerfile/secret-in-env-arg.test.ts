import { test } from 'node:test';
import assert from 'node:assert/strict';
import rule from '../../../src/rules/dockerfile/secret-in-env-arg.js';
import { isSecretName, redactValue } from '../../../src/analyze/secret/names.js';
import { hitLines, runRule } from '../helpers.js';

// Built at run time so secret scanners do not flag this file; not real credentials.
const AWS_KEY_ID = 'AKIA' + 'Q3EGRTLKXSMPNW5T';
const STRIPE_KEY = 'sk_' + 'live_' + '4eC39HqLyjWDarjtT1zdp7dc';

function summary(text: string): Array<[number | undefined, string | undefined, unknown]> {
  return runRule(rule, text).map((h) => [h.line, h.severity, h.details?.reason]);
}

function assertNeverShown(text: string, secret: string): void {
  const hits = runRule(rule, text);
  assert.ok(hits.length > 0, 'expected a hit');
  const all = JSON.stringify(hits);
  assert.ok(!all.includes(secret), `value leaked: ${all}`);
}

test('ARG with a secret name and no default: MEDIUM (build args land in the image history)', () => {
  assert.deepEqual(summary('FROM node:22-slim\nARG NPM_TOKEN\nARG GITHUB_TOKEN=\n'), [[2, 'MEDIUM', 'build-arg'], [3, 'MEDIUM', 'build-arg']]);
  const [hit] = runRule(rule, 'FROM node:22-slim\nARG AWS_SECRET_ACCESS_KEY\n');
  assert.match(hit!.message, /docker history/);
});

test('ENV or ARG with a literal secret: HIGH, CRITICAL for a recognised credential format', () => {
  assert.deepEqual(summary('FROM alpine:3.20\nENV DB_PASSWORD=hunter2hunter2\nARG API_KEY=0f3a9c77d2e1b54a\n'), [[2, 'HIGH', 'literal'], [3, 'HIGH', 'literal']]);
  assert.deepEqual(summary(`FROM alpine:3.20\nENV AWS_ACCESS_KEY_ID=${AWS_KEY_ID}\n`), [[2, 'CRITICAL', 'credential-format']]);
  // The value's format decides even when the name says nothing.
  assert.deepEqual(summary(`FROM alpine:3.20\nENV STRIPE=${STRIPE_KEY}\n`), [[2, 'CRITICAL', 'credential-format']]);
  // Legacy `ENV key value` form and camelCase names.
  assert.deepEqual(summary('FROM alpine:3.20\nENV dbPassword s3cr3t-v4lue!\n'), [[2, 'HIGH', 'literal']]);
});

test('URLs with an embedded password, whatever the name', () => {
  assert.deepEqual(summary('FROM python:3.13-slim\nENV DATABASE_URL=postgres://app:pa55w0rdXYZ@db:5432/app\n'), [[2, 'HIGH', 'url-credentials']]);
  assert.deepEqual(summary('FROM python:3.13-slim\nARG PIP_INDEX_URL="https://deploy:t0kenValue99@pypi.example.com/simple"\n'), [[2, 'HIGH', 'url-credentials']]);
  assert.deepEqual(summary('FROM python:3.13-slim\nENV REDIS_URL=redis://:r3disPassw0rd@cache:6379/0\n'), [[2, 'HIGH', 'url-credentials']]);
});

test('ENV copying a secret from a build arg bakes it into the image: HIGH', () => {
  assert.deepEqual(summary('FROM node:22-slim\nARG NPM_TOKEN\nENV NPM_TOKEN=${NPM_TOKEN}\n'), [[2, 'MEDIUM', 'build-arg'], [3, 'HIGH', 'env-copy']]);
});

test('placeholders are MEDIUM', () => {
  assert.deepEqual(summary('FROM alpine:3.20\nENV ADMIN_PASSWORD=changeme\nENV API_TOKEN=<your-token>\n'), [[2, 'MEDIUM', 'placeholder'], [3, 'MEDIUM', 'placeholder']]);
});

test('reports the physical line of the key in a multi-line ENV', () => {
  assert.deepEqual(hitLines(rule, 'FROM alpine:3.20\nENV APP_ENV=prod \\\n    DB_PASSWORD=hunter2hunter2 \\\n    LOG_LEVEL=info\n'), [3]);
});

test('global ARGs: a literal is reported, a bare declaration (only usable in FROM) is not', () => {
  assert.deepEqual(summary('ARG REGISTRY_PASSWORD=s3cretRegistryPw\nARG NPM_TOKEN\nFROM alpine:3.20\n'), [[1, 'HIGH', 'literal']]);
});

test('the value never appears in any hit field; at most two characters at each end are shown', () => {
  const long = 'hunter2hunter2Xy';
  assertNeverShown(`FROM alpine:3.20\nENV DB_PASSWORD=${long}\n`, long);
  assertNeverShown(`FROM alpine:3.20\nENV KEY_ID=${AWS_KEY_ID}\n`, AWS_KEY_ID);
  assertNeverShown(`FROM alpine:3.20\nARG STRIPE_SECRET_KEY="${STRIPE_KEY}"\n`, STRIPE_KEY);
  assertNeverShown('FROM alpine:3.20\nENV DATABASE_URL=postgres://app:pa55w0rdXYZ@db/app\n', 'pa55w0rdXYZ');
  assertNeverShown('FROM alpine:3.20\nENV SMTP_PASS=abc123\n', 'abc123');
  const [hit] = runRule(rule, `FROM alpine:3.20\nENV DB_PASSWORD=${long}\n`);
  assert.equal(hit!.details?.redacted, 'hu…Xy');
  assert.equal(redactValue('s3cretvalueyz'), 's3…yz');
  assert.equal(redactValue('abc123'), 'a…3');
  assert.equal(redactValue('abc'), '…');
});

test('secret-like names', () => {
  for (const name of ['PASSWORD', 'DB_PASSWORD', 'MYSQL_ROOT_PASSWORD', 'POSTGRES_PASSWD', 'SECRET', 'CLIENT_SECRET', 'SECRET_KEY_BASE', 'GITHUB_TOKEN', 'NPM_TOKEN', 'HF_TOKEN', 'API_KEY', 'apiKey', 'APIKEY', 'AWS_SECRET_ACCESS_KEY', 'AWS_ACCESS_KEY_ID', 'SSH_PRIVATE_KEY', 'GCP_CREDENTIALS', 'MYSQL_PWD', 'SMTP_PASS', 'NPM_CONFIG__AUTH', 'RAILS_MASTER_KEY', 'SIGNING_KEY_PASSPHRASE']) {
    assert.equal(isSecretName(name), true, name);
  }
});

test('names about a secret, switches and public keys are not secrets', () => {
  for (const name of ['POSTGRES_PASSWORD_FILE', 'SECRETS_DIR', 'TOKEN_URL', 'OAUTH_TOKEN_ENDPOINT', 'PASSWORD_MIN_LENGTH', 'MIN_PASSWORD_LENGTH', 'TOKEN_TTL', 'SECRET_NAME', 'API_KEY_HEADER', 'MYSQL_ALLOW_EMPTY_PASSWORD', 'MYSQL_RANDOM_ROOT_PASSWORD', 'JWT_PUBLIC_KEY', 'NEXT_PUBLIC_API_KEY', 'GPG_KEY', 'PWD', 'TOKENIZERS_PARALLELISM', 'AUTH_MODE', 'GOOGLE_APPLICATION_CREDENTIALS', 'CREDENTIALS_DIRECTORY', 'SECRET_KEY_BASE_DUMMY', 'DB_USER', 'PASSWORD_RESET_TIMEOUT']) {
    assert.equal(isSecretName(name), false, name);
  }
});

test('does not fire on config, paths, booleans, empty values, references in ARG defaults or non-secret values', () => {
  const text = [
    'FROM postgres:17',
    'ENV POSTGRES_PASSWORD_FILE=/run/secrets/db_password',
    'ENV GOOGLE_APPLICATION_CREDENTIALS=/var/secrets/google/key.json',
    'ENV MYSQL_ALLOW_EMPTY_PASSWORD=yes PASSWORD_MIN_LENGTH=12 TOKEN_URL=https://auth.example.com/token',
    'ENV DB_PASSWORD=""',
    'ENV USE_TOKEN=true',
    'ENV GPG_KEY=0D96DF4D4110E5C43FBFB17F2D347EA6AA65421D',
    'ENV DATABASE_URL=postgres://app@db/app',
    'ENV DATABASE_URL2=postgres://app:${DB_PASSWORD}@db/app',
    'ENV NODE_VERSION=22.11.0 PATH=/usr/local/bin:$PATH',
    'ARG SECRET_KEY_BASE_DUMMY=1',
    'LABEL password=not-checked-here',
    '# ENV DB_PASSWORD=commented-out',
  ].join('\n');
  assert.deepEqual(runRule(rule, text), []);
});
