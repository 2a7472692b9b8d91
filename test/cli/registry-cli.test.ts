/**
 * `scan` / `sbom` of registry images end to end, through the CLI of the same build as this test
 * (src/cli/main.js next to it, not bin/ → dist/, which other builds own): the registry flags,
 * exit codes, credentials (token server over TLS) that never show up in the output, and the
 * fallback from a bare name when no local engine runs.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  daysAgo,
  freePort,
  makeCert,
  opensslSkipReason,
  Pusher,
  registrySkipReason,
  startRegistry,
  startTokenServer,
  tempDir,
  type Cert,
  type PushedImage,
  type RegistryServer,
  type TokenServer,
} from '../source/registry/harness.js';
import { fixturePath, ROOT, skopeoPush, skopeoSkipReason } from '../source/image/registry-fixtures.js';

const MAIN = pathToFileURL(join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'src', 'cli', 'main.js')).href;
const skip = registrySkipReason();
const USER = 'cli-user';
const PASSWORD = 'Cli-S3cret-pw-789';

/** Environment without credentials or engines leaking in from the machine running the tests. */
function isolatedEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const dir = tempDir('ls-registry-cli-');
  mkdirSync(join(dir, 'run'));
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const v of ['DOCKER_HOST', 'DOCKER_CONTEXT', 'CONTAINER_HOST', 'DOCKER_TLS_VERIFY', 'DOCKER_CERT_PATH', 'LEFTSHIFT_REGISTRY', 'LEFTSHIFT_REGISTRY_USER', 'LEFTSHIFT_REGISTRY_PASSWORD']) delete env[v];
  return {
    ...env,
    NO_COLOR: '1',
    CI: 'true',
    DOCKER_HOST: `unix://${join(dir, 'no-docker.sock')}`,
    DOCKER_CONFIG: join(dir, 'docker-config'),
    XDG_RUNTIME_DIR: join(dir, 'run'),
    ...extra,
  };
}

/** Runs the CLI asynchronously: the token server lives in this process and must keep answering. */
function cli(args: string[], env: NodeJS.ProcessEnv = isolatedEnv()): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const script = `import { run } from ${JSON.stringify(MAIN)}; process.exitCode = await run(process.argv.slice(1));`;
  const child = spawn(process.execPath, ['--input-type=module', '-e', script, ...args], { cwd: ROOT, env, timeout: 120_000 });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/* eslint-disable @typescript-eslint/no-explicit-any -- parsed JSON reports of our own contract */
function imageTarget(stdout: string): any {
  return JSON.parse(stdout).targets[0];
}

describe('CLI: scan/sbom docker://… against a plain-HTTP registry', { skip }, () => {
  let reg: RegistryServer;
  let pushed: PushedImage;
  const apk = fixturePath('apk', 'oci');
  const fixtureSkip = skopeoSkipReason() ?? (apk ? false : 'fixture apk not built (scripts/fixtures/build.sh)');

  before(async () => {
    reg = await startRegistry();
    pushed = await new Pusher(reg.baseUrl).pushImage('team/app', '1.0.0', { created: daysAgo(3) });
    if (!fixtureSkip) skopeoPush(`oci:${apk!.path}:${apk!.ref}`, reg.host, 'fixtures/apk:1');
  });
  after(async () => {
    await reg?.stop();
  });

  test('scan docker://HOST/NAME:TAG --insecure-registry HOST --format json: same packages as the OCI layout', { skip: fixtureSkip }, async () => {
    const remote = await cli(['scan', `docker://${reg.host}/fixtures/apk:1`, '--insecure-registry', reg.host, '--format', 'json', '--no-cache', '--no-vulns']);
    assert.equal(remote.code, 0, remote.stderr);
    const local = await cli(['scan', `oci:${apk!.path}:${apk!.ref}`, '--format', 'json', '--no-cache', '--no-vulns']);
    assert.equal(local.code, 0, local.stderr);
    const r = imageTarget(remote.stdout);
    const l = imageTarget(local.stdout);
    assert.equal(r.metadata.sourceKind, 'registry');
    assert.equal(r.metadata.imageID, l.metadata.imageID);
    assert.deepEqual(r.metadata.layers, l.metadata.layers);
    assert.ok(l.packages.length > 0);
    assert.deepEqual(r.packages.map((p: any) => p.purl).sort(), l.packages.map((p: any) => p.purl).sort());
  });

  test('sbom docker://… writes an SBOM of the registry image', async () => {
    const r = await cli(['sbom', `docker://${reg.host}/team/app:1.0.0`, '--insecure-registry', reg.host, '--no-cache', '-q']);
    assert.equal(r.code, 0, r.stderr);
    const bom = JSON.parse(r.stdout);
    assert.equal(bom.bomFormat, 'CycloneDX');
    assert.match(JSON.stringify(bom.metadata), new RegExp(pushed.configDigest.slice('sha256:'.length, 20)));
  });

  test('--image-src registry reads a bare name from the registry without asking engines', async () => {
    const r = await cli(['scan', `${reg.host}/team/app:1.0.0`, '--image-src', 'registry', '--insecure-registry', reg.host, '--format', 'json', '--no-cache', '--no-vulns']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(imageTarget(r.stdout).metadata.manifestDigest, pushed.manifestDigest);
  });

  test('a bare name no engine has falls back to the registry', async () => {
    const r = await cli(['scan', `${reg.host}/team/app:1.0.0`, '--insecure-registry', reg.host, '--format', 'json', '--no-cache', '--no-vulns']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(imageTarget(r.stdout).metadata.sourceKind, 'registry');
  });

  test('a bare name found nowhere: exit 2, every answer and what to do on one line', async () => {
    const r = await cli(['scan', `${reg.host}/team/app:9.9.9`, '--insecure-registry', reg.host, '--format', 'json', '--no-cache']);
    assert.equal(r.code, 2, r.stderr);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, /^leftshift: image '127\.0\.0\.1:\d+\/team\/app:9\.9\.9' was not found locally: no container engine is reachable \(DOCKER_HOST [^)]*no socket[^)]*\), nor in its registry 127\.0\.0\.1:\d+: no such tag/);
    assert.match(r.stderr, /docker pull .*--image-src/);
    assert.equal(r.stderr.trim().split('\n').length, 1);
  });

  test('plain HTTP without --insecure-registry: exit 2, the hint names the flag', async () => {
    const r = await cli(['scan', `docker://${reg.host}/team/app:1.0.0`, '--format', 'json', '--no-cache']);
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, new RegExp(`--insecure-registry ${reg.host.replace(/\./g, '\\.')}`));
  });

  test('unreachable registry: exit 2, "cannot reach"', async () => {
    const port = await freePort();
    const r = await cli(['sbom', `docker://127.0.0.1:${port}/team/app:1.0.0`, '--insecure-registry', `127.0.0.1:${port}`, '--no-cache', '-q']);
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, new RegExp(`cannot reach 127\\.0\\.0\\.1:${port}: ECONNREFUSED`));
  });

  test('unknown --image-src lists registry among the kinds', async () => {
    const r = await cli(['scan', 'x:1', '--image-src', 'nope']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /registry/);
  });
});

describe('CLI: HTTPS registry with a token server (--registry-ca, --creds, environment)', { skip: skip ?? opensslSkipReason() }, () => {
  let dir: string;
  let cert: Cert;
  let tokens: TokenServer;
  let tokenHost: string;
  let reg: RegistryServer;

  before(async () => {
    dir = tempDir();
    cert = makeCert(dir, 'registry');
    tokens = await startTokenServer(dir, { [USER]: PASSWORD });
    tokenHost = new URL(tokens.realm).host;
    reg = await startRegistry({ tls: cert, token: { realm: tokens.realm, service: tokens.service, issuer: tokens.issuer, rootCertFile: tokens.cert.certFile } });
    await new Pusher(reg.baseUrl, { ca: cert.certPem, creds: { user: USER, password: PASSWORD } }).pushImage('private/app', '1.0.0', { created: daysAgo(2) });
  });
  after(async () => {
    await reg?.stop();
    await tokens?.stop();
  });

  const base = () => ['scan', `docker://${reg.host}/private/app:1.0.0`, '--registry-ca', cert.certFile, '--insecure-registry', tokenHost, '--format', 'json', '--no-cache', '--no-vulns'];

  test('--creds USER:PASSWORD gets a token and the image is scanned; the password appears nowhere', async () => {
    const r = await cli([...base(), '--creds', `${USER}:${PASSWORD}`]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(imageTarget(r.stdout).metadata.sourceKind, 'registry');
    assert.ok(!r.stdout.includes(PASSWORD) && !r.stderr.includes(PASSWORD));
    assert.ok(tokens.requests.some((q) => q.authenticated && q.scope === 'repository:private/app:pull'));
  });

  test('LEFTSHIFT_REGISTRY_USER/PASSWORD work the same', async () => {
    const r = await cli(base(), isolatedEnv({ LEFTSHIFT_REGISTRY_USER: USER, LEFTSHIFT_REGISTRY_PASSWORD: PASSWORD }));
    assert.equal(r.code, 0, r.stderr);
  });

  test('a wrong password: exit 2, the user is named, the password is not', async () => {
    const wrong = 'Wr0ng-pw-should-not-print';
    const r = await cli([...base(), '--creds', `${USER}:${wrong}`]);
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, /rejected the credentials/);
    assert.ok(!r.stderr.includes(wrong) && !r.stdout.includes(wrong));
  });

  test('no credentials: exit 2 with the ways to give them', async () => {
    const r = await cli(base());
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, /--creds/);
  });

  test('without --registry-ca the self-signed certificate is refused, with the flag as hint', async () => {
    const r = await cli(['sbom', `docker://${reg.host}/private/app:1.0.0`, '--creds', `${USER}:${PASSWORD}`, '--no-cache', '-q']);
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, /--registry-ca/);
    assert.ok(!r.stderr.includes(PASSWORD));
  });
});

test('CLI test harness: the compiled main is next to this test', () => {
  assert.ok(existsSync(fileURLToPath(MAIN)), `${MAIN} missing; compile with tsc --outDir`);
});
