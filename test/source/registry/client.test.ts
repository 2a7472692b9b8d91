import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import http from 'node:http';
import { createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';
import { InputError } from '../../../src/errors.js';
import { RegistryClient, parseLinkNext } from '../../../src/source/registry/client.js';
import { RegistryError } from '../../../src/source/registry/errors.js';
import { parseReference, withTag } from '../../../src/source/registry/reference.js';
import { corruptBlob, daysAgo, freePort, Pusher, registrySkipReason, startRegistry, type PushedImage, type RegistryServer } from './harness.js';

const skip = registrySkipReason();

async function rejectsWith(p: Promise<unknown>, kind: string, message?: RegExp): Promise<RegistryError> {
  try {
    await p;
  } catch (e) {
    assert.ok(e instanceof RegistryError, `expected a RegistryError, got ${String(e)}`);
    assert.equal(e.kind, kind, e.message);
    if (message) assert.match(e.message, message);
    return e;
  }
  assert.fail(`expected a ${kind} error`);
}

async function streamToBuffer(s: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of s) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

describe('RegistryClient against a real registry (plain HTTP on loopback)', { skip }, () => {
  let reg: RegistryServer;
  let client: RegistryClient;
  let dockerImg: PushedImage;
  let ociImg: PushedImage;
  let index: { indexDigest: string; images: PushedImage[] };
  const created = daysAgo(10);

  before(async () => {
    reg = await startRegistry();
    const pusher = new Pusher(reg.baseUrl);
    dockerImg = await pusher.pushImage('team/app', '1.0.0', { created });
    ociImg = await pusher.pushImage('team/app', '1.1.0', { created: daysAgo(3), format: 'oci' });
    index = await pusher.pushIndex('team/app', 'multi', [
      { architecture: 'amd64', created: daysAgo(5) },
      { architecture: 'arm64', variant: 'v8', created: daysAgo(6) },
    ]);
    await pusher.pushImage('team/tamper', 'manifest', { created });
    await pusher.pushImage('team/tamper', 'config', { created: daysAgo(1) });
    await pusher.pushImage('team/tamper', 'layer', { created: daysAgo(2) });
    client = new RegistryClient({ insecureHosts: [reg.host], credentials: { dockerConfig: false, env: {} } });
  });
  after(async () => {
    client?.close();
    await reg?.stop();
  });

  test('ping: /v2/ answers, no auth needed', async () => {
    const p = await client.ping(reg.host);
    assert.equal(p.authRequired, false);
    assert.equal(p.apiVersion, 'registry/2.0');
  });

  test('HTTPS is the default: a plain-HTTP registry not listed as insecure fails with a hint', async () => {
    const strict = new RegistryClient({ credentials: { dockerConfig: false, env: {} } });
    try {
      const e = await rejectsWith(strict.listTags(parseReference(`${reg.host}/team/app`)), 'tls');
      assert.match(e.hint ?? '', new RegExp(`--insecure-registry ${reg.host.replace(/\./g, '\\.')}`));
    } finally {
      strict.close();
    }
  });

  test('an insecure entry without a port allows every port of the host', async () => {
    const c = new RegistryClient({ insecureHosts: ['127.0.0.1'], credentials: { dockerConfig: false, env: {} } });
    try {
      assert.equal((await c.ping(reg.host)).authRequired, false);
    } finally {
      c.close();
    }
  });

  test('tags/list returns exactly the pushed tags', async () => {
    const list = await client.listTags(parseReference(`${reg.host}/team/app`));
    assert.deepEqual([...list.tags].sort(), ['1.0.0', '1.1.0', 'multi']);
    assert.equal(list.complete, true);
  });

  test('manifest by tag: Docker v2 and OCI, digest equals what was pushed', async () => {
    const ref = parseReference(`${reg.host}/team/app:1.0.0`);
    const m = await client.getManifest(ref);
    assert.equal(m.digest, dockerImg.manifestDigest);
    assert.equal(m.manifest.kind, 'manifest');
    assert.equal(m.manifest.mediaType, 'application/vnd.docker.distribution.manifest.v2+json');
    const oci = await client.getManifest(withTag(ref, '1.1.0'));
    assert.equal(oci.digest, ociImg.manifestDigest);
    assert.equal(oci.manifest.mediaType, 'application/vnd.oci.image.manifest.v1+json');
    // By digest: the body must hash to the requested digest.
    const byDigest = await client.getManifest(ref, ociImg.manifestDigest);
    assert.deepEqual(byDigest.bytes, ociImg.manifestBytes);
  });

  test('resolveImage: a plain manifest gives its config and created date', async () => {
    const img = await client.resolveImage(parseReference(`${reg.host}/team/app:1.0.0`));
    assert.equal(img.configDigest, dockerImg.configDigest);
    assert.equal(img.config.created, created.toISOString());
    assert.equal(img.indexDigest, undefined);
    assert.deepEqual(img.platform, { os: 'linux', architecture: 'amd64', variant: undefined });
  });

  test('resolveImage: an index is followed to the requested platform', async () => {
    const ref = parseReference(`${reg.host}/team/app:multi`);
    const amd = await client.resolveImage(ref);
    assert.equal(amd.indexDigest, index.indexDigest);
    assert.equal(amd.manifestDigest, index.images[0]!.manifestDigest);
    assert.equal(amd.config.architecture, 'amd64');
    const arm = await client.resolveImage(ref, { platform: { os: 'linux', architecture: 'arm64' } });
    assert.equal(arm.manifestDigest, index.images[1]!.manifestDigest);
    assert.equal(arm.platform?.variant, 'v8');
    const e = await rejectsWith(client.resolveImage(ref, { platform: { os: 'linux', architecture: 's390x' } }), 'not-found', /no image for linux\/s390x \(available: linux\/amd64, linux\/arm64\/v8\)/);
    assert.ok(e instanceof InputError);
    const any = await client.resolveImage(ref, { platform: { os: 'linux', architecture: 's390x' }, anyPlatform: true });
    assert.equal(any.config.architecture, 'amd64');
  });

  test('openBlob streams a layer and verifies it; getBlob returns the config', async () => {
    const ref = parseReference(`${reg.host}/team/app`);
    const stream = await client.openBlob(ref, dockerImg.layerDigest);
    const tar = gunzipSync(await streamToBuffer(stream));
    assert.match(tar.toString('latin1'), /etc\/leftshift-fixture/);
    const config = JSON.parse((await client.getBlob(ref, dockerImg.configDigest)).toString()) as { created: string };
    assert.equal(config.created, created.toISOString());
  });

  test('404s say "no such repository" / "no such tag"', async () => {
    await rejectsWith(client.getManifest(parseReference(`${reg.host}/team/app:9.9.9`)), 'not-found', /^no such tag: 127\.0\.0\.1:\d+\/team\/app:9\.9\.9 \(MANIFEST_UNKNOWN/);
    await rejectsWith(client.listTags(parseReference(`${reg.host}/team/nope`)), 'not-found', /^no such repository: 127\.0\.0\.1:\d+\/team\/nope/);
  });

  test('a registry serving tampered bytes is caught: manifest, config and streamed layer', async () => {
    const ref = parseReference(`${reg.host}/team/tamper:manifest`);
    const m = await client.getManifest(ref);
    const cfgImg = await client.getManifest(withTag(ref, 'config'));
    const layerImg = await client.getManifest(withTag(ref, 'layer'));
    // Flip a byte inside the stored blobs; the registry keeps announcing the original digests.
    corruptBlob(reg.dataDir, m.digest, 2); // an indentation space becomes a tab: still valid JSON
    assert.equal(cfgImg.manifest.kind, 'manifest');
    assert.equal(layerImg.manifest.kind, 'manifest');
    if (cfgImg.manifest.kind !== 'manifest' || layerImg.manifest.kind !== 'manifest') return;
    corruptBlob(reg.dataDir, cfgImg.manifest.config.digest, 2);
    corruptBlob(reg.dataDir, layerImg.manifest.layers[0]!.digest, 20);

    await rejectsWith(client.getManifest(ref), 'digest-mismatch', new RegExp(`^digest mismatch for manifest .*: expected ${m.digest}, got sha256:`));
    await rejectsWith(client.getManifest(ref, m.digest), 'digest-mismatch');
    await rejectsWith(client.resolveImage(withTag(ref, 'config')), 'digest-mismatch', /blob .*expected sha256/);
    const stream = await client.openBlob(ref, layerImg.manifest.layers[0]!.digest, { expectedSize: layerImg.manifest.layers[0]!.size });
    await rejectsWith(streamToBuffer(stream), 'digest-mismatch');
  });
});

describe('RegistryClient network errors', () => {
  test('unreachable registry: InputError with the code and a hint, never a stack', async () => {
    const port = await freePort(); // free now, so nothing listens there
    const client = new RegistryClient({ insecureHosts: ['127.0.0.1'], credentials: { dockerConfig: false, env: {} } });
    try {
      const e = await rejectsWith(client.listTags(parseReference(`127.0.0.1:${port}/x/y`)), 'unreachable');
      assert.equal(e.message, `cannot reach 127.0.0.1:${port}: ECONNREFUSED — check the address or network`);
      assert.ok(e instanceof InputError);
    } finally {
      client.close();
    }
  });

  test('a server that accepts but never answers times out', async () => {
    const sockets: Socket[] = [];
    const server: Server = createServer((s) => sockets.push(s));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    const port = (server.address() as AddressInfo).port;
    const client = new RegistryClient({ insecureHosts: ['127.0.0.1'], timeoutMs: 300, credentials: { dockerConfig: false, env: {} } });
    try {
      const started = Date.now();
      await rejectsWith(client.listTags(parseReference(`127.0.0.1:${port}/x/y`)), 'timeout', /did not answer within 0\.3s/);
      assert.ok(Date.now() - started < 5000);
    } finally {
      client.close();
      for (const s of sockets) s.destroy();
      server.close();
    }
  });
});

describe('blob redirects (storage on another host)', () => {
  // Registries behind S3/CDN storage answer blob GETs with a redirect to a signed URL. The
  // credentials are for the registry only and must not follow the redirect.
  test('follows the redirect, verifies the bytes, and sends no Authorization to the storage host', async () => {
    const blob = Buffer.from('layer bytes');
    const digest = `sha256:${createHash('sha256').update(blob).digest('hex')}`;
    const storageSaw: Array<string | undefined> = [];
    const storage = http.createServer((req, res) => {
      storageSaw.push(req.headers.authorization);
      res.writeHead(200).end(blob);
    });
    await new Promise<void>((r) => storage.listen(0, '127.0.0.1', () => r()));
    const storagePort = (storage.address() as AddressInfo).port;
    const registrySaw: Array<string | undefined> = [];
    const registry = http.createServer((req, res) => {
      registrySaw.push(req.headers.authorization);
      if (!req.headers.authorization) {
        res.writeHead(401, { 'WWW-Authenticate': 'Basic realm="r"' }).end();
        return;
      }
      res.writeHead(307, { Location: `http://localhost:${storagePort}/blob?X-Signature=abc` }).end();
    });
    await new Promise<void>((r) => registry.listen(0, '127.0.0.1', () => r()));
    const host = `127.0.0.1:${(registry.address() as AddressInfo).port}`;
    const client = new RegistryClient({ insecureHosts: [host, 'localhost'], credentials: { dockerConfig: false, env: {}, specs: [{ username: 'u', password: 'p' }] } });
    try {
      const got = await client.getBlob(parseReference(`${host}/a/b`), digest);
      assert.deepEqual(got, blob);
      assert.equal(registrySaw.length, 2);
      assert.match(registrySaw[1] ?? '', /^Basic /);
      assert.deepEqual(storageSaw, [undefined]);
    } finally {
      client.close();
      registry.close();
      storage.close();
    }
  });
});

describe('tag-list pagination (Link headers)', () => {
  // distribution 2.8 ignores `n` on tags/list, so pagination is exercised with a minimal server
  // that pages the way Harbor, GHCR and newer distribution releases do.
  test('follows rel="next" across pages, relative or absolute, and stops at a foreign host', async () => {
    const pages: Record<string, { tags: string[]; next?: string }> = {
      '': { tags: ['1', '2'], next: '</v2/a/b/tags/list?last=2&n=2>; rel="next"' },
      '2': { tags: ['3', '4'], next: 'ABS' },
      '4': { tags: ['5'] },
    };
    let foreign = false;
    const server = http.createServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://x');
      const page = pages[url.searchParams.get('last') ?? '']!;
      const headers: Record<string, string> = { 'Content-Type': 'application/json' };
      if (page.next === 'ABS') headers.Link = foreign ? '<http://example.invalid/v2/a/b/tags/list?last=4>; rel="next"' : `<http://${req.headers.host}/v2/a/b/tags/list?last=4&n=2>; rel="next"`;
      else if (page.next) headers.Link = page.next;
      res.writeHead(200, headers).end(JSON.stringify({ name: 'a/b', tags: page.tags }));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    const host = `127.0.0.1:${(server.address() as AddressInfo).port}`;
    const client = new RegistryClient({ insecureHosts: [host], credentials: { dockerConfig: false, env: {} } });
    try {
      const list = await client.listTags(parseReference(`${host}/a/b`));
      assert.deepEqual(list.tags, ['1', '2', '3', '4', '5']);
      foreign = true;
      await rejectsWith(client.listTags(parseReference(`${host}/a/b`)), 'protocol', /Link to another host/);
      const capped = new RegistryClient({ insecureHosts: [host], maxTagPages: 2, credentials: { dockerConfig: false, env: {} } });
      foreign = false;
      const partial = await capped.listTags(parseReference(`${host}/a/b`));
      assert.deepEqual(partial, { tags: ['1', '2', '3', '4'], complete: false });
      capped.close();
    } finally {
      client.close();
      server.close();
    }
  });

  test('parseLinkNext', () => {
    assert.equal(parseLinkNext('</v2/x/tags/list?last=a&n=1>; rel="next"'), '/v2/x/tags/list?last=a&n=1');
    assert.equal(parseLinkNext('<https://r/p?1>; rel="prev", <https://r/p?3>; rel=next'), 'https://r/p?3');
    assert.equal(parseLinkNext('<https://r/p?1>; rel="prev"'), undefined);
    assert.equal(parseLinkNext(undefined), undefined);
  });
});
