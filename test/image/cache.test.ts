import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { LayerCache, defaultCacheDir } from '../../src/image/cache.js';
import type { LayerScanData } from '../../src/image/layer-result.js';
import { tempDir, tempDirs } from './build-image.js';

const tmp = tempDirs();

const diffID = `sha256:${'1'.repeat(64)}`;
const data: LayerScanData = {
  files: [{ path: 'etc/os-release', type: 'file', mode: 0o644, uid: 0, gid: 0, size: 10, mtime: new Date('2024-01-02T03:04:05Z') }],
  whiteouts: ['root/.ssh'],
  opaqueDirs: [''],
  outputs: [{ analyzer: 'os', analyzerVersion: 2, path: 'etc/os-release', output: { os: { family: 'debian', version: '12' } } }],
  warnings: ['w'],
};

describe('LayerCache', () => {
  test('default directory follows XDG_CACHE_HOME, else ~/.cache', () => {
    assert.equal(defaultCacheDir({ XDG_CACHE_HOME: '/x/cache' }), '/x/cache/leftshift');
    assert.match(defaultCacheDir({ XDG_CACHE_HOME: 'relative' }), /\.cache\/leftshift$/);
    assert.match(defaultCacheDir({}), /\.cache\/leftshift$/);
  });

  test('key: diffID, sorted analyzer ids, reader version; order of analyzers does not matter', () => {
    const a = LayerCache.key(diffID, [
      { name: 'npm', version: 1 },
      { name: 'dpkg', version: 3 },
    ]);
    const b = LayerCache.key(diffID, [
      { name: 'dpkg', version: 3 },
      { name: 'npm', version: 1 },
    ]);
    assert.equal(a, b);
    assert.match(a, /^sha256:1{64}\ndpkg@3,npm@1\nreader@\d+$/);
    assert.notEqual(LayerCache.key(diffID, [{ name: 'dpkg', version: 4 }]), LayerCache.key(diffID, [{ name: 'dpkg', version: 3 }]));
  });

  test('round-trips data (Dates revived), atomically, without temp leftovers', async () => {
    const cache = new LayerCache(tmp());
    const analyzers = [{ name: 'os', version: 2 }];
    assert.deepEqual(await cache.get(diffID, analyzers), {});
    assert.equal(await cache.put(diffID, analyzers, data), undefined);
    const hit = await cache.get(diffID, analyzers);
    assert.deepEqual(hit.result, data);
    assert.ok(hit.result!.files[0]!.mtime instanceof Date);
    assert.deepEqual(fs.readdirSync(path.join(cache.dir, 'layers')), [path.basename(cache.entryPath(diffID, analyzers))]);
    assert.deepEqual((await cache.get(diffID, [{ name: 'os', version: 3 }])).result, undefined);
  });

  test('corrupt, malformed or foreign entries are misses with a problem, never a crash', async () => {
    const cache = new LayerCache(tmp());
    const analyzers = [{ name: 'os', version: 2 }];
    const file = cache.entryPath(diffID, analyzers);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const cases: Array<[Buffer, RegExp]> = [
      [Buffer.from('garbage'), /corrupt/],
      [zlib.gzipSync('{"format":"leftshift-layer-cache"'), /corrupt/],
      [zlib.gzipSync(JSON.stringify({ format: 'leftshift-layer-cache', version: 1, key: 'other key', data })), /malformed/],
      [zlib.gzipSync(JSON.stringify({ format: 'leftshift-layer-cache', version: 1, key: LayerCache.key(diffID, analyzers), data: { ...data, files: [{ path: 1 }] } })), /malformed/],
    ];
    for (const [bytes, problem] of cases) {
      fs.writeFileSync(file, bytes);
      const lookup = await cache.get(diffID, analyzers);
      assert.equal(lookup.result, undefined);
      assert.match(lookup.problem!, problem);
    }
  });

  test('tempDir() removes temp entries left by killed runs, keeps fresh ones and foreign files', async () => {
    const cache = new LayerCache(tempDir());
    const tmp = await cache.tempDir();
    const now = Date.now();
    const day = 24 * 60 * 60 * 1000;
    for (const name of ['engine-old', 'archive-old', 'engine-fresh', 'notes-old']) {
      fs.mkdirSync(path.join(tmp, name));
      fs.writeFileSync(path.join(tmp, name, 'member-1'), 'x');
    }
    const old = new Date(now - 2 * day);
    for (const name of ['engine-old', 'archive-old', 'notes-old']) fs.utimesSync(path.join(tmp, name), old, old);
    assert.equal(await cache.tempDir(now), tmp);
    assert.deepEqual(fs.readdirSync(tmp).sort(), ['engine-fresh', 'notes-old']);
  });

  test('an unwritable cache directory is reported, not thrown', async () => {
    const parent = tmp();
    const blocker = path.join(parent, 'file');
    fs.writeFileSync(blocker, 'not a directory');
    const cache = new LayerCache(blocker);
    const problem = await cache.put(diffID, [], data);
    assert.match(problem!, /could not write layer cache entry/);
  });
});
