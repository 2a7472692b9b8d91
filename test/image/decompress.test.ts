import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import * as v8 from 'node:v8';
import * as vm from 'node:vm';
import * as zlib from 'node:zlib';
import { DecodeError, decodeAll, openDecoded, sniffCompression } from '../../src/image/decompress.js';
import { compress, zstdAvailable } from './build-image.js';

async function* chunked(data: Buffer, size: number): AsyncGenerator<Buffer> {
  for (let i = 0; i < data.length; i += size) yield data.subarray(i, i + size);
}

async function decode(data: Buffer, size: number, maxZstdWindow?: number): Promise<Buffer> {
  const out: Buffer[] = [];
  for await (const c of decodeAll(chunked(data, size), maxZstdWindow ? { maxZstdWindow } : {})) out.push(c);
  return Buffer.concat(out);
}

const sample = Buffer.from(Array.from({ length: 200000 }, (_, i) => (i % 97 === 0 ? (i * 13) % 256 : 65 + (i % 26))));

describe('decompress', () => {
  test('sniffs by magic bytes', () => {
    assert.equal(sniffCompression(Buffer.from([0x1f, 0x8b, 8, 0])), 'gzip');
    assert.equal(sniffCompression(Buffer.from([0x28, 0xb5, 0x2f, 0xfd])), 'zstd');
    assert.equal(sniffCompression(Buffer.from('ustar')), 'none');
    assert.equal(sniffCompression(Buffer.alloc(0)), 'none');
  });

  test('gzip and plain data round-trip, even with 1-byte chunks for the sniff', async () => {
    assert.deepEqual(await decode(zlib.gzipSync(sample), 1), sample);
    assert.deepEqual(await decode(sample, 3), sample);
    const { compression } = await openDecoded(chunked(Buffer.alloc(0), 1));
    assert.equal(compression, 'none');
  });

  test('concatenated gzip members', async () => {
    const two = Buffer.concat([zlib.gzipSync(Buffer.from('first ')), zlib.gzipSync(Buffer.from('second'))]);
    assert.equal((await decode(two, 5)).toString(), 'first second');
  });

  test('zstd: block splitting over any chunking, multiple frames, skippable frames', { skip: zstdAvailable() ? false : 'zstd CLI not installed' }, async () => {
    const z = compress(sample, 'zstd');
    for (const size of [1, 7, 4096, 1 << 20]) assert.deepEqual(await decode(z, size), sample, `chunk size ${size}`);
    // A skippable frame (magic 0x184D2A5?, little-endian size, payload) between two frames.
    const skippable = Buffer.alloc(8 + 5);
    skippable.writeUInt32LE(0x184d2a53, 0);
    skippable.writeUInt32LE(5, 4);
    const two = Buffer.concat([compress(Buffer.from('one '), 'zstd'), skippable, compress(Buffer.from('two'), 'zstd')]);
    assert.equal((await decode(two, 3)).toString(), 'one two');
  });

  test('zstd: input chunks are not retained while decoding (bounded memory)', { skip: zstdAvailable() ? false : 'zstd CLI not installed' }, async () => {
    v8.setFlagsFromString('--expose-gc');
    const gc = vm.runInNewContext('gc') as () => void;
    const z = compress(randomBytes(48 * 1024 * 1024), 'zstd'); // incompressible: ~48 MiB of blocks
    gc();
    const before = process.memoryUsage().arrayBuffers;
    let seen = 0;
    let peak = 0;
    for await (const c of decodeAll(chunked(z, 64 * 1024))) {
      seen += c.length;
      if (seen % (8 * 1024 * 1024) < c.length) {
        gc();
        peak = Math.max(peak, process.memoryUsage().arrayBuffers - before);
      }
    }
    assert.equal(seen, 48 * 1024 * 1024);
    assert.ok(peak < 16 * 1024 * 1024, `retained ${peak} bytes while decoding`);
  });

  test('zstd: truncated stream and oversized window are DecodeErrors', { skip: zstdAvailable() ? false : 'zstd CLI not installed' }, async () => {
    const z = compress(sample, 'zstd');
    await assert.rejects(decode(z.subarray(0, z.length - 10), 1000), (err: unknown) => {
      assert.ok(err instanceof DecodeError);
      assert.equal(err.kind, 'corrupt');
      return true;
    });
    await assert.rejects(decode(z, 1000, 4096), (err: unknown) => {
      assert.ok(err instanceof DecodeError);
      assert.equal(err.kind, 'limit');
      return true;
    });
    const garbage = Buffer.concat([Buffer.from([0x28, 0xb5, 0x2f, 0xfd]), Buffer.from([0x08, 0, 0, 0, 0, 0])]);
    await assert.rejects(decode(garbage, 100), /reserved frame header bit/);
  });

  test('zstd: a block claiming more than 128 KiB is rejected before it is buffered', async () => {
    const h = ((200 * 1024) << 3) | 1; // last block, raw, 200 KiB
    const frame = Buffer.from([0x28, 0xb5, 0x2f, 0xfd, 0x00, 0x00, h & 0xff, (h >> 8) & 0xff, (h >> 16) & 0xff]);
    await assert.rejects(decode(frame, 100), (err: unknown) => {
      assert.ok(err instanceof DecodeError);
      assert.match(err.message, /block of 204800 bytes/);
      return true;
    });
  });

  test('gzip: a cut stream is a DecodeError', async () => {
    const gz = zlib.gzipSync(sample);
    await assert.rejects(decode(gz.subarray(0, gz.length - 100), 1000), (err: unknown) => {
      assert.ok(err instanceof DecodeError);
      assert.match(err.message, /gzip stream ends early/);
      return true;
    });
  });
});
