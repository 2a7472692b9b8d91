/**
 * openEngineImage against stand-in engines (fake-engine.ts): Docker-shaped exports, failures
 * mid-stream, a tag that moves, lookups where nothing runs. The real-engine path is podman.test.ts.
 */
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import type { Analyzer } from '../../../../src/analyze/analyzer.js';
import type { ImageSource } from '../../../../src/image/types.js';
import { walkImage } from '../../../../src/image/walk.js';
import { LayerCache } from '../../../../src/image/cache.js';
import type { EndpointEnvironment } from '../../../../src/source/image/engine/endpoints.js';
import { EngineError, isEngineReference, isLocalImageNotFound, LocalImageNotFoundError, openEngineImage } from '../../../../src/source/image/engine/index.js';
import { openImageSource } from '../../../../src/source/image/index.js';
import { buildImage, buildTar, dockerArchiveFiles, packFiles, sha256, tempDir } from '../../../image/build-image.js';
import { packInOrder, podmanStyleFiles, smallImage, startFakeEngine, type FakeEngine, type FakeEngineOptions } from './fake-engine.js';

const dirs: string[] = [];
const engines: FakeEngine[] = [];
function tmp(): string {
  const d = tempDir('ls-engine-open-');
  dirs.push(d);
  return d;
}
after(async () => {
  for (const e of engines) await e.close();
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

async function fake(options: FakeEngineOptions): Promise<FakeEngine> {
  const engine = await startFakeEngine(tmp(), options);
  engines.push(engine);
  return engine;
}

/** Only DOCKER_HOST can be found (no contexts, no default sockets that exist). */
function hostOnly(url: string): EndpointEnvironment {
  const home = tmp();
  return { env: { DOCKER_HOST: url, DOCKER_CONFIG: path.join(home, '.docker'), XDG_RUNTIME_DIR: path.join(home, 'run') }, homedir: home, uid: 0 };
}

const osRelease: Analyzer = {
  name: 'os-release',
  version: 1,
  wants: (p) => p === 'etc/os-release',
  analyze: ({ content }) => ({ facts: { id: /^ID=(.*)$/m.exec(content.toString())?.[1] } }),
};

async function walkSummary(source: ImageSource): Promise<unknown> {
  const result = await walkImage(source, { analyzers: [osRelease] });
  return { files: [...result.filesystem.keys()].sort(), effective: result.effective.map((o) => [o.path, o.layer.index, o.output.facts]) };
}

/** Opens and walks an engine image (errors in the export surface during the walk), then closes it. */
async function openAndWalk(name: string, options: Parameters<typeof openEngineImage>[1]): Promise<unknown> {
  const source = await openEngineImage(name, options);
  try {
    return await walkSummary(source);
  } finally {
    await source.close();
  }
}

/** Bytes of the export kept in memory, spooled, streamed to the walk, passed over. */
function transfer(source: ImageSource): { inline: number; spooled: number; delivered: number; passed: number } {
  return (source as unknown as { transfer: { inline: number; spooled: number; delivered: number; passed: number } }).transfer;
}

describe('Docker-shaped exports', () => {
  test('Docker ≥ 25 (OCI layout + manifest.json, lexical order): same metadata and walk as the archive', async () => {
    const img = await smallImage('docker25');
    const files = dockerArchiveFiles([{ image: img, repoTags: ['myapp:dev'] }], 'docker25');
    const archive = await packFiles(new Map([...files].sort(([a], [b]) => (a < b ? -1 : 1))));
    const engine = await fake({ images: [{ names: ['myapp:dev'], image: img, archive }] });
    const spool = tmp();
    const source = await openEngineImage('myapp:dev', { environment: hostOnly(engine.url), tempDir: spool, maxInlineMemberBytes: 0 });
    const file = path.join(tmp(), 'saved.tar');
    fs.writeFileSync(file, archive);
    const original = await openImageSource(file, { tempDir: tmp() });
    try {
      // Before the walk: what inspect said.
      assert.equal(source.metadata.configDigest, img.configDigest);
      assert.deepEqual(source.layers.map((l) => l.diffID), img.layers.map((l) => l.diffID));
      const walked = await walkSummary(source);
      assert.deepEqual(walked, await walkSummary(original));
      assert.deepEqual((walked as { effective: unknown[] }).effective, [['etc/os-release', 0, { id: 'docker25' }]]);
      // After it: exactly the archive's metadata.
      assert.equal(source.metadata.sourceKind, 'docker-engine');
      assert.deepEqual(source.metadata.repoTags, ['myapp:dev']);
      assert.deepEqual(source.metadata.repoDigests, [`myapp@${img.manifestDigest}`]);
      assert.equal(source.metadata.configDigest, img.configDigest);
      assert.equal(source.metadata.manifestDigest, img.manifestDigest);
      assert.deepEqual(source.metadata.config, original.metadata.config);
      assert.deepEqual(
        source.layers.map((l) => [l.digest, l.diffID, l.mediaType, l.createdBy]),
        original.layers.map((l) => [l.digest, l.diffID, l.mediaType, l.createdBy]),
      );
      // Digest order: a layer arriving before the walk wants it is spooled, the others are
      // streamed to the walk as they arrive.
      const [l0, l1] = img.layers as [typeof img.layers[0], typeof img.layers[0]];
      const stats = transfer(source);
      if (l0.diffID < l1.diffID) assert.equal(stats.delivered, l0.size + l1.size, JSON.stringify(stats));
      else assert.ok(stats.delivered === l0.size && stats.spooled >= l1.size, JSON.stringify(stats));
    } finally {
      await source.close();
      await original.close();
    }
    assert.deepEqual(fs.readdirSync(spool), []);
  });

  test('containerd image store: compressed layers, image ID = manifest digest; manifest.json first works too', async () => {
    const base = await buildTar([{ name: 'etc/os-release', content: 'ID=containerd\n' }]);
    const img = buildImage({ layers: [{ tar: base, compression: 'gzip' }] });
    const files = dockerArchiveFiles([{ image: img, repoTags: ['app:1'] }], 'docker25');
    const archive = await packInOrder(files, ['manifest.json', 'index.json']);
    const engine = await fake({ images: [{ names: ['app:1'], image: img, archive, inspect: { Id: img.manifestDigest } }] });
    const source = await openEngineImage('app:1', { environment: hostOnly(engine.url), tempDir: tmp() });
    try {
      assert.deepEqual(await walkSummary(source), { files: ['etc', 'etc/os-release'], effective: [['etc/os-release', 0, { id: 'containerd' }]] });
      assert.equal(source.layers[0]!.compression, 'gzip');
      assert.equal(source.layers[0]!.digest, img.layers[0]!.digest);
    } finally {
      await source.close();
    }
  });

  test('a layer whose bytes do not match its diff ID fails the walk like an archive would', async () => {
    const base = await buildTar([{ name: 'etc/os-release', content: 'ID=tampered\n' }]);
    const img = buildImage({ layers: [{ tar: base, compression: 'none', wrongDiffID: true }] });
    const archive = await packFiles(podmanStyleFiles(img, ['bad:1']));
    const engine = await fake({ images: [{ names: ['bad:1'], image: img, archive }] });
    const source = await openEngineImage('bad:1', { environment: hostOnly(engine.url), tempDir: tmp() });
    await assert.rejects(walkImage(source, { analyzers: [osRelease] }), /layer 0 \(sha256:.*\) uncompressed content \(diffID\): digest mismatch/);
    await source.close();
  });
});

describe('streaming the export to the walk', () => {
  test('layers the cache already has are passed over, not spooled; the walk result is the same', async () => {
    const img = await smallImage('cached');
    const archive = await packFiles(podmanStyleFiles(img, ['cached:1']));
    const engine = await fake({ images: [{ names: ['cached:1'], image: img, archive }], podman: true });
    const cache = new LayerCache(tmp());
    const spool = tmp();
    const runs: Array<{ summary: unknown; stats: ReturnType<typeof transfer> }> = [];
    for (let i = 0; i < 2; i++) {
      const source = await openEngineImage('cached:1', { environment: hostOnly(engine.url), tempDir: spool, maxInlineMemberBytes: 0 });
      try {
        const result = await walkImage(source, { analyzers: [osRelease], cache });
        runs.push({ summary: { files: [...result.filesystem.keys()].sort(), cached: result.layers.map((l) => l.cached) }, stats: { ...transfer(source) } });
      } finally {
        await source.close();
      }
    }
    const size = img.layers.reduce((n, l) => n + l.size, 0);
    assert.deepEqual((runs[0]!.summary as { cached: boolean[] }).cached, [false, false]);
    assert.deepEqual((runs[1]!.summary as { cached: boolean[] }).cached, [true, true]);
    assert.deepEqual((runs[1]!.summary as { files: string[] }).files, (runs[0]!.summary as { files: string[] }).files);
    assert.equal(runs[0]!.stats.delivered, size, 'first run: streamed to the walk');
    assert.equal(runs[1]!.stats.delivered, 0, 'second run: nothing read for the walk');
    assert.ok(runs[1]!.stats.passed >= size, 'second run: layers passed over');
    for (const run of runs) assert.ok(run.stats.spooled < 4096, `only the small config and manifest members may be spooled: ${JSON.stringify(run.stats)}`);
    assert.deepEqual(fs.readdirSync(spool), []);
  });

  test('a layer that arrives early but is in the layer cache is passed over, not spooled', async () => {
    // Docker writes layers in digest order: find two layers whose upper one sorts first.
    let img: Awaited<ReturnType<typeof smallImage>> | undefined;
    for (let i = 0; !img; i++) {
      const lower = await buildTar([{ name: 'etc/os-release', content: `ID=early${i}\n` }, { name: 'opt/big', content: Buffer.alloc(8192, i) }]);
      const upper = await buildTar([{ name: 'app/data', content: Buffer.alloc(8192, 255 - (i % 200)) }]);
      const candidate = buildImage({ layers: [{ tar: lower, compression: 'none' }, { tar: upper, compression: 'none' }] });
      if (candidate.layers[1]!.diffID < candidate.layers[0]!.diffID) img = candidate;
    }
    const files = dockerArchiveFiles([{ image: img, repoTags: ['early:1'] }], 'docker25');
    const archive = await packFiles(new Map([...files].sort(([a], [b]) => (a < b ? -1 : 1))));
    const engine = await fake({ images: [{ names: ['early:1'], image: img, archive }] });
    const cache = new LayerCache(tmp());
    const walkOnce = async () => {
      const source = await openEngineImage('early:1', { environment: hostOnly(engine.url), tempDir: tmp(), maxInlineMemberBytes: 0 });
      try {
        const result = await walkImage(source, { analyzers: [osRelease], cache });
        return { cached: result.layers.map((l) => l.cached), files: [...result.filesystem.keys()].sort(), stats: { ...transfer(source) } };
      } finally {
        await source.close();
      }
    };
    const first = await walkOnce();
    assert.deepEqual(first.cached, [false, false]);
    assert.ok(first.stats.spooled >= img.layers[1]!.size, `cold: the early upper layer is spooled for later: ${JSON.stringify(first.stats)}`);
    // Forget the lower layer: the walk must read it, and takes the upper one from the cache.
    fs.rmSync(cache.entryPath(img.layers[0]!.diffID, [osRelease]));
    const second = await walkOnce();
    assert.deepEqual(second.cached, [false, true]);
    assert.deepEqual(second.files, first.files);
    assert.equal(second.stats.delivered, img.layers[0]!.size, 'the lower layer streamed to the walk');
    assert.ok(second.stats.spooled < img.layers[1]!.size, `the cached upper layer was not spooled: ${JSON.stringify(second.stats)}`);
    assert.ok(second.stats.passed >= img.layers[1]!.size);
  });

  test('a layer the image lists twice is kept once for its second use', async () => {
    const shared = await buildTar([{ name: 'opt/shared', content: Buffer.alloc(20_000, 's') }]);
    const middle = await buildTar([{ name: 'etc/os-release', content: 'ID=twice\n' }]);
    const img = buildImage({ layers: [{ tar: shared, compression: 'none' }, { tar: middle, compression: 'none' }, { tar: shared, compression: 'none' }] });
    assert.equal(img.layers[0]!.diffID, img.layers[2]!.diffID);
    const archive = await packFiles(podmanStyleFiles(img, ['twice:1']));
    const engine = await fake({ images: [{ names: ['twice:1'], image: img, archive }], podman: true });
    const source = await openEngineImage('twice:1', { environment: hostOnly(engine.url), tempDir: tmp(), maxInlineMemberBytes: 1024 });
    try {
      const result = await walkImage(source, { analyzers: [osRelease] });
      assert.deepEqual(result.layers.map((l) => l.files.map((f) => f.path)), [['opt/shared'], ['etc/os-release'], ['opt/shared']]);
      const stats = transfer(source);
      assert.equal(stats.spooled >= img.layers[0]!.size, true, `the shared layer was kept for its second use: ${JSON.stringify(stats)}`);
      assert.equal(stats.delivered, img.layers[1]!.size, 'the middle layer was streamed');
    } finally {
      await source.close();
    }
  });
});

describe('failures while reading', () => {
  test('connection reset, clean end and in-band error mid-export: errors naming the image; nothing left on disk', async () => {
    const img = await smallImage('broken');
    const archive = await packFiles(podmanStyleFiles(img, ['broken:1']));
    const modes: Array<[FakeEngineOptions['exportMode'], RegExp]> = [
      [{ kind: 'reset', after: 3000 }, /^the export of 'broken:1' \(Docker export of 'broken:1' \(DOCKER_HOST unix:\/\/.*\)\) was cut mid-way/],
      [{ kind: 'cut', after: 3000 }, /^the export of 'broken:1' .* was cut mid-way: member '.*' ends after/],
      [{ kind: 'in-band-error', after: 3000, message: 'write /var/lib/docker/tmp: no space left on device' }, /^the engine failed while exporting 'broken:1': write \/var\/lib\/docker\/tmp: no space left on device$/],
    ];
    for (const [exportMode, message] of modes) {
      const engine = await fake({ images: [{ names: ['broken:1'], image: img, archive }], exportMode });
      const spool = tmp();
      await assert.rejects(openAndWalk('broken:1', { environment: hostOnly(engine.url), tempDir: spool, maxInlineMemberBytes: 0 }), (err: unknown) => {
        assert.ok(err instanceof EngineError, String(err));
        assert.equal(err.kind, 'export-failed');
        assert.match(err.message, message);
        return true;
      });
      assert.deepEqual(fs.readdirSync(spool), [], JSON.stringify(exportMode));
    }
  });

  test('an engine that stops sending is cut by the idle timeout, and says so', async () => {
    const img = await smallImage('hung');
    const archive = await packFiles(podmanStyleFiles(img, ['hung:1']));
    const engine = await fake({ images: [{ names: ['hung:1'], image: img, archive }], exportMode: { kind: 'stall', after: 2000 } });
    await assert.rejects(openAndWalk('hung:1', { environment: hostOnly(engine.url), tempDir: tmp(), client: { exportIdleTimeoutMs: 300 } }), (err: unknown) => {
      assert.ok(err instanceof EngineError && err.kind === 'export-failed');
      assert.match(err.message, /^the export of 'hung:1' .* was cut mid-way: no answer within 300 ms$/);
      return true;
    });
  });

  test('a tag that moved between inspect and export is refused', async () => {
    const img = await smallImage('moving');
    const archive = await packFiles(podmanStyleFiles(img, ['moving:1']));
    const other = sha256('another image');
    for (const inspect of [{ Id: other }, { RootFS: { Type: 'layers', Layers: [img.layers[0]!.diffID] } }]) {
      const engine = await fake({ images: [{ names: ['moving:1'], image: img, archive, inspect }] });
      await assert.rejects(openAndWalk('moving:1', { environment: hostOnly(engine.url), tempDir: tmp() }), (err: unknown) => {
        assert.ok(err instanceof EngineError && err.kind === 'export-failed');
        assert.match(err.message, /the image 'moving:1' changed while it was read/);
        return true;
      });
    }
  });
});

describe('lookup', () => {
  test('the first engine that has the image is used; not found anywhere is LocalImageNotFoundError', async () => {
    const a = await smallImage('in-a');
    const b = await smallImage('in-b');
    const docker = await fake({ images: [{ names: ['a:1'], image: a, archive: await packFiles(podmanStyleFiles(a, ['a:1'])) }] });
    const run = tmp();
    const podman = await startFakeEngine(run, { podman: true, images: [{ names: ['b:1'], image: b, archive: await packFiles(podmanStyleFiles(b, ['b:1'])) }] });
    engines.push(podman);
    // The rootless podman socket is $XDG_RUNTIME_DIR/podman/podman.sock.
    fs.mkdirSync(path.join(run, 'podman'));
    fs.renameSync(podman.url.slice('unix://'.length), path.join(run, 'podman', 'podman.sock'));
    const environment: EndpointEnvironment = { env: { DOCKER_HOST: docker.url, XDG_RUNTIME_DIR: run, DOCKER_CONFIG: path.join(run, 'none') }, homedir: run, uid: 0 };

    const fromDocker = await openEngineImage('a:1', { environment, tempDir: tmp() });
    assert.equal(fromDocker.metadata.sourceKind, 'docker-engine');
    await fromDocker.close();
    const fromPodman = await openEngineImage('b:1', { environment, tempDir: tmp() });
    assert.equal(fromPodman.metadata.sourceKind, 'podman');
    assert.equal(fromPodman.metadata.configDigest, b.configDigest);
    await fromPodman.close();
    // Explicit podman does not ask DOCKER_HOST.
    await assert.rejects(openEngineImage('a:1', { engine: 'podman', environment, tempDir: tmp() }), (err: unknown) => {
      assert.ok(isLocalImageNotFound(err));
      assert.deepEqual(err.attempts.map((x) => [x.endpoint.split(' ')[0], x.outcome]).slice(0, 1), [['podman', 'not-found']]);
      assert.ok(!err.attempts.some((x) => x.endpoint.startsWith('DOCKER_HOST')));
      return true;
    });
  });

  test('explicit engine not running: EngineError naming the socket; automatic with nothing running: not found locally', async () => {
    const dir = tmp();
    const live = path.join(dir, 'live.sock');
    const stale = path.join(dir, 'docker.sock');
    const server = net.createServer();
    await new Promise<void>((resolve) => server.listen(live, resolve));
    fs.linkSync(live, stale);
    await new Promise<void>((resolve) => server.close(() => resolve()));
    const environment = hostOnly(`unix://${stale}`);

    await assert.rejects(openEngineImage('myapp:dev', { engine: 'docker', environment, tempDir: tmp() }), (err: unknown) => {
      assert.ok(err instanceof EngineError && !isLocalImageNotFound(err));
      assert.equal(err.kind, 'unavailable');
      assert.match(err.message, new RegExp(`^no engine at DOCKER_HOST unix://${stale}: connection refused`));
      assert.match(err.hint!, /start Docker/);
      return true;
    });
    // Only meaningful where no rootful podman runs (the rootless socket here does not exist).
    if (!fs.existsSync('/run/podman/podman.sock')) {
      await assert.rejects(openEngineImage('myapp:dev', { engine: 'podman', environment, tempDir: tmp() }), (err: unknown) => {
        assert.ok(err instanceof EngineError && err.kind === 'unavailable');
        assert.match(err.message, /^no podman engine is reachable \(podman rootless socket unix:\/\/.*: no socket; podman rootful socket unix:\/\/\/run\/podman\/podman\.sock: no socket\)$/);
        assert.match(err.hint!, /systemctl --user start podman\.socket/);
        return true;
      });
    }
    await assert.rejects(openEngineImage('myapp:dev', { environment, tempDir: tmp() }), (err: unknown) => {
      assert.ok(err instanceof LocalImageNotFoundError);
      assert.deepEqual(err.attempts[0], { endpoint: `DOCKER_HOST unix://${stale}`, outcome: 'unavailable', detail: 'connection refused (the engine is not running)' });
      return true;
    });
  });

  test('a DOCKER_HOST leftshift cannot use: an error when Docker is asked for, noted otherwise', async () => {
    const environment = hostOnly('ssh://me@build-host');
    await assert.rejects(openEngineImage('x:1', { engine: 'docker', environment }), /cannot use DOCKER_HOST=ssh:\/\/me@build-host: ssh:\/\/ endpoints are not supported/);
    await assert.rejects(openEngineImage('x:1', { environment }), (err: unknown) => {
      assert.ok(err instanceof LocalImageNotFoundError);
      assert.equal(err.attempts[0]!.endpoint, 'DOCKER_HOST');
      assert.match(err.attempts[0]!.detail, /ssh:\/\/ endpoints are not supported/);
      return true;
    });
  });

  test('isEngineReference: names and IDs yes, paths no', () => {
    for (const yes of ['myapp:dev', 'alpine', 'registry.example:5000/team/app@sha256:' + 'a'.repeat(64), `sha256:${'b'.repeat(64)}`, 'abcdef012345', 'app.tar']) {
      assert.equal(isEngineReference(yes), true, yes);
    }
    for (const no of ['/abs/image.tar', './image.tar', '../x', 'C:\\images\\x.tar', 'Has Spaces', 'Upper:1', 'app:bad tag']) {
      assert.equal(isEngineReference(no), false, no);
    }
  });
});

