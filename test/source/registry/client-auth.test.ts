import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { RegistryClient, type RegistryClientOptions } from '../../../src/source/registry/client.js';
import { RegistryError } from '../../../src/source/registry/errors.js';
import { parseReference } from '../../../src/source/registry/reference.js';
import {
  daysAgo,
  htpasswdLine,
  htpasswdSkipReason,
  makeCert,
  opensslSkipReason,
  Pusher,
  registrySkipReason,
  startRegistry,
  startTokenServer,
  tempDir,
  type Cert,
  type RegistryServer,
  type TokenServer,
} from './harness.js';

const skip = registrySkipReason() ?? opensslSkipReason();
const USER = 'testuser';
const PASSWORD = 'S3cret-Pa55word-xyz';

async function expectError(p: Promise<unknown>, kind: string): Promise<RegistryError> {
  try {
    await p;
  } catch (e) {
    assert.ok(e instanceof RegistryError, `expected a RegistryError, got ${String(e)}`);
    assert.equal(e.kind, kind, e.message);
    return e;
  }
  assert.fail(`expected a ${kind} error`);
}

/** Everything a user could see of an error: message, hint, JSON, inspect (with cause). */
function visible(e: RegistryError): string {
  return [e.message, e.hint ?? '', JSON.stringify(e), inspect(e, { depth: 5 })].join('\n');
}

describe('HTTPS registry with htpasswd (Basic auth)', { skip: skip ?? htpasswdSkipReason() }, () => {
  let dir: string;
  let cert: Cert;
  let reg: RegistryServer;
  const clients: RegistryClient[] = [];
  const created = daysAgo(30);

  function client(opts: RegistryClientOptions): RegistryClient {
    const c = new RegistryClient({ ca: [cert.certPem], ...opts, credentials: { dockerConfig: false, env: {}, ...opts.credentials } });
    clients.push(c);
    return c;
  }

  before(async () => {
    dir = tempDir();
    cert = makeCert(dir, 'registry');
    reg = await startRegistry({ tls: cert, htpasswd: htpasswdLine(USER, PASSWORD) });
    await new Pusher(reg.baseUrl, { ca: cert.certPem, creds: { user: USER, password: PASSWORD } }).pushImage('private/app', '1.0.0', { created });
  });
  after(async () => {
    for (const c of clients) c.close();
    await reg?.stop();
  });

  test('with the CA and --creds: tags and image config are read over TLS', async () => {
    const c = client({ credentials: { specs: [{ username: USER, password: PASSWORD }] } });
    const ref = parseReference(`${reg.host}/private/app:1.0.0`);
    assert.deepEqual((await c.listTags(ref)).tags, ['1.0.0']);
    const img = await c.resolveImage(ref);
    assert.equal(img.config.created, created.toISOString());
    assert.equal((await c.ping(reg.host)).authScheme, 'basic');
  });

  test('without the CA: a TLS error that points at --registry-ca', async () => {
    const c = new RegistryClient({ credentials: { dockerConfig: false, env: {}, specs: [{ username: USER, password: PASSWORD }] } });
    clients.push(c);
    const e = await expectError(c.listTags(parseReference(`${reg.host}/private/app`)), 'tls');
    assert.match(e.message, /^TLS connection to 127\.0\.0\.1:\d+ failed: /);
    assert.match(e.hint ?? '', /--registry-ca FILE/);
  });

  test('no credentials: "requires authentication" with the ways to give them', async () => {
    const e = await expectError(client({}).listTags(parseReference(`${reg.host}/private/app`)), 'auth');
    assert.match(e.message, /requires authentication for tags of 127\.0\.0\.1:\d+\/private\/app \(HTTP 401\)/);
    assert.match(e.hint ?? '', /--creds USER:PASSWORD/);
    assert.match(e.hint ?? '', /LEFTSHIFT_REGISTRY_USER/);
  });

  test('a wrong password is rejected and never shows up in the error or the client', async () => {
    const wrong = 'Wr0ng-Passw0rd-abc';
    const c = client({ credentials: { specs: [{ username: USER, password: wrong }] } });
    const e = await expectError(c.listTags(parseReference(`${reg.host}/private/app`)), 'auth');
    assert.match(e.message, /rejected the credentials/);
    assert.match(e.hint ?? '', /user name "testuser" and password from --creds/);
    const seen = visible(e) + inspect(c, { depth: 10, showHidden: true });
    assert.ok(!seen.includes(wrong), 'password leaked');
    assert.ok(!seen.includes(Buffer.from(`${USER}:${wrong}`).toString('base64')), 'Basic header leaked');
  });

  test('credentials from ~/.docker/config.json (base64 auths) and from the environment', async () => {
    const cfg = join(dir, 'config.json');
    writeFileSync(cfg, JSON.stringify({ auths: { [`https://${reg.host}`]: { auth: Buffer.from(`${USER}:${PASSWORD}`).toString('base64') } } }));
    assert.deepEqual((await client({ credentials: { dockerConfig: cfg } }).listTags(parseReference(`${reg.host}/private/app`))).tags, ['1.0.0']);
    const env = { LEFTSHIFT_REGISTRY_USER: USER, LEFTSHIFT_REGISTRY_PASSWORD: PASSWORD };
    assert.deepEqual((await client({ credentials: { env } }).listTags(parseReference(`${reg.host}/private/app`))).tags, ['1.0.0']);
    // Scoped elsewhere: neither the env nor a scoped --creds is offered to this registry.
    await expectError(client({ credentials: { env, envRegistries: ['other.example:5000'] } }).listTags(parseReference(`${reg.host}/private/app`)), 'auth');
    await expectError(client({ credentials: { specs: [{ registry: 'other.example', username: USER, password: PASSWORD }] } }).listTags(parseReference(`${reg.host}/private/app`)), 'auth');
  });

  test('credentials from a docker credential helper (credsStore), run as the docker CLI runs it', async () => {
    const bin = join(dir, 'helper-bin');
    mkdirSync(bin, { recursive: true });
    const script = join(bin, 'docker-credential-leftshifttest');
    // The credential-helper protocol: server URL on stdin, {"Username","Secret"} on stdout.
    writeFileSync(
      script,
      `#!/bin/sh\nread url\nif [ "$url" = "${reg.host}" ]; then printf '{"ServerURL":"%s","Username":"${USER}","Secret":"${PASSWORD}"}' "$url"; exit 0; fi\necho "credentials not found in native keychain" >&2\nexit 1\n`,
    );
    chmodSync(script, 0o755);
    const env = { PATH: `${bin}:${process.env.PATH ?? ''}` };
    const cfg = join(dir, 'helper-config.json');
    writeFileSync(cfg, JSON.stringify({ credsStore: 'leftshifttest' }));
    assert.deepEqual((await client({ credentials: { dockerConfig: cfg, env } }).listTags(parseReference(`${reg.host}/private/app`))).tags, ['1.0.0']);

    // A helper with no login for this registry, and one that is not installed: the hint says which.
    writeFileSync(cfg, JSON.stringify({ credHelpers: { [reg.host]: 'leftshifttest' }, credsStore: 'leftshifttest' }));
    const other = join(dir, 'other-config.json');
    writeFileSync(other, JSON.stringify({ credHelpers: { [reg.host]: 'absent-helper' } }));
    const missing = await expectError(client({ credentials: { dockerConfig: other, env } }).listTags(parseReference(`${reg.host}/private/app`)), 'auth');
    assert.match(missing.hint ?? '', /credential helper "absent-helper", but docker-credential-absent-helper is not installed/);
    writeFileSync(script, `#!/bin/sh\necho "credentials not found in native keychain" >&2\nexit 1\n`);
    const none = await expectError(client({ credentials: { dockerConfig: cfg, env } }).listTags(parseReference(`${reg.host}/private/app`)), 'auth');
    assert.match(none.hint ?? '', /docker-credential-leftshifttest has no login for/);
  });
});

describe('HTTPS registry with token auth (Bearer flow)', { skip }, () => {
  let dir: string;
  let cert: Cert;
  let tokens: TokenServer;
  let reg: RegistryServer;
  let tokenHost: string;
  const clients: RegistryClient[] = [];

  function client(opts: RegistryClientOptions & { creds?: boolean; password?: string } = {}): RegistryClient {
    const specs = opts.creds ? [{ username: USER, password: opts.password ?? PASSWORD }] : [];
    const c = new RegistryClient({ ca: [cert.certPem], insecureHosts: [tokenHost], ...opts, credentials: { dockerConfig: false, env: {}, specs } });
    clients.push(c);
    return c;
  }

  before(async () => {
    dir = tempDir();
    cert = makeCert(dir, 'registry');
    tokens = await startTokenServer(dir, { [USER]: PASSWORD }, ['public/app']);
    tokenHost = new URL(tokens.realm).host;
    reg = await startRegistry({ tls: cert, token: { realm: tokens.realm, service: tokens.service, issuer: tokens.issuer, rootCertFile: tokens.cert.certFile } });
    const pusher = new Pusher(reg.baseUrl, { ca: cert.certPem, creds: { user: USER, password: PASSWORD } });
    await pusher.pushImage('private/app', '2.0.0', { created: daysAgo(9) });
    await pusher.pushImage('private/app', '2.1.0', { created: daysAgo(8) });
    await pusher.pushImage('public/app', '1.0.0', { created: daysAgo(9) });
  });
  after(async () => {
    for (const c of clients) c.close();
    await reg?.stop();
    await tokens?.stop();
  });

  test('with credentials: one token per scope serves many requests', async () => {
    const c = client({ creds: true });
    const ref = parseReference(`${reg.host}/private/app:2.0.0`);
    const before = tokens.requests.length;
    assert.deepEqual((await c.listTags(ref)).tags.sort(), ['2.0.0', '2.1.0']);
    await c.resolveImage(ref);
    await c.resolveImage(parseReference(`${reg.host}/private/app:2.1.0`));
    const mine = tokens.requests.slice(before);
    assert.deepEqual(mine, [{ scope: 'repository:private/app:pull', authenticated: true }]);
  });

  test('anonymous: pull works where the token service allows it, and a private repo asks for credentials', async () => {
    const c = client();
    assert.deepEqual((await c.listTags(parseReference(`${reg.host}/public/app`))).tags, ['1.0.0']);
    const e = await expectError(c.listTags(parseReference(`${reg.host}/private/app`)), 'auth');
    assert.match(e.message, /requires authentication/);
  });

  test('a wrong password is refused by the token service; the password is not in the error', async () => {
    const wrong = 'Token-Wr0ng-Pass';
    const e = await expectError(client({ creds: true, password: wrong }).listTags(parseReference(`${reg.host}/private/app`)), 'auth');
    assert.match(e.message, /rejected the credentials for a token for 127\.0\.0\.1:\d+\/private\/app/);
    assert.ok(!visible(e).includes(wrong));
  });

  test('a plain-HTTP token service is refused unless allowed, like any host', async () => {
    const c = new RegistryClient({ ca: [cert.certPem], credentials: { dockerConfig: false, env: {}, specs: [{ username: USER, password: PASSWORD }] } });
    clients.push(c);
    const e = await expectError(c.listTags(parseReference(`${reg.host}/private/app`)), 'insecure');
    assert.match(e.message, new RegExp(`refusing plain HTTP to ${tokenHost.replace(/\./g, '\\.')}`));
    assert.match(e.hint ?? '', /--insecure-registry/);
  });
});
