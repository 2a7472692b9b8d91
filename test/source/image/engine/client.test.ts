import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import {
  compareApiVersions,
  connectionError,
  encodeImageName,
  EngineClient,
  negotiateApiVersion,
} from '../../../../src/source/image/engine/client.js';
import { candidateEndpoints, parseEndpoint } from '../../../../src/source/image/engine/endpoints.js';
import { EngineError } from '../../../../src/source/image/engine/errors.js';
import { packFiles, tempDir } from '../../../image/build-image.js';
import { opensslSkipReason, podmanStyleFiles, selfSignedCert, smallImage, startFakeEngine, type FakeEngine } from './fake-engine.js';

const dirs: string[] = [];
const engines: FakeEngine[] = [];
function tmp(): string {
  const d = tempDir('ls-engine-client-');
  dirs.push(d);
  return d;
}
after(async () => {
  for (const e of engines) await e.close();
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

async function fake(options: Parameters<typeof startFakeEngine>[1]): Promise<FakeEngine> {
  const engine = await startFakeEngine(tmp(), options);
  engines.push(engine);
  return engine;
}

function client(url: string, family: 'docker' | 'podman' = 'docker', timeoutMs?: number): EngineClient {
  return new EngineClient(parseEndpoint(url, 'DOCKER_HOST', family), timeoutMs !== undefined ? { timeoutMs } : {});
}

describe('API version negotiation', () => {
  test('pure rules: numeric comparison, the lower of server and client, too old refused', () => {
    assert.ok(compareApiVersions('1.9', '1.41') < 0);
    assert.equal(negotiateApiVersion('1.41'), '1.41');
    assert.equal(negotiateApiVersion('1.51'), '1.48');
    assert.equal(negotiateApiVersion('1.12'), undefined);
    assert.equal(negotiateApiVersion(undefined), '1.48');
  });

  test('requests use /v<negotiated>/ paths; podman is recognised by its header', async () => {
    const img = await smallImage('neg');
    const archive = await packFiles(podmanStyleFiles(img, ['neg:1']));
    for (const [server, expected, podman] of [
      ['1.41', '/v1.41/', true],
      ['1.52', '/v1.48/', false],
    ] as const) {
      const engine = await fake({ apiVersion: server, podman, images: [{ names: ['neg:1'], image: img, archive }] });
      const c = client(engine.url);
      const info = await c.connect();
      assert.equal(info.apiVersion, expected.slice(2, -1));
      assert.equal(info.podman, podman);
      assert.match(info.product, podman ? /^Podman Engine 4\.3\.1$/ : /^Engine 24\.0\.7$/);
      const inspect = await c.inspectImage('neg:1');
      assert.equal(inspect?.Id, img.configDigest);
      assert.deepEqual(inspect?.diffIDs, img.layers.map((l) => l.diffID));
      assert.equal(await c.inspectImage('other:1'), undefined);
      assert.deepEqual(engine.requests, ['/_ping', '/version', `${expected}images/neg:1/json`, `${expected}images/other:1/json`]);
    }
    const old = await fake({ apiVersion: '1.12' });
    await assert.rejects(client(old.url).connect(), (err: unknown) => {
      assert.ok(err instanceof EngineError && err.kind === 'protocol');
      assert.match(err.message, /speaks API 1\.12, older than 1\.24/);
      return true;
    });
  });

  test('the export asks for a platform only from API 1.48 on', async () => {
    const img = await smallImage('plat');
    const archive = await packFiles(podmanStyleFiles(img, ['plat:1']));
    for (const [server, query] of [
      ['1.48', `?platform=${encodeURIComponent('{"os":"linux","architecture":"arm64"}')}`],
      ['1.43', ''],
    ] as const) {
      const engine = await fake({ apiVersion: server, images: [{ names: ['plat:1'], image: img, archive }] });
      const exported = await client(engine.url).exportImage('plat:1', { os: 'linux', architecture: 'arm64' });
      exported.abort();
      assert.equal(engine.requests.at(-1), `/v${server}/images/plat:1/get${query}`);
    }
  });

  test('image names keep / : @ in the path; other characters are escaped', () => {
    assert.equal(encodeImageName('registry.example:5000/team/app@sha256:abc'), 'registry.example:5000/team/app@sha256:abc');
    assert.equal(encodeImageName('a b?#'), 'a%20b%3F%23');
  });
});

describe('connection failures name the endpoint and say what to do', () => {
  test('missing socket, stale socket (engine not running)', async () => {
    const dir = tmp();
    await assert.rejects(client(`unix://${dir}/missing.sock`).connect(), (err: unknown) => {
      assert.ok(err instanceof EngineError && err.kind === 'unavailable');
      assert.equal(err.message, `no engine at DOCKER_HOST unix://${dir}/missing.sock: the socket does not exist`);
      assert.match(err.hint!, /start Docker/);
      return true;
    });
    // A socket file nobody listens on: what a crashed engine leaves behind.
    const live = path.join(dir, 'live.sock');
    const stale = path.join(dir, 'stale.sock');
    const server = net.createServer();
    await new Promise<void>((resolve) => server.listen(live, resolve));
    fs.linkSync(live, stale);
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await assert.rejects(client(`unix://${stale}`, 'podman').connect(), (err: unknown) => {
      assert.ok(err instanceof EngineError && err.kind === 'unavailable');
      assert.match(err.message, new RegExp(`^no engine at DOCKER_HOST unix://${stale}: connection refused \\(the engine is not running`));
      assert.match(err.hint!, /podman system service/);
      return true;
    });
  });

  test('permission denied and silence', async () => {
    const denied = connectionError(parseEndpoint('unix:///var/run/docker.sock', 'default Docker socket', 'docker'), Object.assign(new Error('connect EACCES'), { code: 'EACCES' }));
    assert.match(denied.message, /^cannot connect to the engine at default Docker socket unix:\/\/\/var\/run\/docker\.sock: permission denied$/);
    assert.match(denied.hint!, /docker group/);

    const dir = tmp();
    const socket = path.join(dir, 'mute.sock');
    const held: net.Socket[] = [];
    const mute = net.createServer((s) => held.push(s));
    await new Promise<void>((resolve) => mute.listen(socket, resolve));
    try {
      await assert.rejects(client(`unix://${socket}`, 'docker', 200).connect(), (err: unknown) => {
        assert.ok(err instanceof EngineError && err.kind === 'unavailable');
        assert.equal(err.message, `cannot connect to the engine at DOCKER_HOST unix://${socket}: no answer within 200 ms`);
        return true;
      });
    } finally {
      for (const s of held) s.destroy();
      await new Promise<void>((resolve) => mute.close(() => resolve()));
    }
  });
});

describe('TCP endpoints', () => {
  test('plain tcp://', async () => {
    const engine = await fake({ tcp: {} });
    assert.equal((await client(engine.url).connect()).apiVersion, '1.43');
  });

  test('TLS with DOCKER_TLS_VERIFY and DOCKER_CERT_PATH; an unknown CA fails as TLS', { skip: opensslSkipReason() }, async () => {
    const certs = tmp();
    const { key, cert, certFile } = selfSignedCert(certs);
    const engine = await fake({ tcp: { tls: { key, cert } } });
    fs.copyFileSync(certFile, path.join(certs, 'ca.pem'));
    const env = { DOCKER_HOST: engine.url, DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: certs };
    const [c] = candidateEndpoints('docker', { env, homedir: certs, uid: 0 });
    assert.ok(c && 'endpoint' in c);
    assert.equal((await new EngineClient(c.endpoint).connect()).apiVersion, '1.43');

    const [untrusted] = candidateEndpoints('docker', { env: { ...env, DOCKER_CERT_PATH: tmp() }, homedir: certs, uid: 0 });
    assert.ok(untrusted && 'endpoint' in untrusted);
    await assert.rejects(new EngineClient(untrusted.endpoint).connect(), (err: unknown) => {
      assert.ok(err instanceof EngineError && err.kind === 'unavailable');
      assert.match(err.message, /: TLS failed: /);
      assert.match(err.hint!, /DOCKER_CERT_PATH/);
      return true;
    });
  });
});
