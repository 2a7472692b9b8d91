import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { InputError } from '../../../src/errors.js';
import { helperServerUrl, lookupDockerConfig, parseChallenge, parseCredentialSpec, resolveCredentials, runCredentialHelper, TokenCache } from '../../../src/source/registry/auth.js';
import { tempDir } from './harness.js';

test('parseChallenge: Bearer with quoted params, Basic, escapes', () => {
  assert.deepEqual(parseChallenge('Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:library/node:pull"'), {
    scheme: 'bearer',
    params: { realm: 'https://auth.docker.io/token', service: 'registry.docker.io', scope: 'repository:library/node:pull' },
  });
  assert.deepEqual(parseChallenge('Basic realm="leftshift-registry"'), { scheme: 'basic', params: { realm: 'leftshift-registry' } });
  assert.deepEqual(parseChallenge('Bearer realm="a\\"b", error=insufficient_scope')?.params, { realm: 'a"b', error: 'insufficient_scope' });
  assert.equal(parseChallenge(''), undefined);
});

test('parseCredentialSpec: USER:PASS and REGISTRY=USER:PASS; passwords keep ":" and "="', () => {
  assert.deepEqual(parseCredentialSpec('bob:pa:ss=1'), { registry: undefined, username: 'bob', password: 'pa:ss=1' });
  assert.deepEqual(parseCredentialSpec('ghcr.io=bob:tok'), { registry: 'ghcr.io', username: 'bob', password: 'tok' });
  assert.deepEqual(parseCredentialSpec('localhost:5000=bob:x'), { registry: 'localhost:5000', username: 'bob', password: 'x' });
  assert.deepEqual(parseCredentialSpec('user:pa=ss'), { registry: undefined, username: 'user', password: 'pa=ss' });
  assert.throws(() => parseCredentialSpec('no-colon-secret'), (e: unknown) => e instanceof InputError && !e.message.includes('no-colon-secret'));
});

test('docker config: auths keys with scheme/path, Docker Hub key, credential helpers', () => {
  const dir = tempDir();
  const path = join(dir, 'config.json');
  writeFileSync(path, JSON.stringify({
    auths: {
      'https://index.docker.io/v1/': { auth: Buffer.from('hub:hubpass').toString('base64') },
      'registry.example:5000': { username: 'u', password: 'p' },
    },
    credHelpers: { 'gcr.io': 'gcloud' },
  }));
  assert.deepEqual(lookupDockerConfig('docker.io', path), { credentials: { username: 'hub', password: 'hubpass' } });
  assert.deepEqual(lookupDockerConfig('registry.example:5000', path), { credentials: { username: 'u', password: 'p' } });
  assert.deepEqual(lookupDockerConfig('gcr.io', path), { helper: 'gcloud' });
  assert.deepEqual(lookupDockerConfig('other.io', path), {});
  assert.deepEqual(lookupDockerConfig('docker.io', join(dir, 'missing.json')), {});
});

test('resolveCredentials: scoped --creds beat unscoped, then env, then docker config', () => {
  const specs = [{ username: 'any', password: '1' }, { registry: 'a.io', username: 'scoped', password: '2' }];
  assert.equal(resolveCredentials('a.io', { specs, dockerConfig: false, env: {} }).credentials?.username, 'scoped');
  assert.equal(resolveCredentials('b.io', { specs, dockerConfig: false, env: {} }).credentials?.username, 'any');
  const env = { LEFTSHIFT_REGISTRY_USER: 'envuser', LEFTSHIFT_REGISTRY_PASSWORD: 'x' };
  assert.deepEqual(resolveCredentials('b.io', { env, dockerConfig: false }).credentials, { username: 'envuser', password: 'x', origin: 'env' });
  assert.equal(resolveCredentials('b.io', { env, envRegistries: ['a.io'], dockerConfig: false }).credentials, undefined);
});

test('TokenCache: one fetch for concurrent callers, expiry respected', async () => {
  const cache = new TokenCache();
  let fetches = 0;
  const fetch = async () => {
    fetches++;
    await new Promise((r) => setTimeout(r, 10));
    return { token: `t${fetches}`, expiresInSeconds: 300 };
  };
  const key = TokenCache.key('https://auth', 'svc', 'repository:a:pull');
  const [a, b] = await Promise.all([cache.getOrFetch(key, fetch), cache.getOrFetch(key, fetch)]);
  assert.deepEqual([a, b, fetches], ['t1', 't1', 1]);
  assert.equal(cache.get(key, Date.now() + 400_000), undefined, 'expired tokens are not used');
  assert.equal(await cache.getOrFetch(key, fetch), 't2');
});

test('credential helpers: the protocol, Docker Hub\'s server URL, identity tokens and odd names refused, secrets not echoed', () => {
  const dir = tempDir();
  const bin = join(dir, 'bin');
  mkdirSync(bin);
  // Answers per server URL; echoes nothing of the secret on failure.
  const script = join(bin, 'docker-credential-unit');
  writeFileSync(
    script,
    [
      '#!/bin/sh',
      'read url',
      'case "$url" in',
      '  "https://index.docker.io/v1/") echo \'{"Username":"hubuser","Secret":"hub-s3cret"}\' ;;',
      '  "token.example") echo \'{"Username":"<token>","Secret":"refresh-s3cret"}\' ;;',
      '  "garbage.example") echo "not json hub-s3cret" ;;',
      '  *) echo "credentials not found in native keychain" >&2; exit 1 ;;',
      'esac',
      '',
    ].join('\n'),
  );
  chmodSync(script, 0o755);
  const env = { PATH: `${bin}:${process.env.PATH ?? ''}` };
  assert.equal(helperServerUrl('docker.io'), 'https://index.docker.io/v1/');
  assert.equal(helperServerUrl('ghcr.io'), 'ghcr.io');
  assert.deepEqual(runCredentialHelper('unit', 'docker.io', env), { credentials: { username: 'hubuser', password: 'hub-s3cret' } });
  assert.match(runCredentialHelper('unit', 'token.example', env).problem ?? '', /identity token/);
  const garbage = runCredentialHelper('unit', 'garbage.example', env).problem ?? '';
  assert.match(garbage, /something other than JSON/);
  assert.ok(!garbage.includes('s3cret'));
  assert.match(runCredentialHelper('unit', 'ghcr.io', env).problem ?? '', /docker-credential-unit has no login for ghcr\.io/);
  assert.match(runCredentialHelper('../../bin/sh', 'ghcr.io', env).problem ?? '', /not one leftshift runs/);
  assert.match(runCredentialHelper('nosuchhelper', 'ghcr.io', env).problem ?? '', /not installed/);

  const config = join(dir, 'config.json');
  writeFileSync(config, JSON.stringify({ credsStore: 'unit' }));
  assert.deepEqual(resolveCredentials('docker.io', { dockerConfig: config, env }).credentials, { username: 'hubuser', password: 'hub-s3cret', origin: 'credential-helper' });
  assert.deepEqual(resolveCredentials('ghcr.io', { dockerConfig: config, env }), { helper: 'unit', helperProblem: 'docker-credential-unit has no login for ghcr.io' });
});
