/**
 * The registry image source against a real registry (Debian's docker-registry, see
 * test/source/registry/harness.ts): built fixtures pushed with skopeo read back identical to the
 * layout/archive they came from, platform selection, digest pinning, corrupt blobs, transport
 * policy, and the fallback from a bare name when no local engine has it.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync } from 'node:fs';
import http from 'node:http';
import { join } from 'node:path';
import { InputError } from '../../../src/errors.js';
import { DigestMismatchError } from '../../../src/image/digest.js';
import type { ImageSource } from '../../../src/image/types.js';
import { scanImage, type ImageScanResult } from '../../../src/scan/image-scan.js';
import { isLocalImageNotFound } from '../../../src/source/image/engine/index.js';
import { ImageNotFoundError, openImageSource } from '../../../src/source/image/index.js';
import { openRegistryImage } from '../../../src/source/image/registry.js';
import { RegistryClient } from '../../../src/source/registry/client.js';
import { RegistryError } from '../../../src/source/registry/errors.js';
import { corruptBlob, daysAgo, freePort, makeLayer, MT, Pusher, registrySkipReason, sha256, startRegistry, tempDir, type PushedImage, type RegistryServer } from '../registry/harness.js';
import { fixturePath, fixturesSkipReason, skopeoPush, skopeoSkipReason } from './registry-fixtures.js';

const skip = registrySkipReason();
const NO_CREDS = { dockerConfig: false as const, env: {} };

async function rejects<T extends Error>(p: Promise<unknown>, type: new (...args: never[]) => T): Promise<T> {
  try {
    await p;
  } catch (e) {
    assert.ok(e instanceof type, `expected ${type.name}, got ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}`);
    return e;
  }
  assert.fail(`expected a ${type.name}`);
}

/** What must be equal whichever source the same image came from. */
function essence(r: ImageScanResult) {
  return {
    configDigest: r.metadata.configDigest,
    platform: r.metadata.platform,
    layers: r.layers.map((l) => ({ index: l.index, diffID: l.diffID, createdBy: l.createdBy })),
    os: r.sbom.os ? { family: r.sbom.os.family, version: r.sbom.os.version } : undefined,
    packages: r.sbom.packages.map((p) => `${p.purl} ${p.locations.map((l) => `${l.path}@${l.layer?.diffID ?? ''}`).join(',')}`).sort(),
  };
}

async function drainLayers(source: ImageSource): Promise<number> {
  let bytes = 0;
  for (const layer of source.layers) for await (const chunk of await source.openLayer(layer)) bytes += (chunk as Buffer).length;
  return bytes;
}

const FOREIGN = 'application/vnd.docker.image.rootfs.foreign.diff.tar.gzip';

/** A two-layer image whose bottom layer is "foreign" (Windows base layers are), with URLs. */
async function foreignLayerImage(urls: string[] = ['https://example.invalid/layer.tar.gz']) {
  const foreign = await makeLayer({ 'Files/windows': 'x' });
  const layer = await makeLayer({ 'etc/os-release': 'ID=test\n' });
  const config = Buffer.from(JSON.stringify({ architecture: 'amd64', os: 'linux', rootfs: { type: 'layers', diff_ids: [foreign.diffId, layer.diffId] }, history: [] }));
  const manifest = Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: MT.dockerManifest,
      config: { mediaType: MT.dockerConfig, size: config.length, digest: sha256(config) },
      layers: [
        { mediaType: FOREIGN, size: foreign.gz.length, digest: sha256(foreign.gz), urls },
        { mediaType: MT.dockerLayer, size: layer.gz.length, digest: sha256(layer.gz) },
      ],
    }),
  );
  return { foreign, layer, config, manifest };
}

/**
 * Just enough of the distribution API to serve one manifest and some blobs: for what a real
 * registry refuses to hold (a manifest whose foreign layer it does not have). Counts requests.
 */
async function miniRegistry(manifest: Buffer, blobs: Buffer[]): Promise<{ host: string; requests: string[]; stop(): Promise<void> }> {
  const byDigest = new Map(blobs.map((b) => [sha256(b), b]));
  const requests: string[] = [];
  const server = http.createServer((req, res) => {
    requests.push(`${req.method} ${req.url}`);
    const url = req.url ?? '';
    if (url === '/v2/') return void res.writeHead(200).end('{}');
    if (/^\/v2\/.+\/manifests\//.test(url)) {
      return void res.writeHead(200, { 'Content-Type': MT.dockerManifest, 'Docker-Content-Digest': sha256(manifest), 'Content-Length': manifest.length }).end(manifest);
    }
    const blob = byDigest.get(url.replace(/^.*\/blobs\//, ''));
    if (!blob) return void res.writeHead(404, { 'Content-Type': 'application/json' }).end('{"errors":[{"code":"BLOB_UNKNOWN","message":"blob unknown to registry"}]}');
    res.writeHead(200, { 'Content-Length': blob.length }).end(req.method === 'HEAD' ? undefined : blob);
  });
  const port = await freePort();
  await new Promise<void>((r) => server.listen(port, '127.0.0.1', () => r()));
  return { host: `127.0.0.1:${port}`, requests, stop: () => new Promise<void>((r) => server.close(() => r())) };
}

describe('non-distributable layer missing from the registry (minimal registry server)', () => {
  test('clear error listing its URLs before any layer is read; nothing is fetched from the URLs', async () => {
    const elsewhere = await miniRegistry(Buffer.from('{}'), []);
    const image = await foreignLayerImage([`http://${elsewhere.host}/layer.tar.gz`]);
    const mini = await miniRegistry(image.manifest, [image.config, image.layer.gz]);
    try {
      const e = await rejects(openImageSource(`docker://${mini.host}/team/foreign:1`, { registry: { insecureHosts: [mini.host, elsewhere.host], credentials: NO_CREDS } }), InputError);
      assert.match(e.message, new RegExp(`layer 0 \\(${sha256(image.foreign.gz)}\\) of ${mini.host}/team/foreign is a non-distributable layer the registry does not hold`));
      assert.match(e.hint ?? '', new RegExp(`does not download .*${elsewhere.host}/layer\\.tar\\.gz`));
      assert.deepEqual(elsewhere.requests, []);
      assert.ok(!mini.requests.some((r) => r.startsWith('GET') && r.includes(sha256(image.layer.gz))), 'no layer was read');
    } finally {
      await mini.stop();
      await elsewhere.stop();
    }
  });

  test('one the registry does hold (allowed by its config) is read like any other', async () => {
    const image = await foreignLayerImage();
    const mini = await miniRegistry(image.manifest, [image.config, image.foreign.gz, image.layer.gz]);
    try {
      const source = await openImageSource(`docker://${mini.host}/team/foreign:1`, { registry: { insecureHosts: [mini.host], credentials: NO_CREDS } });
      assert.equal(source.layers[0]!.mediaType, FOREIGN);
      assert.ok((await drainLayers(source)) > 0);
      await source.close();
    } finally {
      await mini.stop();
    }
  });
});

/*
 * A real distribution registry refuses manifests whose layers carry URLs unless its config allows
 * them (validation.manifests.urls), so the minimal server above stands in for such registries.
 */

describe('registry image source (real registry, plain HTTP on loopback)', { skip }, () => {
  let reg: RegistryServer;
  let options: { registry: { insecureHosts: string[]; credentials: typeof NO_CREDS } };
  let index: { indexDigest: string; images: PushedImage[] };
  let plain: PushedImage;
  let tampered: PushedImage;

  before(async () => {
    reg = await startRegistry();
    options = { registry: { insecureHosts: [reg.host], credentials: NO_CREDS } };
    const pusher = new Pusher(reg.baseUrl);
    plain = await pusher.pushImage('team/app', '1.0.0', { created: daysAgo(10) });
    tampered = await pusher.pushImage('team/tamper', 'layer', { created: daysAgo(2) });
    index = await pusher.pushIndex('team/app', 'multi', [
      { architecture: 'amd64', created: daysAgo(5) },
      { architecture: 'arm64', variant: 'v8', created: daysAgo(6) },
    ]);
  });
  after(async () => {
    await reg?.stop();
  });

  test('docker://REGISTRY/NAME:TAG: metadata as docker records a pull, layers from manifest + config', async () => {
    const source = await openImageSource(`docker://${reg.host}/team/app:1.0.0`, options);
    try {
      const m = source.metadata;
      assert.equal(m.sourceKind, 'registry');
      assert.equal(m.reference, `docker://${reg.host}/team/app:1.0.0`);
      assert.equal(m.configDigest, plain.configDigest);
      assert.equal(m.manifestDigest, plain.manifestDigest);
      assert.equal(m.manifestMediaType, MT.dockerManifest);
      assert.deepEqual(m.repoTags, [`${reg.host}/team/app:1.0.0`]);
      assert.deepEqual(m.repoDigests, [`${reg.host}/team/app@${plain.manifestDigest}`]);
      assert.deepEqual(m.platform, { os: 'linux', architecture: 'amd64' });
      assert.equal(source.layers.length, 1);
      const [layer] = source.layers;
      assert.equal(layer!.digest, plain.layerDigest);
      assert.equal(layer!.compression, 'gzip');
      assert.match(layer!.createdBy ?? '', /ADD file:fixture/);
      assert.equal(layer!.diffID, m.config.rootfs!.diff_ids[0]);
      assert.ok((await drainLayers(source)) > 0);
    } finally {
      await source.close();
    }
  });

  test('--image-src registry takes a bare name; a pinned digest is verified', async () => {
    const bare = await openImageSource(`${reg.host}/team/app:1.0.0@${plain.manifestDigest}`, { ...options, sourceKind: 'registry' });
    assert.equal(bare.metadata.manifestDigest, plain.manifestDigest);
    await bare.close();
    const wrong = sha256(Buffer.from('another manifest'));
    const e = await rejects(openImageSource(`docker://${reg.host}/team/app@${wrong}`, options), RegistryError);
    assert.equal(e.kind, 'not-found', e.message);
    assert.match(e.message, new RegExp(wrong));
  });

  test('a platform is picked from an index; the index digest is the repo digest', async () => {
    const arm = await openImageSource(`docker://${reg.host}/team/app:multi`, { ...options, platform: 'linux/arm64' });
    try {
      assert.equal(arm.metadata.manifestDigest, index.images[1]!.manifestDigest);
      assert.equal(arm.metadata.configDigest, index.images[1]!.configDigest);
      assert.deepEqual(arm.metadata.repoDigests, [`${reg.host}/team/app@${index.indexDigest}`]);
      assert.deepEqual(arm.metadata.platform, { os: 'linux', architecture: 'arm64', variant: 'v8' });
      assert.equal(arm.metadata.manifestMediaType, MT.ociManifest);
      assert.equal(arm.layers[0]!.digest, index.images[1]!.layerDigest);
    } finally {
      await arm.close();
    }
    // Aliases are understood as everywhere else (image/platform.ts): aarch64 is arm64.
    const alias = await openImageSource(`docker://${reg.host}/team/app:multi`, { ...options, platform: 'linux/aarch64' });
    assert.equal(alias.metadata.manifestDigest, index.images[1]!.manifestDigest);
    await alias.close();
    const amd = await openImageSource(`docker://${reg.host}/team/app:multi`, options);
    assert.equal(amd.metadata.manifestDigest, index.images[0]!.manifestDigest, 'linux/amd64 by default');
    await amd.close();
    const e = await rejects(openImageSource(`docker://${reg.host}/team/app:multi`, { ...options, platform: 'linux/s390x' }), RegistryError);
    assert.match(e.message, /no image for linux\/s390x \(available: linux\/amd64, linux\/arm64\/v8\)/);
    assert.match(e.hint ?? '', /--platform/);
    // A single-platform image asked for another platform says so instead of scanning it.
    const single = await rejects(openImageSource(`docker://${reg.host}/team/app:1.0.0`, { ...options, platform: 'linux/arm64' }), InputError);
    assert.match(single.message, /is an image for linux\/amd64, not linux\/arm64/);
  });

  test('a layer blob the registry serves corrupted fails the scan, naming the blob', async () => {
    corruptBlob(reg.dataDir, tampered.layerDigest);
    const e = await rejects(scanImage(`docker://${reg.host}/team/tamper:layer`, { ...options, cacheDir: false }), InputError);
    assert.match(e.message, new RegExp(tampered.layerDigest));
    assert.match(e.message, /digest mismatch/);
  });

  test('the layer reader checks the diffID of registry layers too (config naming other content)', async () => {
    const pusher = new Pusher(reg.baseUrl);
    const layer = await makeLayer({ 'etc/os-release': 'ID=test\n' });
    const wrongDiffId = sha256(Buffer.from('some other tar'));
    const config = Buffer.from(JSON.stringify({ architecture: 'amd64', os: 'linux', rootfs: { type: 'layers', diff_ids: [wrongDiffId] }, history: [] }));
    await pusher.pushBlob('team/diffid', config);
    await pusher.pushBlob('team/diffid', layer.gz);
    const manifest = Buffer.from(
      JSON.stringify({
        schemaVersion: 2,
        mediaType: MT.dockerManifest,
        config: { mediaType: MT.dockerConfig, size: config.length, digest: sha256(config) },
        layers: [{ mediaType: MT.dockerLayer, size: layer.gz.length, digest: sha256(layer.gz) }],
      }),
    );
    await pusher.pushManifest('team/diffid', '1', MT.dockerManifest, manifest);
    const e = await rejects(scanImage(`docker://${reg.host}/team/diffid:1`, { ...options, cacheDir: false }), DigestMismatchError);
    assert.match(e.message, /layer 0 .*uncompressed content \(diffID\): digest mismatch/);
    assert.equal(e.expected, wrongDiffId);
    assert.equal(e.actual, layer.diffId);
  });

  test('missing tag and repository: RegistryError not-found naming what is missing', async () => {
    const tag = await rejects(openImageSource(`docker://${reg.host}/team/app:9.9.9`, options), RegistryError);
    assert.equal(tag.kind, 'not-found');
    assert.match(tag.message, /team\/app:9\.9\.9/);
    const repo = await rejects(openImageSource(`docker://${reg.host}/team/nothing:1`, options), RegistryError);
    assert.equal(repo.kind, 'not-found');
    assert.match(repo.message, /team\/nothing/);
  });

  test('unreachable registry: RegistryError unreachable (exit 2), naming the host', async () => {
    const port = await freePort();
    const e = await rejects(openImageSource(`docker://127.0.0.1:${port}/x:1`, { registry: { insecureHosts: [`127.0.0.1:${port}`], credentials: NO_CREDS } }), RegistryError);
    assert.equal(e.kind, 'unreachable');
    assert.equal(e.code, 'INPUT');
    assert.match(e.message, new RegExp(`127\\.0\\.0\\.1:${port}`));
  });

  test('HTTPS is required unless --insecure-registry names the host', async () => {
    const e = await rejects(openImageSource(`docker://${reg.host}/team/app:1.0.0`, { registry: { credentials: NO_CREDS } }), RegistryError);
    assert.equal(e.kind, 'tls', e.message);
    assert.match(e.hint ?? '', new RegExp(`--insecure-registry ${reg.host.replace(/\./g, '\\.')}`));
  });

  test('credentials in the reference are refused without repeating them', async () => {
    const e = await rejects(openImageSource(`docker://user:hunter2@${reg.host}/team/app:1.0.0`, options), InputError);
    assert.doesNotMatch(`${e.message} ${e.hint}`, /hunter2/);
    assert.match(e.hint ?? '', /--creds/);
  });

  test('RegistryClient.hasBlob: HEAD answers true for a stored blob, false for an unknown one', async () => {
    const client = new RegistryClient({ insecureHosts: [reg.host], credentials: NO_CREDS });
    try {
      const repo = { registry: reg.host, apiHost: reg.host, repository: 'team/app' };
      assert.equal(await client.hasBlob(repo, plain.layerDigest), true);
      assert.equal(await client.hasBlob(repo, sha256(Buffer.from('nothing'))), false);
    } finally {
      client.close();
    }
  });

  test('openRegistryImage with a caller-owned client leaves the client open', async () => {
    let closed = 0;
    const client = new RegistryClient({ insecureHosts: [reg.host], credentials: NO_CREDS });
    const close = client.close.bind(client);
    client.close = () => {
      closed++;
      close();
    };
    const source = await openRegistryImage(`${reg.host}/team/app:1.0.0`, { client });
    await source.close();
    assert.equal(closed, 0);
    client.close();
  });
});

describe('registry = layout = archive for built fixtures (skopeo push)', { skip: skip ?? skopeoSkipReason() ?? fixturesSkipReason(['apk', 'oci'], ['rpm-sqlite', 'oci'], ['app', 'docker-archive']) }, () => {
  let reg: RegistryServer;
  let options: { registry: { insecureHosts: string[]; credentials: typeof NO_CREDS } };

  before(async () => {
    reg = await startRegistry();
    options = { registry: { insecureHosts: [reg.host], credentials: NO_CREDS } };
    const apk = fixturePath('apk', 'oci')!;
    const rpm = fixturePath('rpm-sqlite', 'oci')!;
    skopeoPush(`oci:${apk.path}:${apk.ref}`, reg.host, 'fixtures/apk:1');
    skopeoPush(`oci:${rpm.path}:${rpm.ref}`, reg.host, 'fixtures/rpm:1');
  });
  after(async () => {
    await reg?.stop();
  });

  for (const [name, fixture, repo] of [
    ['apk (Alpine database)', 'apk', 'fixtures/apk:1'],
    ['rpm (sqlite database)', 'rpm-sqlite', 'fixtures/rpm:1'],
  ] as const) {
    test(`${name}: same packages, layers and manifest as the OCI layout it was pushed from`, async () => {
      const layout = fixturePath(fixture, 'oci')!;
      const fromLayout = await scanImage(`oci:${layout.path}:${layout.ref}`, { cacheDir: false });
      const fromRegistry = await scanImage(`docker://${reg.host}/${repo}`, { ...options, cacheDir: false });
      assert.ok(fromLayout.sbom.packages.length > 0, 'the fixture has packages');
      assert.deepEqual(essence(fromRegistry), essence(fromLayout));
      // skopeo copies an OCI manifest unchanged: the same digest, now also a repo digest.
      assert.equal(fromRegistry.metadata.manifestDigest, fromLayout.metadata.manifestDigest);
      assert.deepEqual(fromRegistry.metadata.repoDigests, [`${reg.host}/${repo.replace(/:1$/, '')}@${fromLayout.metadata.manifestDigest}`]);
    });
  }

  test('docker-archive pushed (layers compressed by skopeo): same diffIDs and packages as the archive', { timeout: 300_000 }, async () => {
    const archive = fixturePath('app', 'docker-archive')!;
    skopeoPush(`docker-archive:${archive.path}`, reg.host, 'fixtures/app:1');
    const fromArchive = await scanImage(archive.path, { cacheDir: false });
    const fromRegistry = await scanImage(`docker://${reg.host}/fixtures/app:1`, { ...options, cacheDir: false });
    assert.ok(fromArchive.sbom.packages.length > 10);
    assert.deepEqual(essence(fromRegistry), essence(fromArchive));
    assert.equal(fromRegistry.metadata.manifestMediaType, MT.dockerManifest);
  });
});

describe('bare image name: local engines first, then the registry', { skip }, () => {
  let reg: RegistryServer;
  const saved: Record<string, string | undefined> = {};
  const VARS = ['DOCKER_HOST', 'DOCKER_CONTEXT', 'DOCKER_CONFIG', 'CONTAINER_HOST', 'XDG_RUNTIME_DIR', 'DOCKER_TLS_VERIFY', 'DOCKER_CERT_PATH'];

  before(async () => {
    reg = await startRegistry();
    await new Pusher(reg.baseUrl).pushImage('team/app', '2.0.0', { created: daysAgo(1) });
    // No engine can be reached: DOCKER_HOST names a socket that does not exist, the rootless
    // podman socket lives in an empty runtime dir. The default sockets must be absent too.
    const dir = tempDir();
    mkdirSync(join(dir, 'run'));
    for (const v of VARS) saved[v] = process.env[v];
    for (const v of VARS) delete process.env[v];
    process.env.DOCKER_HOST = `unix://${join(dir, 'no-docker.sock')}`;
    process.env.DOCKER_CONFIG = join(dir, 'docker-config');
    process.env.XDG_RUNTIME_DIR = join(dir, 'run');
  });
  after(async () => {
    for (const v of VARS) {
      if (saved[v] === undefined) delete process.env[v];
      else process.env[v] = saved[v];
    }
    await reg?.stop();
  });

  const engineSockets = ['/var/run/docker.sock', '/run/podman/podman.sock'].filter((p) => existsSync(p));
  const engineSkip = engineSockets.length > 0 ? `a local engine socket exists (${engineSockets.join(', ')}); the fallback is only tested with none` : false;

  test('an image no engine has is read from its registry', { skip: engineSkip }, async () => {
    const source = await openImageSource(`${reg.host}/team/app:2.0.0`, { registry: { insecureHosts: [reg.host], credentials: NO_CREDS } });
    try {
      assert.equal(source.metadata.sourceKind, 'registry');
      assert.equal(source.metadata.reference, `${reg.host}/team/app:2.0.0`);
    } finally {
      await source.close();
    }
  });

  test('found nowhere: one error with every engine answer, the registry answer, and what to do', { skip: engineSkip }, async () => {
    const e = await rejects(openImageSource(`${reg.host}/team/app:9.9.9`, { registry: { insecureHosts: [reg.host], credentials: NO_CREDS } }), InputError);
    assert.ok(e instanceof ImageNotFoundError && isLocalImageNotFound(e), 'still a LocalImageNotFoundError for callers that branch on it');
    assert.match(e.message, /^image '127\.0\.0\.1:\d+\/team\/app:9\.9\.9' was not found locally: no container engine is reachable \(/);
    assert.match(e.message, /DOCKER_HOST[^;]*no-docker\.sock[^;]*: no socket/);
    assert.match(e.message, /podman rootless socket [^;]*: no socket/);
    assert.match(e.message, new RegExp(`\\), nor in its registry ${reg.host.replace(/\./g, '\\.')}: no such tag`));
    assert.match(e.hint ?? '', /docker pull/);
    assert.match(e.hint ?? '', /podman load/);
    assert.match(e.hint ?? '', /--image-src/);
    assert.ok(e.cause instanceof RegistryError);
  });

  test('found nowhere because the registry speaks plain HTTP: the hint names --insecure-registry', { skip: engineSkip }, async () => {
    const e = await rejects(openImageSource(`${reg.host}/team/app:2.0.0`, { registry: { credentials: NO_CREDS } }), InputError);
    assert.match(e.message, /was not found locally.*, nor in its registry .*: TLS connection/);
    assert.match(e.hint ?? '', /--insecure-registry/);
  });

  test('an image ID never goes to a registry', { skip: engineSkip }, async () => {
    const e = await rejects(openImageSource('0123456789abcdef', {}), InputError);
    assert.match(e.message, /^image '0123456789abcdef' was not found locally: no container engine is reachable/);
  });
});
