/**
 * Reading images from a real podman API service (Docker-compatible API): an image built by
 * build-image.ts is `podman load`ed into a private store, then opened by name and walked; the
 * result must equal walking the original archive.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Analyzer } from '../../../../src/analyze/analyzer.js';
import type { ImageSource } from '../../../../src/image/types.js';
import { walkImage, type ImageWalkResult, type WalkOptions } from '../../../../src/image/walk.js';
import { EngineClient } from '../../../../src/source/image/engine/client.js';
import { parseEndpoint, type EndpointEnvironment } from '../../../../src/source/image/engine/endpoints.js';
import { readExport } from '../../../../src/source/image/engine/export-store.js';
import { isLocalImageNotFound, LocalImageNotFoundError, openEngineImage } from '../../../../src/source/image/engine/index.js';
import { openImageSource } from '../../../../src/source/image/index.js';
import { buildImage, buildTar, packFiles, tempDir, type BuiltImage } from '../../../image/build-image.js';
import { REPO_ROOT } from '../../../helpers/repo.js';
import { podmanStyleFiles } from './fake-engine.js';
import { podmanSkipReason, startPodman, type PodmanService } from './podman-harness.js';

const skip = podmanSkipReason();

const ROOT = REPO_ROOT;
const BIN = path.join(ROOT, 'bin', 'leftshift.js');

/** The fixture script's app image as a docker-archive, when the fixtures were built. */
function fixtureArchive(): string | undefined {
  const fixtures = process.env.LEFTSHIFT_FIXTURES ?? path.join(ROOT, '.fixtures');
  try {
    const manifest = JSON.parse(fs.readFileSync(path.join(fixtures, 'fixtures.json'), 'utf8')) as { images: Record<string, { formats: Record<string, { path: string }> }> };
    const file = path.join(fixtures, manifest.images.app!.formats['docker-archive']!.path);
    return fs.existsSync(file) ? file : undefined;
  } catch {
    return undefined;
  }
}
const TAG = 'localhost/leftshift/engine-test:1';

/** Every regular file's first bytes, so two walks can be compared output by output. */
const contents: Analyzer = {
  name: 'contents',
  version: 1,
  maxBytes: 64,
  wants: (_path, info) => info.type === 'file' || info.type === 'hardlink',
  analyze: ({ content }) => ({ facts: { head: content.toString('latin1') } }),
};

function summary(result: ImageWalkResult): unknown {
  return {
    files: [...result.filesystem.entries()].map(([p, e]) => [p, e.info.type, e.layer.index, e.layer.diffID, e.layer.createdBy]).sort(),
    effective: result.effective.map((o) => [o.path, o.layer.index, o.output.facts]).sort(),
    shadowed: result.shadowed.map((o) => [o.path, o.layer.index, o.output.facts]).sort(),
  };
}

async function walk(source: ImageSource, options: Partial<WalkOptions> = {}): Promise<unknown> {
  return summary(await walkImage(source, { analyzers: [contents], ...options }));
}

/** Restores the process environment after a test that goes through openImageSource. */
async function withEnv<T>(vars: Record<string, string | undefined>, fn: () => Promise<T>): Promise<T> {
  const saved = Object.fromEntries(Object.keys(vars).map((k) => [k, process.env[k]]));
  for (const [k, v] of Object.entries(vars)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  try {
    return await fn();
  } finally {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}

describe('images from a podman API service', { skip }, () => {
  let dir: string;
  let service: PodmanService;
  let image: BuiltImage;
  let archive: string;
  /** An environment where only the test service can be found (no DOCKER_HOST, no contexts). */
  let env: (vars: NodeJS.ProcessEnv) => EndpointEnvironment;

  before(async () => {
    dir = tempDir('ls-engine-');
    const tool = Buffer.alloc(3 * 1024 * 1024, 'tool binary ');
    const base = await buildTar([
      { name: 'etc/', type: 'directory' },
      { name: 'etc/os-release', content: 'ID=enginetest\n' },
      { name: 'etc/secret.txt', content: 'hunter2' },
      { name: 'usr/bin/tool', content: tool, mode: 0o755 },
      { name: 'usr/bin/tool-link', type: 'link', linkname: 'usr/bin/tool' },
    ]);
    const app = await buildTar([
      { name: 'app/main', content: 'main program' },
      { name: 'var/cache/old', content: 'stale cache' },
      { name: 'etc/.wh.secret.txt', content: '' },
    ]);
    const top = await buildTar([
      { name: 'var/cache/.wh..wh..opq', content: '' },
      { name: 'var/cache/new', content: 'fresh cache' },
      { name: 'app/config.json', content: '{"debug":false}' },
    ]);
    image = buildImage({
      layers: [
        { tar: base, compression: 'gzip', createdBy: 'ADD rootfs.tar /' },
        { tar: app, compression: 'none', createdBy: 'COPY app /app' },
        { tar: top, compression: 'gzip', createdBy: 'RUN rm -rf /var/cache/*' },
      ],
    });
    archive = path.join(dir, 'image.tar');
    fs.writeFileSync(archive, await packFiles(podmanStyleFiles(image, [TAG])));
    // The socket where rootless podman puts it, so XDG_RUNTIME_DIR finds it for `--image-src podman`.
    service = await startPodman(dir, path.join(dir, 'xdg', 'podman', 'podman.sock'));
    service.load(archive);
    const home = path.join(dir, 'home');
    fs.mkdirSync(home, { recursive: true });
    env = (vars) => ({ env: { DOCKER_CONFIG: path.join(home, '.docker'), ...vars }, homedir: home, uid: 0 });
  });

  after(async () => {
    await service?.stop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  test('what podman sends: layers bottom first, then config, legacy dirs, manifest.json, repositories', async () => {
    const client = new EngineClient(parseEndpoint(service.url, 'test', 'podman'));
    const exported = await client.exportImage(TAG);
    const store = await readExport(exported.body, { description: 'test', image: TAG, tempDir: path.join(dir, 'cache-tmp'), abort: exported.abort });
    try {
      const names = store.names();
      const layerNames = image.layers.map((l) => `${l.diffID.slice(7)}.tar`);
      assert.deepEqual(names.slice(0, 3), layerNames, 'layers first, in stack order');
      assert.equal(names[3], `${image.configDigest.slice(7)}.json`);
      assert.deepEqual(names.slice(-2), ['manifest.json', 'repositories']);
      // The 3 MiB base layer went to the spool, the small ones stayed in memory.
      assert.ok(store.stats.spooled > 3 * 1024 * 1024 && store.stats.inline < 64 * 1024, JSON.stringify(store.stats));
    } finally {
      await store.close();
    }
  });

  test('by name through DOCKER_HOST: layers streamed to the walk, nothing on disk; then metadata like the archive', async () => {
    const cacheTmp = path.join(dir, 'cache-tmp-1');
    const source = await openEngineImage(TAG, { environment: env({ DOCKER_HOST: service.url }), tempDir: cacheTmp });
    const original = await openImageSource(archive, { tempDir: path.join(dir, 'archive-tmp') });
    try {
      // At open: what inspect says; layer history comes with the export's config, at its end.
      assert.equal(source.metadata.configDigest, image.configDigest, 'config digest = image ID');
      assert.deepEqual(source.layers.map((l) => l.diffID), image.layers.map((l) => l.diffID));

      const fromEngine = await walk(source);
      assert.deepEqual(fromEngine, await walk(original));
      // Spot checks that the comparison is about something: whiteouts applied, content read.
      const files = (fromEngine as { files: unknown[][] }).files.map((f) => f[0]);
      assert.ok(files.includes('var/cache/new') && !files.includes('var/cache/old') && !files.includes('etc/secret.txt'));
      const shadowed = (fromEngine as { shadowed: unknown[][] }).shadowed;
      assert.deepEqual(shadowed.find((s) => s[0] === 'etc/secret.txt'), ['etc/secret.txt', 0, { head: 'hunter2' }]);

      // podman sends layers in stack order: every one went straight from the socket to the walk.
      const stats = (source as unknown as { transfer: { spooled: number; delivered: number } }).transfer;
      assert.equal(stats.spooled, 0, JSON.stringify(stats));
      assert.ok(stats.delivered > 3 * 1024 * 1024, JSON.stringify(stats));
      assert.ok(!fs.existsSync(cacheTmp) || fs.readdirSync(cacheTmp).length === 0, 'nothing written to the cache');

      assert.equal(source.metadata.sourceKind, 'podman');
      assert.equal(source.metadata.reference, TAG);
      assert.deepEqual(source.metadata.repoTags, [TAG]);
      assert.equal(source.metadata.configDigest, image.configDigest);
      assert.ok(source.metadata.repoDigests.length > 0 && source.metadata.repoDigests.every((d) => d.startsWith('localhost/leftshift/engine-test@sha256:')));
      assert.deepEqual(source.metadata.config, original.metadata.config);
      assert.deepEqual(source.metadata.platform, { os: 'linux', architecture: 'amd64' });
      assert.deepEqual(
        source.layers.map((l) => [l.index, l.diffID, l.createdBy, l.historyIndex, l.compression]),
        image.layers.map((l, i) => [i, l.diffID, original.layers[i]!.createdBy, original.layers[i]!.historyIndex, 'none']),
      );
    } finally {
      await source.close();
      await original.close();
    }
  });

  test('layer history learnt at the end of the export re-labels what the walk found', async () => {
    const source = await openEngineImage(TAG, { environment: env({ DOCKER_HOST: service.url }), tempDir: path.join(dir, 'cache-tmp-1b') });
    try {
      assert.deepEqual(source.layers.map((l) => l.createdBy), [undefined, undefined, undefined]);
      const result = await walkImage(source, { analyzers: [contents] });
      assert.deepEqual(result.layers.map((l) => l.layer.createdBy), ['ADD rootfs.tar /', 'COPY app /app', 'RUN rm -rf /var/cache/*']);
      const main = result.effective.find((o) => o.path === 'app/main');
      assert.equal(main?.layer.createdBy, 'COPY app /app');
      assert.equal(result.filesystem.get('app/main')?.layer.createdBy, 'COPY app /app');
    } finally {
      await source.close();
    }
  });

  test('a layer read twice (hardlink targets by a second pass) comes from a second export', async () => {
    const source = await openEngineImage(TAG, { environment: env({ DOCKER_HOST: service.url }), tempDir: path.join(dir, 'cache-tmp-2'), maxInlineMemberBytes: 0 });
    try {
      // No hardlink window: the walk re-opens layer 0 to read usr/bin/tool for usr/bin/tool-link.
      const result = await walkImage(source, { analyzers: [contents], hardlinkWindowBytes: 0 });
      const link = result.effective.find((o) => o.path === 'usr/bin/tool-link');
      assert.deepEqual(link?.output.facts, { head: 'tool binary '.repeat(6).slice(0, 64) });
    } finally {
      await source.close();
    }
  });

  test('short names and image IDs resolve as podman resolves them', async () => {
    for (const name of ['leftshift/engine-test:1', image.configDigest, image.configDigest.slice(7, 19)]) {
      const source = await openEngineImage(name, { environment: env({ DOCKER_HOST: service.url }), tempDir: path.join(dir, 'cache-tmp-3') });
      try {
        await source.finish!();
        assert.equal(source.metadata.configDigest, image.configDigest, name);
        // Like `docker save <id>`, an export by ID records no tag.
        if (name !== 'leftshift/engine-test:1') assert.deepEqual(source.metadata.repoTags, [], name);
      } finally {
        await source.close();
      }
    }
  });

  test('the dispatcher: a bare name is looked up in the engines; docker-daemon: and podman: transports', async () => {
    const tmp = path.join(dir, 'cache-tmp-4');
    await withEnv({ DOCKER_HOST: service.url, DOCKER_CONFIG: path.join(dir, 'home', '.docker'), DOCKER_CONTEXT: undefined }, async () => {
      for (const ref of [TAG, `docker-daemon:${TAG}`]) {
        const source = await openImageSource(ref, { tempDir: tmp });
        assert.equal(source.metadata.reference, ref);
        assert.equal(source.metadata.configDigest, image.configDigest);
        await source.close();
      }
      await assert.rejects(openImageSource('localhost/leftshift/absent:1', { tempDir: tmp }), (err: unknown) => {
        assert.ok(isLocalImageNotFound(err), String(err));
        assert.match(err.message, /image 'localhost\/leftshift\/absent:1' was not found locally \(DOCKER_HOST unix:\/\/.*: no such image/);
        return true;
      });
    });
    await withEnv({ DOCKER_HOST: 'unix:///nonexistent/docker.sock', XDG_RUNTIME_DIR: path.join(dir, 'xdg'), CONTAINER_HOST: undefined }, async () => {
      for (const [ref, options] of [[`podman:${TAG}`, {}], [TAG, { sourceKind: 'podman' as const }]] as const) {
        const source = await openImageSource(ref, { tempDir: tmp, ...options });
        assert.equal(source.metadata.sourceKind, 'podman');
        assert.equal(source.metadata.configDigest, image.configDigest);
        await source.close();
      }
    });
    assert.ok(!fs.existsSync(tmp) || fs.readdirSync(tmp).length === 0, 'nothing left in the cache tmp');
  });

  test('--image-src podman asks podman sockets only; docker asks DOCKER_HOST only', async () => {
    const environment = env({ XDG_RUNTIME_DIR: path.join(dir, 'xdg'), DOCKER_HOST: 'unix:///nonexistent/docker.sock' });
    const source = await openEngineImage(TAG, { engine: 'podman', environment, tempDir: path.join(dir, 'cache-tmp-5') });
    assert.equal(source.metadata.sourceKind, 'podman');
    await source.close();
    await assert.rejects(openEngineImage(TAG, { engine: 'docker', environment, tempDir: path.join(dir, 'cache-tmp-5') }), (err: unknown) => {
      assert.ok(!isLocalImageNotFound(err));
      assert.match((err as Error).message, /^no engine at DOCKER_HOST unix:\/\/\/nonexistent\/docker\.sock: the socket does not exist/);
      return true;
    });
  });

  test('automatic lookup: a missing DOCKER_HOST socket is skipped, podman found next; a docker context is followed', async () => {
    const environment = env({ XDG_RUNTIME_DIR: path.join(dir, 'xdg'), DOCKER_HOST: `unix://${path.join(dir, 'missing.sock')}` });
    const source = await openEngineImage(TAG, { environment, tempDir: path.join(dir, 'cache-tmp-6') });
    assert.equal(source.metadata.configDigest, image.configDigest);
    await source.close();

    // Docker Desktop's way: a current context whose socket is not /var/run/docker.sock.
    const docker = path.join(dir, 'home', '.docker');
    const id = (await import('node:crypto')).createHash('sha256').update('desktop-test').digest('hex');
    fs.mkdirSync(path.join(docker, 'contexts', 'meta', id), { recursive: true });
    fs.writeFileSync(path.join(docker, 'config.json'), JSON.stringify({ currentContext: 'desktop-test' }));
    fs.writeFileSync(path.join(docker, 'contexts', 'meta', id, 'meta.json'), JSON.stringify({ Name: 'desktop-test', Endpoints: { docker: { Host: service.url } } }));
    try {
      const viaContext = await openEngineImage(TAG, { engine: 'docker', environment: env({}), tempDir: path.join(dir, 'cache-tmp-6') });
      assert.equal(viaContext.metadata.configDigest, image.configDigest);
      await viaContext.close();
    } finally {
      fs.rmSync(path.join(docker), { recursive: true, force: true });
    }
  });

  test('an image no engine has: LocalImageNotFoundError listing what each endpoint said', async () => {
    const environment = env({ DOCKER_HOST: service.url, XDG_RUNTIME_DIR: path.join(dir, 'no-runtime') });
    await assert.rejects(openEngineImage('leftshift/never-built:9', { environment, tempDir: path.join(dir, 'cache-tmp-7') }), (err: unknown) => {
      assert.ok(err instanceof LocalImageNotFoundError);
      assert.equal(err.kind, 'not-found-locally');
      assert.equal(err.reference, 'leftshift/never-built:9');
      // The default sockets' outcomes depend on the machine (a real Docker may run here).
      assert.deepEqual(
        err.attempts.map((a) => a.endpoint.split(' unix://')[0]),
        ['DOCKER_HOST', 'default Docker socket', 'podman rootless socket', 'podman rootful socket'],
      );
      assert.deepEqual(err.attempts[0]!.outcome, 'not-found');
      assert.equal(err.attempts[2]!.outcome, 'absent');
      assert.match(err.hint!, /pull or build it first/);
      return true;
    });
  });

  test('CLI: `leftshift scan NAME` of a real fixture image loaded into podman reports what scanning its archive does', { skip: fixtureArchive() ? false : 'fixtures not built (scripts/fixtures/build.sh)' }, () => {
    const archivePath = fixtureArchive()!;
    service.load(archivePath);
    const cache = path.join(dir, 'cli-cache');
    const run = (target: string) => {
      const r = spawnSync(process.execPath, [BIN, 'scan', target, '--format', 'json', '--no-vulns', '--cache-dir', cache, '--no-cache'], {
        encoding: 'utf8',
        env: { ...process.env, NO_COLOR: '1', CI: 'true', DOCKER_HOST: service.url, DOCKER_CONFIG: path.join(dir, 'home', '.docker') },
        maxBuffer: 64 * 1024 * 1024,
      });
      assert.ok(r.status === 0 || r.status === 1, `${target}: exit ${r.status}: ${r.stderr}`);
      /* eslint-disable-next-line @typescript-eslint/no-explicit-any -- parsed JSON of our own contract */
      const target0: any = JSON.parse(r.stdout).targets[0];
      return {
        /* eslint-disable-next-line @typescript-eslint/no-explicit-any -- as above */
        packages: (target0.packages as any[]).map((p: any) => `${p.purl} ${p.locations.map((l: any) => `${l.path}@${l.layer?.index}`).join(',')}`).sort(),
        /* eslint-disable-next-line @typescript-eslint/no-explicit-any -- as above */
        findings: target0.findings.filter((f: any) => f.ruleId !== 'LS-IMG-005').map((f: any) => `${f.ruleId} ${JSON.stringify(f.location).split(target).join('IMAGE')}`).sort() as string[],
      };
    };
    const fromEngine = run('docker.io/leftshift/fixture-app:1');
    const fromArchive = run(archivePath);
    assert.ok(fromEngine.packages.length > 50, `the image has Debian and npm packages: ${fromEngine.packages.length}`);
    assert.deepEqual(fromEngine.packages, fromArchive.packages);
    assert.deepEqual(fromEngine.findings, fromArchive.findings);
    assert.ok(fromEngine.findings.some((f) => f.startsWith('LS-IMG-101')), 'the secret a later layer deleted is found in the layer that added it');
    assert.ok(!fs.existsSync(path.join(cache, 'tmp')) || fs.readdirSync(path.join(cache, 'tmp')).length === 0);
  });
});
