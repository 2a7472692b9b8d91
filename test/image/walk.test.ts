import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Analyzer } from '../../src/analyze/analyzer.js';
import { walkImage, resolvePath, type WalkProgress } from '../../src/image/walk.js';
import { LayerCache } from '../../src/image/cache.js';
import { DigestMismatchError } from '../../src/image/digest.js';
import { openRootfs } from '../../src/source/image/rootfs.js';
import { buildImage, buildTar, memorySource, tempDirs, type LayerSpec } from './build-image.js';

const tmp = tempDirs();

/** Wants etc/os-release; reports the ID with its location (a LayerRef inside the output). */
function osRelease(calls: string[] = []): Analyzer {
  return {
    name: 'os-release',
    version: 1,
    wants: (p) => p === 'etc/os-release',
    analyze: ({ path: p, content, layer }) => {
      calls.push(`${layer.index}:${p}`);
      const id = /^ID=(.*)$/m.exec(content.toString())?.[1] ?? 'unknown';
      return { os: { family: id, version: '1', location: { path: p, layer } } };
    },
  };
}

/** Wants anything under root/ or var/cache/ or bin/; reports the content. */
function contentAnalyzer(prefixes: string[], calls: string[] = []): Analyzer {
  return {
    name: 'content',
    version: 3,
    maxBytes: 64,
    wants: (p) => prefixes.some((x) => p.startsWith(x)),
    analyze: ({ path: p, content, truncated, info }) => {
      calls.push(p);
      return { facts: { content: content.toString(), truncated, size: info.size } };
    },
  };
}

async function threeLayerImage() {
  const l0 = await buildTar([
    { name: 'etc/', type: 'directory' },
    { name: 'etc/os-release', content: 'ID=debian\n' },
    { name: 'root/.ssh/id_rsa', content: 'PRIVATE KEY' },
    { name: 'var/cache/a', content: 'cache a' },
    { name: 'var/cache/sub/b', content: 'cache b' },
    { name: 'usr/lib/x', content: 'lib x' },
    { name: 'lib', type: 'symlink', linkname: 'usr/lib' },
    { name: 'abs', type: 'symlink', linkname: '/usr/lib/../../../../usr/lib' },
    { name: 'loop1', type: 'symlink', linkname: 'loop2' },
    { name: 'loop2', type: 'symlink', linkname: '/loop1' },
    { name: 'dirlink', type: 'symlink', linkname: 'etc' },
  ]);
  const l1 = await buildTar([
    { name: 'root/.wh..ssh' },
    { name: 'var/cache/new', content: 'cache new' },
    // Opaque marker after the layer's own entries: still applies to lower layers only.
    { name: 'var/cache/.wh..wh..opq' },
    { name: 'etc/os-release', content: 'ID=ubuntu\n' },
  ]);
  const l2 = await buildTar([{ name: 'usr/lib/.wh.x' }, { name: 'usr/lib', type: 'symlink', linkname: '/opt' }]);
  return buildImage({ layers: [{ tar: l0 }, { tar: l1 }, { tar: l2, compression: 'none' }] });
}

describe('walkImage', () => {
  test('applies whiteouts and opaque dirs; effective vs shadowed outputs', async () => {
    const source = memorySource(await threeLayerImage());
    const result = await walkImage(source, { analyzers: [osRelease(), contentAnalyzer(['root/', 'var/cache/'])] });
    const fsys = result.filesystem;
    assert.equal(fsys.get('etc/os-release')?.layer.index, 1);
    assert.equal(fsys.has('root/.ssh/id_rsa'), false);
    assert.equal(fsys.has('root/.ssh'), false);
    assert.equal(fsys.has('root'), true, 'implicit parent of the deleted dir stays');
    assert.equal(fsys.has('var/cache/a'), false);
    assert.equal(fsys.has('var/cache/sub/b'), false);
    assert.equal(fsys.has('var/cache/sub'), false);
    assert.equal(fsys.get('var/cache/new')?.layer.index, 1);
    assert.equal(fsys.get('var/cache')?.implicit, true);
    // usr/lib replaced by a symlink: its old children are gone.
    assert.equal(fsys.get('usr/lib')?.info.type, 'symlink');
    assert.equal(fsys.has('usr/lib/x'), false);

    assert.deepEqual(result.layers.map((l) => [l.whiteouts, l.opaqueDirs]), [
      [[], []],
      [['root/.ssh'], ['var/cache']],
      [['usr/lib/x'], []],
    ]);
    assert.ok(!result.layers[1]!.files.some((f) => f.path.includes('.wh.')), 'whiteout markers are not files');

    const fmt = (r: { layer: { index: number }; path: string; analyzer: string }) => `${r.layer.index}:${r.path}:${r.analyzer}`;
    assert.deepEqual(result.effective.map(fmt).sort(), ['1:etc/os-release:os-release', '1:var/cache/new:content']);
    assert.deepEqual(result.shadowed.map(fmt).sort(), ['0:etc/os-release:os-release', '0:root/.ssh/id_rsa:content', '0:var/cache/a:content', '0:var/cache/sub/b:content']);
    const secret = result.shadowed.find((r) => r.path === 'root/.ssh/id_rsa')!;
    assert.deepEqual(secret.output.facts, { content: 'PRIVATE KEY', truncated: false, size: 11 });
    assert.deepEqual(result.warnings, []);
  });

  test('resolvePath follows symlinks inside the root, clamps .., detects loops', async () => {
    const source = memorySource(await threeLayerImage());
    const { filesystem } = await walkImage(source, { analyzers: [] });
    assert.equal(resolvePath(filesystem, 'dirlink/os-release'), 'etc/os-release');
    assert.equal(resolvePath(filesystem, '/dirlink/../etc/os-release'), 'etc/os-release');
    assert.equal(resolvePath(filesystem, '../../../etc/os-release'), 'etc/os-release');
    assert.equal(resolvePath(filesystem, 'loop1'), undefined);
    assert.equal(resolvePath(filesystem, 'loop1', { followFinal: false }), 'loop1');
    assert.equal(resolvePath(filesystem, 'missing/x'), undefined);
    assert.equal(resolvePath(filesystem, 'etc/os-release/x'), undefined, 'a file is not a directory');
    // usr/lib → /opt, which does not exist in the final filesystem.
    assert.equal(resolvePath(filesystem, 'lib/x'), undefined);
    assert.equal(resolvePath(filesystem, ''), '');
  });

  test('resolvePath: absolute targets and .. in targets are clamped at the root', async () => {
    const tarBytes = await buildTar([
      { name: 'usr/lib/libc.so', content: 'c' },
      { name: 'abs', type: 'symlink', linkname: '/usr/lib/../../../../usr/lib' },
      { name: 'usr/bin/up', type: 'symlink', linkname: '../../../../usr/lib/libc.so' },
    ]);
    const { filesystem } = await walkImage(memorySource(buildImage({ layers: [{ tar: tarBytes }] })), { analyzers: [] });
    assert.equal(resolvePath(filesystem, 'abs/libc.so'), 'usr/lib/libc.so');
    assert.equal(resolvePath(filesystem, 'usr/bin/up'), 'usr/lib/libc.so');
  });

  test('hardlinks get the target content: from the recent window, else a second pass', async () => {
    const tarBytes = await buildTar([
      { name: 'bin/a', content: 'binary content' },
      { name: 'filler', content: 'f'.repeat(1000) },
      { name: 'bin/b', type: 'link', linkname: 'bin/a' },
      { name: 'other/c', type: 'link', linkname: 'bin/a' },
    ]);
    const image = buildImage({ layers: [{ tar: tarBytes }] });

    // Target wanted too: its content is still in the window, one pass.
    const both = memorySource(image);
    const r1 = await walkImage(both, { analyzers: [contentAnalyzer(['bin/'])] });
    assert.deepEqual(both.opened, [0]);
    assert.deepEqual(
      r1.effective.map((o) => [o.path, (o.output.facts as { content: string; size: number }).content, (o.output.facts as { size: number }).size]),
      [
        ['bin/a', 'binary content', 14],
        ['bin/b', 'binary content', 14],
      ],
    );

    // Target not wanted: a second pass reads it.
    const linkOnly = memorySource(image);
    const r2 = await walkImage(linkOnly, { analyzers: [contentAnalyzer(['other/'])] });
    assert.deepEqual(linkOnly.opened, [0, 0]);
    assert.deepEqual(
      r2.effective.map((o) => [o.path, (o.output.facts as { content: string }).content]),
      [['other/c', 'binary content']],
    );

    // No window at all: the second pass serves both links.
    const noWindow = memorySource(image);
    const r3 = await walkImage(noWindow, { analyzers: [contentAnalyzer(['bin/', 'other/'])], hardlinkWindowBytes: 0 });
    assert.deepEqual(noWindow.opened, [0, 0]);
    assert.deepEqual(r3.effective.map((o) => o.path).sort(), ['bin/a', 'bin/b', 'other/c']);
  });

  test('a hardlink to a file of a lower layer is reported, not analysed', async () => {
    const l0 = await buildTar([{ name: 'bin/a', content: 'a' }]);
    const l1 = await buildTar([{ name: 'bin/b', type: 'link', linkname: 'bin/a' }]);
    const result = await walkImage(memorySource(buildImage({ layers: [{ tar: l0 }, { tar: l1 }] })), { analyzers: [contentAnalyzer(['bin/b'])] });
    assert.deepEqual(result.effective, []);
    assert.equal(result.warnings.length, 1);
    assert.match(result.warnings[0]!, /hardlink 'bin\/b' → 'bin\/a': target is not a file of this layer/);
  });

  test('maxBytes: each analyzer gets at most its own limit, with truncated set', async () => {
    const tarBytes = await buildTar([{ name: 'root/big', content: 'y'.repeat(100) }]);
    const big: Analyzer = { name: 'big', version: 1, maxBytes: 1000, wants: (p) => p === 'root/big', analyze: ({ content, truncated }) => ({ facts: { n: content.length, truncated } }) };
    const result = await walkImage(memorySource(buildImage({ layers: [{ tar: tarBytes }] })), { analyzers: [big, contentAnalyzer(['root/'])] });
    const byName = Object.fromEntries(result.effective.map((o) => [o.analyzer, o.output.facts]));
    assert.deepEqual(byName.big, { n: 100, truncated: false });
    assert.deepEqual(byName.content, { content: 'y'.repeat(64), truncated: true, size: 100 });
  });

  test('an entry below a symlink (write-through attempt) is kept in place and reported', async () => {
    const l0 = await buildTar([{ name: 'linkdir', type: 'symlink', linkname: '../../../../tmp' }]);
    const l1 = await buildTar([{ name: 'linkdir/through', content: 'x' }]);
    const result = await walkImage(memorySource(buildImage({ layers: [{ tar: l0 }, { tar: l1 }] })), { analyzers: [] });
    assert.equal(result.filesystem.get('linkdir')?.info.type, 'symlink', 'the link is not replaced by a directory');
    assert.equal(result.filesystem.get('linkdir/through')?.layer.index, 1);
    assert.deepEqual(result.warnings, ["layer 1: 'linkdir/through' lies below the symlink 'linkdir'; extracting the layer would write through the link"]);
  });

  test('a duplicate path in one layer: the earlier output is shadowed', async () => {
    const tarBytes = await buildTar([
      { name: 'etc/os-release', content: 'ID=first\n' },
      { name: 'etc/os-release', content: 'ID=second\n' },
    ]);
    const result = await walkImage(memorySource(buildImage({ layers: [{ tar: tarBytes }] })), { analyzers: [osRelease()] });
    assert.deepEqual(result.effective.map((o) => o.output.os?.family), ['second']);
    assert.deepEqual(result.shadowed.map((o) => o.output.os?.family), ['first']);
  });

  test('a layer failing verification rejects the walk and is not cached', async () => {
    const good = await buildTar([{ name: 'etc/os-release', content: 'ID=debian\n' }]);
    const bad = await buildTar([{ name: 'x', content: 'x' }]);
    const cacheDir = tmp();
    const cache = new LayerCache(cacheDir);
    const calls: string[] = [];
    const image = buildImage({ layers: [{ tar: good }, { tar: bad, wrongDigest: true }] });
    await assert.rejects(walkImage(memorySource(image), { analyzers: [osRelease(calls)], cache }), (err: unknown) => {
      assert.ok(err instanceof DigestMismatchError);
      assert.match(err.message, /^layer 1 /);
      return true;
    });
    const entries = fs.readdirSync(path.join(cacheDir, 'layers'));
    assert.equal(entries.length, 1, 'only the verified layer 0 is cached');
    assert.ok(fs.existsSync(cache.entryPath(image.layers[0]!.diffID, [osRelease()])));
    assert.ok(!fs.existsSync(cache.entryPath(image.layers[1]!.diffID, [osRelease()])));
  });

  test('analyzer errors become warnings; other analyzers still run; the layer is not cached', async () => {
    const tarBytes = await buildTar([{ name: 'etc/os-release', content: 'ID=debian\n' }]);
    const broken: Analyzer = {
      name: 'broken',
      version: 1,
      wants: (p) => p === 'etc/os-release',
      analyze: () => {
        throw new Error('boom');
      },
    };
    const cacheDir = tmp();
    const result = await walkImage(memorySource(buildImage({ layers: [{ tar: tarBytes }] })), { analyzers: [broken, osRelease()], cache: new LayerCache(cacheDir) });
    assert.deepEqual(result.effective.map((o) => o.analyzer), ['os-release']);
    assert.equal(result.warnings.length, 1);
    assert.match(result.warnings[0]!, /analyzer broken@1 failed on etc\/os-release: boom/);
    assert.equal(fs.existsSync(path.join(cacheDir, 'layers')) ? fs.readdirSync(path.join(cacheDir, 'layers')).length : 0, 0);
  });

  test('progress reports per layer with done flags', async () => {
    const source = memorySource(await threeLayerImage());
    const events: WalkProgress[] = [];
    await walkImage(source, { analyzers: [], onProgress: (p) => events.push({ ...p }) });
    const done = events.filter((e) => e.done);
    assert.deepEqual(
      done.map((e) => [e.layerIndex, e.layers, e.cached]),
      [
        [0, 3, false],
        [1, 3, false],
        [2, 3, false],
      ],
    );
    assert.equal(done[0]!.bytes, source.layers[0]!.size);
    assert.equal(done[0]!.entries, 11);
  });
});

describe('layer cache in the walk', () => {
  test('second walk does not open layers; results are equal; layer refs are rebased', async () => {
    const cacheDir = tmp();
    const cache = new LayerCache(cacheDir);
    const image = await threeLayerImage();
    const analyzers = [osRelease(), contentAnalyzer(['root/', 'var/cache/'])];
    const first = memorySource(image);
    const r1 = await walkImage(first, { analyzers, cache });
    assert.deepEqual(first.opened, [0, 1, 2]);
    assert.ok(r1.layers.every((l) => !l.cached));

    const second = memorySource(image);
    const progress: WalkProgress[] = [];
    const r2 = await walkImage(second, { analyzers, cache, onProgress: (p) => progress.push(p) });
    assert.deepEqual(second.opened, [], 'no layer opened on cache hits');
    assert.ok(r2.layers.every((l) => l.cached));
    assert.ok(progress.every((p) => p.cached && p.done));
    assert.deepEqual(r2.effective, r1.effective);
    assert.deepEqual(r2.shadowed, r1.shadowed);
    assert.deepEqual([...r2.filesystem.keys()].sort(), [...r1.filesystem.keys()].sort());
    assert.deepEqual(r2.layers[0]!.files, r1.layers[0]!.files, 'FileInfo (incl. mtime Date) round-trips');

    // Another analyzer set is another key: layers are read again.
    const third = memorySource(image);
    await walkImage(third, { analyzers: [osRelease()], cache });
    assert.deepEqual(third.opened, [0, 1, 2]);

    // The same base layer at another position in another image: refs point at this image's layer.
    const top = await buildTar([{ name: 'app/x', content: 'x' }]);
    const l0tar = await buildTar([{ name: 'etc/os-release', content: 'ID=alpine\n' }]);
    await walkImage(memorySource(buildImage({ layers: [{ tar: l0tar }] })), { analyzers: [osRelease()], cache });
    const shifted = memorySource(buildImage({ layers: [{ tar: top }, { tar: l0tar }] }));
    const r4 = await walkImage(shifted, { analyzers: [osRelease()], cache });
    assert.deepEqual(shifted.opened, [0]);
    const loc = r4.effective[0]!.output.os!.location!;
    assert.equal(loc.layer!.index, 1);
    assert.equal(loc.layer!.createdBy, 'step 1');
    assert.equal(r4.effective[0]!.layer.index, 1);
  });

  test('a corrupt cache entry is ignored, reported and rewritten', async () => {
    const cacheDir = tmp();
    const cache = new LayerCache(cacheDir);
    const tarBytes = await buildTar([{ name: 'etc/os-release', content: 'ID=debian\n' }]);
    const image = buildImage({ layers: [{ tar: tarBytes }] });
    const analyzers = [osRelease()];
    await walkImage(memorySource(image), { analyzers, cache });
    const entry = cache.entryPath(image.layers[0]!.diffID, analyzers);
    fs.writeFileSync(entry, 'not gzip at all');

    const s2 = memorySource(image);
    const r2 = await walkImage(s2, { analyzers, cache });
    assert.deepEqual(s2.opened, [0]);
    assert.equal(r2.effective[0]!.output.os!.family, 'debian');
    assert.equal(r2.warnings.length, 1);
    assert.match(r2.warnings[0]!, /corrupt; rebuilding/);

    const s3 = memorySource(image);
    const r3 = await walkImage(s3, { analyzers, cache });
    assert.deepEqual(s3.opened, [], 'the rewritten entry is a hit');
    assert.deepEqual(r3.warnings, []);
  });
});

describe('rootfs walk', () => {
  test('walks a directory as one pseudo-layer, never cached, symlinks not followed', async () => {
    const root = tmp();
    const outside = tmp();
    fs.writeFileSync(path.join(outside, 'secret'), 'outside');
    fs.mkdirSync(path.join(root, 'etc'));
    fs.writeFileSync(path.join(root, 'etc', 'os-release'), 'ID=wolfi\n');
    fs.symlinkSync(path.join(outside, 'secret'), path.join(root, 'etc', 'escape'));
    fs.mkdirSync(path.join(root, 'root'));
    fs.writeFileSync(path.join(root, 'root', 'a'), 'A');
    fs.linkSync(path.join(root, 'root', 'a'), path.join(root, 'root', 'b'));
    const cacheDir = tmp();
    const source = await openRootfs(root, `rootfs:${root}`);
    const calls: string[] = [];
    const result = await walkImage(source, { analyzers: [osRelease(), contentAnalyzer(['root/', 'etc/escape'], calls)], cache: new LayerCache(cacheDir) });
    assert.equal(source.layers[0]!.diffID, `rootfs:${root}`);
    assert.deepEqual(
      result.layers[0]!.files.map((f) => `${f.path}:${f.type}`),
      ['etc:dir', 'etc/escape:symlink', 'etc/os-release:file', 'root:dir', 'root/a:file', 'root/b:file'],
    );
    assert.equal(result.effective.find((o) => o.analyzer === 'os-release')!.output.os!.family, 'wolfi');
    assert.deepEqual(calls, ['root/a', 'root/b'], 'the symlink is not read');
    assert.equal(fs.existsSync(path.join(cacheDir, 'layers')), false, 'rootfs layers are never cached');
    await assert.rejects(source.openLayer(), /not a layer blob/);
  });
});
