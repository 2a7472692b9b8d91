import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as zlib from 'node:zlib';
import { readLayer, cleanEntryPath, classifyWhiteout, type LayerEntry } from '../../src/image/layer-reader.js';
import { DigestMismatchError } from '../../src/image/digest.js';
import { CorruptLayerError, LayerLimitError } from '../../src/image/errors.js';
import { InputError } from '../../src/errors.js';
import { buildImage, buildTar, memorySource, pad, rawHeader, sha256, stripTarEnd, zstdAvailable, type LayerSpec } from './build-image.js';

async function collect(spec: LayerSpec, options: Parameters<typeof readLayer>[2] = {}, read = true) {
  const image = buildImage({ layers: [spec] });
  const source = memorySource(image, { chunkSize: 1000 });
  const warnings: string[] = [];
  const entries: Array<{ entry: LayerEntry; content?: string; truncated?: boolean }> = [];
  const stream = readLayer(source, source.layers[0]!, { onWarning: (w) => warnings.push(w), ...options });
  for await (const entry of stream) {
    if (read && entry.info.type === 'file') {
      const { content, truncated } = await entry.read(1024 * 1024);
      entries.push({ entry, content: content.toString(), truncated });
    } else {
      entries.push({ entry });
    }
  }
  return { entries, warnings, stats: stream.stats, source };
}

describe('cleanEntryPath', () => {
  test('strips leading slash and ./, resolves inner ..', () => {
    assert.deepEqual(cleanEntryPath('/etc/passwd'), { path: 'etc/passwd' });
    assert.deepEqual(cleanEntryPath('./usr//bin/./sh'), { path: 'usr/bin/sh' });
    assert.deepEqual(cleanEntryPath('a/../b'), { path: 'b' });
    assert.deepEqual(cleanEntryPath('usr/lib/'), { path: 'usr/lib' });
  });
  test('rejects paths climbing above the root', () => {
    assert.deepEqual(cleanEntryPath('../../../tmp/x'), { escapes: true });
    assert.deepEqual(cleanEntryPath('a/../../b'), { escapes: true });
  });
});

describe('classifyWhiteout', () => {
  test('file whiteout names its target, opaque names its directory', () => {
    assert.deepEqual(classifyWhiteout('root/.wh..ssh'), { isWhiteout: true, isOpaque: false, whiteoutTarget: 'root/.ssh' });
    assert.deepEqual(classifyWhiteout('.wh.top'), { isWhiteout: true, isOpaque: false, whiteoutTarget: 'top' });
    assert.deepEqual(classifyWhiteout('var/cache/.wh..wh..opq'), { isWhiteout: true, isOpaque: true, opaqueDir: 'var/cache' });
    assert.deepEqual(classifyWhiteout('.wh..wh.plnk'), { isWhiteout: true, isOpaque: false });
    assert.deepEqual(classifyWhiteout('etc/x.wh.y'), { isWhiteout: false, isOpaque: false });
  });
});

describe('readLayer', () => {
  test('reads entries of a gzip layer with cleaned paths and types', async () => {
    const tarBytes = await buildTar([
      { name: './', type: 'directory' },
      { name: './etc/', type: 'directory' },
      { name: './etc/os-release', content: 'ID=debian\n', mode: 0o4755 },
      { name: '/abs/file', content: 'absolute' },
      { name: 'etc/link', type: 'symlink', linkname: '../usr/x' },
      { name: 'etc/hard', type: 'link', linkname: './etc/os-release' },
      { name: 'dev/null', type: 'character-device' },
      { name: 'run/fifo', type: 'fifo' },
      { name: 'root/.wh..ssh' },
      { name: 'cache/.wh..wh..opq' },
    ]);
    const { entries, warnings } = await collect({ tar: tarBytes });
    assert.deepEqual(warnings, []);
    const byPath = new Map(entries.map((e) => [e.entry.info.path, e]));
    assert.deepEqual([...byPath.keys()], ['etc', 'etc/os-release', 'abs/file', 'etc/link', 'etc/hard', 'dev/null', 'run/fifo', 'root/.wh..ssh', 'cache/.wh..wh..opq']);
    assert.equal(byPath.get('etc/os-release')!.content, 'ID=debian\n');
    assert.equal(byPath.get('etc/os-release')!.entry.info.mode, 0o4755);
    assert.equal(byPath.get('etc/os-release')!.entry.info.type, 'file');
    assert.equal(byPath.get('abs/file')!.entry.rawName, '/abs/file');
    assert.equal(byPath.get('etc/link')!.entry.info.linkTarget, '../usr/x');
    assert.equal(byPath.get('etc/hard')!.entry.info.type, 'hardlink');
    assert.equal(byPath.get('etc/hard')!.entry.info.linkTarget, 'etc/os-release');
    assert.equal(byPath.get('dev/null')!.entry.info.type, 'char');
    assert.equal(byPath.get('run/fifo')!.entry.info.type, 'fifo');
    assert.equal(byPath.get('root/.wh..ssh')!.entry.whiteoutTarget, 'root/.ssh');
    assert.equal(byPath.get('cache/.wh..wh..opq')!.entry.isOpaque, true);
  });

  test('skips entries escaping with .. and hardlinks pointing outside, with warnings naming them', async () => {
    const tarBytes = await buildTar([
      { name: '../../../tmp/x', content: 'evil' },
      { name: 'ok', content: 'fine' },
      { name: 'bad-link', type: 'link', linkname: '../../etc/shadow' },
    ]);
    const { entries, warnings } = await collect({ tar: tarBytes });
    assert.deepEqual(
      entries.map((e) => e.entry.info.path),
      ['ok'],
    );
    assert.equal(warnings.length, 2);
    assert.match(warnings[0]!, /'\.\.\/\.\.\/\.\.\/tmp\/x' escapes the image root/);
    assert.match(warnings[1]!, /hardlink 'bad-link' points outside the image root/);
    assert.match(warnings[0]!, /^layer 0 \(sha256:[0-9a-f]{64}\)/);
  });

  test('unread bodies are skipped; read() after moving on fails; truncated flag when over maxBytes', async () => {
    const big = 'x'.repeat(5000);
    const tarBytes = await buildTar([
      { name: 'a', content: big },
      { name: 'b', content: 'second' },
      { name: 'c', content: big },
    ]);
    const image = buildImage({ layers: [{ tar: tarBytes, compression: 'none' }] });
    const source = memorySource(image, { chunkSize: 700 });
    let first: LayerEntry | undefined;
    const results: string[] = [];
    for await (const entry of readLayer(source, source.layers[0]!)) {
      if (entry.info.path === 'a') {
        first = entry;
        continue; // not read: drained by the iteration
      }
      if (entry.info.path === 'b') {
        await assert.rejects(first!.read(10), /no longer current/);
        const r = await entry.read(100);
        results.push(`${r.content.toString()}:${r.truncated}`);
      }
      if (entry.info.path === 'c') {
        const r = await entry.read(100);
        results.push(`${r.content.length}:${r.truncated}`);
        await assert.rejects(entry.read(100), /already read/);
      }
    }
    assert.deepEqual(results, ['second:false', '100:true']);
  });

  test('pax long names and GNU long names', async () => {
    const longName = `${'d'.repeat(120)}/${'f'.repeat(150)}`;
    const paxTar = await buildTar([{ name: longName, content: 'pax' }]);
    const gnuName = `gnu/${'g'.repeat(200)}`;
    const nameBody = Buffer.from(`${gnuName}\0`);
    const data = Buffer.from('gnu data');
    const gnuTar = Buffer.concat([
      rawHeader({ name: '././@LongLink', typeflag: 'L', size: nameBody.length, gnu: true }),
      pad(nameBody),
      rawHeader({ name: gnuName.slice(0, 100), typeflag: '0', size: data.length, gnu: true }),
      pad(data),
      Buffer.alloc(1024),
    ]);
    const pax = await collect({ tar: paxTar });
    assert.equal(pax.entries[0]!.entry.info.path, longName);
    assert.equal(pax.entries[0]!.content, 'pax');
    const gnu = await collect({ tar: gnuTar, compression: 'none' });
    assert.equal(gnu.entries[0]!.entry.info.path, gnuName);
    assert.equal(gnu.entries[0]!.content, 'gnu data');
  });

  test('pax size and base-256 size fields override the octal size', async () => {
    const data = Buffer.from('twelve bytes');
    const base256 = Buffer.concat([rawHeader({ name: 'b256', typeflag: '0', size: data.length, gnu: true, sizeBase256: true }), pad(data), Buffer.alloc(1024)]);
    const r = await collect({ tar: base256, compression: 'none' });
    assert.equal(r.entries[0]!.content, 'twelve bytes');
    assert.equal(r.entries[0]!.entry.info.size, 12);

    const paxTar = await buildTar([{ name: 'sized', content: 'abc', pax: { 'SCHILY.xattr.user.x': 'y', uid: '1234567' } }]);
    const p = await collect({ tar: paxTar });
    assert.equal(p.entries[0]!.entry.info.uid, 1234567);
  });

  test('a wrong layer digest fails after the stream, naming the layer blob', async () => {
    const tarBytes = await buildTar([{ name: 'etc/os-release', content: 'ID=alpine\n' }]);
    await assert.rejects(collect({ tar: tarBytes, wrongDigest: true }), (err: unknown) => {
      assert.ok(err instanceof DigestMismatchError);
      assert.ok(err instanceof InputError);
      assert.match(err.message, /^layer 0 \(sha256:[0-9a-f]{64}\) blob: digest mismatch/);
      return true;
    });
  });

  test('a wrong diffID fails, naming the uncompressed content', async () => {
    const tarBytes = await buildTar([{ name: 'a', content: 'a' }]);
    await assert.rejects(collect({ tar: tarBytes, wrongDiffID: true }), (err: unknown) => {
      assert.ok(err instanceof DigestMismatchError);
      assert.match(err.message, /layer 0 .*diffID.*digest mismatch/);
      assert.equal(err.expected, buildImage({ layers: [{ tar: tarBytes, wrongDiffID: true }] }).layers[0]!.diffID);
      assert.equal(err.actual, sha256(tarBytes));
      return true;
    });
  });

  test('missing end-of-archive blocks and last padding (umoci insert) are tolerated silently', async () => {
    const tarBytes = await buildTar([
      { name: 'first', content: 'one' },
      { name: 'last', content: 'last file data, 27 bytes..' },
    ]);
    const cut = stripTarEnd(tarBytes, 'last file data, 27 bytes..'.length);
    assert.equal(cut.length % 512, 'last file data, 27 bytes..'.length);
    for (const compression of ['none', 'gzip'] as const) {
      const { entries, warnings } = await collect({ tar: cut, compression });
      assert.deepEqual(
        entries.map((e) => `${e.entry.info.path}=${e.content}`),
        ['first=one', 'last=last file data, 27 bytes..'],
      );
      assert.deepEqual(warnings, []);
    }
  });

  test('a header cut at the end: entries before it are used, with a warning', async () => {
    const tarBytes = await buildTar([{ name: 'kept', content: 'k' }, { name: 'cut-header', content: 'c' }]);
    const cut = tarBytes.subarray(0, 1024 + 100); // first entry complete, second header partial
    const { entries, warnings } = await collect({ tar: cut, compression: 'none' });
    assert.deepEqual(
      entries.map((e) => e.entry.info.path),
      ['kept'],
    );
    assert.equal(warnings.length, 1);
    assert.match(warnings[0]!, /header at offset 1024 is cut/);
  });

  test('data cut mid-file is a CorruptLayerError naming the layer and entry', async () => {
    const tarBytes = await buildTar([{ name: 'big', content: 'z'.repeat(4000) }]);
    const cut = tarBytes.subarray(0, 512 + 1000);
    for (const read of [true, false]) {
      await assert.rejects(collect({ tar: cut, compression: 'none' }, {}, read), (err: unknown) => {
        assert.ok(err instanceof CorruptLayerError, String(err));
        assert.match(err.message, /^layer 0 \(sha256:.*\): tar entry 'big' is truncated: 4000 bytes of data expected, 1000 present/);
        return true;
      });
    }
  });

  test('a cut gzip stream is a CorruptLayerError', async () => {
    const tarBytes = await buildTar([{ name: 'big', content: Buffer.from(Array.from({ length: 20000 }, (_, i) => (i * 7919) % 251)) }]);
    const gz = zlib.gzipSync(tarBytes);
    const image = buildImage({ layers: [{ tar: tarBytes }] });
    // The blob is cut; its digest is recomputed so only the cut itself is wrong.
    const cutBlob = gz.subarray(0, gz.length - 200);
    image.layers[0] = { ...image.layers[0]!, blob: cutBlob, digest: sha256(cutBlob), size: cutBlob.length };
    const source = memorySource(image);
    await assert.rejects(
      (async () => {
        for await (const e of readLayer(source, source.layers[0]!)) await e.read(100000);
      })(),
      (err: unknown) => {
        assert.ok(err instanceof CorruptLayerError, String(err));
        assert.match(err.message, /^layer 0 .*: gzip stream ends early/);
        return true;
      },
    );
  });

  test('a corrupted blob reports the digest mismatch rather than the parse failure', async () => {
    const tarBytes = await buildTar([{ name: 'a', content: 'a'.repeat(3000) }, { name: 'b', content: 'b' }]);
    const image = buildImage({ layers: [{ tar: tarBytes, compression: 'none' }] });
    const damaged = Buffer.from(image.layers[0]!.blob);
    damaged[3584] = 0x41; // inside the second header: its checksum no longer matches
    image.layers[0] = { ...image.layers[0]!, blob: damaged };
    const source = memorySource(image);
    await assert.rejects(
      (async () => {
        for await (const e of readLayer(source, source.layers[0]!)) void e;
      })(),
      (err: unknown) => {
        assert.ok(err instanceof DigestMismatchError, String(err));
        assert.ok((err as Error).cause instanceof CorruptLayerError);
        return true;
      },
    );
  });

  test('decompression bombs: ratio and total size limits name the layer', async () => {
    const zeros = Buffer.alloc(8 * 1024 * 1024);
    const tarBytes = await buildTar([{ name: 'zeros', content: zeros }]);
    await assert.rejects(collect({ tar: tarBytes }, { limits: { ratioGraceBytes: 1024 * 1024 } }, false), (err: unknown) => {
      assert.ok(err instanceof LayerLimitError);
      assert.match(err.message, /^layer 0 \(sha256:.*\): compression ratio exceeds 100/);
      return true;
    });
    await assert.rejects(collect({ tar: tarBytes, compression: 'none' }, { limits: { maxLayerBytes: 1024 * 1024 } }, false), (err: unknown) => {
      assert.ok(err instanceof LayerLimitError);
      assert.match(err.message, /uncompressed size exceeds the limit of 1048576 bytes/);
      return true;
    });
    // Within the default limits the same layer reads fine (ratio is only checked after 64 MiB).
    const ok = await collect({ tar: tarBytes }, {}, false);
    assert.equal(ok.stats.uncompressedBytes, tarBytes.length);
  });

  test('media type and magic bytes disagree: decoded by magic, with a warning', async () => {
    const tarBytes = await buildTar([{ name: 'a', content: 'plain' }]);
    const { entries, warnings } = await collect({ tar: tarBytes, compression: 'gzip', mediaType: 'application/vnd.oci.image.layer.v1.tar' });
    assert.equal(entries[0]!.content, 'plain');
    assert.equal(warnings.length, 1);
    assert.match(warnings[0]!, /says none but the data is gzip/);
  });

  test('an invalid diffID is an InputError', async () => {
    const tarBytes = await buildTar([{ name: 'a', content: 'a' }]);
    const image = buildImage({ layers: [{ tar: tarBytes }] });
    const source = memorySource(image);
    const layer = { ...source.layers[0]!, diffID: 'sha256:../../etc' };
    await assert.rejects(
      (async () => {
        for await (const e of readLayer(source, layer)) void e;
      })(),
      /invalid digest/,
    );
  });

  test('zstd layers, including a bomb stopped between blocks', { skip: zstdAvailable() ? false : 'zstd CLI not installed' }, async () => {
    const tarBytes = await buildTar([
      { name: 'etc/os-release', content: 'ID=alpine\n' },
      { name: 'data', content: Buffer.from(Array.from({ length: 300000 }, (_, i) => (i * 31) % 256)) },
    ]);
    const { entries, warnings, stats } = await collect({ tar: tarBytes, compression: 'zstd' });
    assert.deepEqual(warnings, []);
    assert.equal(entries[0]!.content, 'ID=alpine\n');
    assert.equal(entries[1]!.content!.length, 300000);
    assert.equal(stats.uncompressedBytes, tarBytes.length);

    const zeros = await buildTar([{ name: 'zeros', content: Buffer.alloc(16 * 1024 * 1024) }]);
    await assert.rejects(collect({ tar: zeros, compression: 'zstd' }, { limits: { ratioGraceBytes: 1024 * 1024 } }, false), (err: unknown) => {
      assert.ok(err instanceof LayerLimitError);
      assert.match(err.message, /compression ratio exceeds/);
      return true;
    });
    await assert.rejects(collect({ tar: tarBytes, compression: 'zstd' }, { limits: { maxZstdWindow: 1024 } }, false), (err: unknown) => {
      assert.ok(err instanceof LayerLimitError);
      assert.match(err.message, /zstd frame needs a \d+-byte window/);
      return true;
    });
  });
});
