/**
 * Streaming decompression of layer blobs (and of compressed image archives), chosen by magic
 * bytes: gzip `1f 8b`, zstd `28 b5 2f fd`, anything else is taken as uncompressed.
 *
 * gzip goes through node:zlib (bounded output chunks, stream backpressure).
 *
 * zstd goes through fzstd's streaming `Decompress`, but never with arbitrary chunks: fzstd
 * decodes every complete block of a pushed chunk in one synchronous call, and a zstd block of
 * 4 bytes can expand to 128 KiB (RLE), so one 64 KiB input chunk could produce gigabytes before
 * any limit could be checked. We therefore split the input on zstd frame/block boundaries
 * ourselves (the frame format is RFC 8878 §3.1) and push one block at a time, yielding its output
 * before the next, which keeps memory at about one block and lets the caller's bomb limits fire
 * between blocks. Parsing frame headers also lets us refuse huge window sizes before fzstd
 * allocates the window (it allocates the declared size up front, up to 2 GiB).
 */
import { pipeline, Readable } from 'node:stream';
import * as zlib from 'node:zlib';
import { Decompress } from 'fzstd';
import type { Compression } from './types.js';

/** Failure to decode: `corrupt` data, or a `limit` exceeded (zstd window). */
export class DecodeError extends Error {
  constructor(
    readonly kind: 'corrupt' | 'limit',
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'DecodeError';
  }
}

/** Default largest zstd window accepted: `zstd --long` and `--ultra -22` use 128 MiB. */
export const DEFAULT_MAX_ZSTD_WINDOW = 128 * 1024 * 1024;

export function sniffCompression(head: Buffer): Compression {
  if (head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b) return 'gzip';
  if (head.length >= 4 && head[0] === 0x28 && head[1] === 0xb5 && head[2] === 0x2f && head[3] === 0xfd) return 'zstd';
  return 'none';
}

export interface DecodeOptions {
  maxZstdWindow?: number;
}

/**
 * Sniffs the compression from the first bytes of `input` and returns the decoded chunks.
 * The returned iterable must be consumed (or returned) to release `input`.
 */
export async function openDecoded(
  input: AsyncIterable<Buffer>,
  options: DecodeOptions = {},
): Promise<{ compression: Compression; chunks: AsyncIterable<Buffer> }> {
  const iterator = input[Symbol.asyncIterator]();
  const head: Buffer[] = [];
  let headLength = 0;
  let ended = false;
  while (headLength < 4) {
    const next = await iterator.next();
    if (next.done) {
      ended = true;
      break;
    }
    head.push(next.value);
    headLength += next.value.length;
  }
  const compression = sniffCompression(Buffer.concat(head, headLength));
  async function* replay(): AsyncGenerator<Buffer> {
    try {
      for (const chunk of head) yield chunk;
      if (ended) return;
      for (;;) {
        const next = await iterator.next();
        if (next.done) return;
        yield next.value;
      }
    } finally {
      // Early exit by the consumer: let the source release its file / socket.
      if (!ended) await iterator.return?.();
    }
  }
  const raw = replay();
  const chunks = compression === 'gzip' ? gunzip(raw) : compression === 'zstd' ? unzstd(raw, options.maxZstdWindow ?? DEFAULT_MAX_ZSTD_WINDOW) : raw;
  return { compression, chunks };
}

async function* gunzip(input: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
  // 64 KiB output chunks: a quarter of the per-chunk overhead of the 16 KiB default, still small.
  const inflater = zlib.createGunzip({ chunkSize: 64 * 1024 });
  // pipeline destroys every stream with the first error, so iterating `inflater` rethrows a
  // source error as well as a zlib one.
  pipeline(Readable.from(input), inflater, () => {});
  try {
    for await (const chunk of inflater) yield chunk as Buffer;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (typeof code === 'string' && code.startsWith('Z_')) {
      throw new DecodeError('corrupt', code === 'Z_BUF_ERROR' ? 'gzip stream ends early' : `invalid gzip data (${(err as Error).message})`, { cause: err });
    }
    throw err;
  }
}

async function* unzstd(input: AsyncIterable<Buffer>, maxWindow: number): AsyncGenerator<Buffer> {
  const splitter = new ZstdBlockSplitter(maxWindow);
  for await (const chunk of input) {
    for (const out of splitter.feed(chunk)) yield out;
  }
  for (const out of splitter.end()) yield out;
}

const ZSTD_MAGIC = 0xfd2fb528;
const ZSTD_MAX_BLOCK = 128 * 1024;
const DICT_ID_BYTES = [0, 1, 2, 4] as const;
const FCS_BYTES = [0, 2, 4, 8] as const;

/** Feeds fzstd one zstd block at a time (see the file comment). */
class ZstdBlockSplitter {
  private pending: Buffer = Buffer.alloc(0);
  private state: 'frame' | 'block' | 'checksum' | 'skip' = 'frame';
  private checksum = false;
  private skipRemaining = 0;
  private readonly out: Buffer[] = [];
  private readonly decoder = new Decompress((data) => {
    if (data.length > 0) this.out.push(Buffer.from(data.buffer, data.byteOffset, data.length));
  });

  constructor(private readonly maxWindow: number) {}

  private forward(bytes: Buffer, final = false): Buffer[] {
    try {
      this.decoder.push(bytes, final);
    } catch (err) {
      throw new DecodeError('corrupt', `invalid zstd data (${(err as Error).message})`, { cause: err });
    }
    this.dropEmptyPending();
    return this.out.splice(0);
  }

  /**
   * fzstd 0.1.1 keeps unconsumed input in a private list `c` (total length `l`). After a chunk
   * ends exactly on a block boundary it appends a zero-length view of that chunk and, while `l`
   * stays 0, never clears the list, so every input chunk stayed reachable: memory grew with the
   * compressed layer size (measured: 470 MB retained for a 300 MB layer). With `l === 0` the
   * list holds only empty views and clearing it changes nothing else. Guarded so that a
   * different internal layout in another fzstd version makes this a no-op, not a failure.
   */
  private dropEmptyPending(): void {
    const internals = this.decoder as unknown as { c?: unknown; l?: unknown };
    if (internals.l === 0 && Array.isArray(internals.c) && internals.c.length > 0) internals.c = [];
  }

  *feed(chunk: Buffer): Generator<Buffer> {
    const buf = this.pending.length > 0 ? Buffer.concat([this.pending, chunk]) : chunk;
    let p = 0;
    for (;;) {
      const avail = buf.length - p;
      if (this.state === 'skip') {
        const n = Math.min(avail, this.skipRemaining);
        p += n;
        this.skipRemaining -= n;
        if (this.skipRemaining > 0) break;
        this.state = 'frame';
        continue;
      }
      if (this.state === 'frame') {
        if (avail < 4) break;
        const magic = buf.readUInt32LE(p);
        if ((magic & 0xfffffff0) >>> 0 === 0x184d2a50) {
          // Skippable frame: 4-byte magic, 4-byte size, content nobody decodes.
          if (avail < 8) break;
          this.skipRemaining = buf.readUInt32LE(p + 4);
          p += 8;
          this.state = 'skip';
          continue;
        }
        if (magic !== ZSTD_MAGIC) throw new DecodeError('corrupt', 'invalid zstd data (bad frame magic)');
        if (avail < 6) break;
        const fhd = buf[p + 4]!;
        if (fhd & 0x08) throw new DecodeError('corrupt', 'invalid zstd data (reserved frame header bit set)');
        const single = (fhd >> 5) & 1;
        const fcsFlag = fhd >> 6;
        const fcsBytes = fcsFlag === 0 ? single : FCS_BYTES[fcsFlag]!;
        const headerLength = 5 + (single ? 0 : 1) + DICT_ID_BYTES[fhd & 3]! + fcsBytes;
        if (avail < headerLength) break;
        let window: number;
        if (!single) {
          const wd = buf[p + 5]!;
          const base = 2 ** (10 + (wd >> 3));
          window = base + (base / 8) * (wd & 7);
        } else {
          // Single-segment frames decode into a buffer of the content size.
          const at = p + headerLength - fcsBytes;
          window = 0;
          for (let i = fcsBytes - 1; i >= 0; i--) window = window * 256 + buf[at + i]!;
          if (fcsBytes === 2) window += 256;
        }
        if (window > this.maxWindow) {
          throw new DecodeError('limit', `zstd frame needs a ${window}-byte window, more than the ${this.maxWindow} allowed`);
        }
        this.checksum = ((fhd >> 2) & 1) === 1;
        yield* this.forward(buf.subarray(p, p + headerLength));
        p += headerLength;
        this.state = 'block';
        continue;
      }
      if (this.state === 'block') {
        if (avail < 3) break;
        const h = buf[p]! | (buf[p + 1]! << 8) | (buf[p + 2]! << 16);
        const last = h & 1;
        const type = (h >> 1) & 3;
        const size = h >>> 3;
        if (type === 3) throw new DecodeError('corrupt', 'invalid zstd data (reserved block type)');
        // RFC 8878 §3.1.1.2.3: no block (nor its RLE expansion) exceeds 128 KiB. Enforcing it
        // bounds both the bytes buffered here and the output of one push.
        if (size > ZSTD_MAX_BLOCK) throw new DecodeError('corrupt', `invalid zstd data (block of ${size} bytes)`);
        // RLE blocks store one byte that is repeated `size` times.
        const length = 3 + (type === 1 ? 1 : size);
        if (avail < length) break;
        yield* this.forward(buf.subarray(p, p + length));
        p += length;
        if (last) this.state = this.checksum ? 'checksum' : 'frame';
        continue;
      }
      // checksum: 4 bytes after the last block; fzstd skips them (the diffID covers integrity).
      if (avail < 4) break;
      yield* this.forward(buf.subarray(p, p + 4));
      p += 4;
      this.state = 'frame';
    }
    // Keep the unconsumed tail (at most one block) as a copy, so the chunk can be released.
    this.pending = p >= buf.length ? Buffer.alloc(0) : Buffer.from(buf.subarray(p));
  }

  *end(): Generator<Buffer> {
    if (this.state !== 'frame' || this.pending.length > 0) throw new DecodeError('corrupt', 'zstd stream ends early');
    yield* this.forward(Buffer.alloc(0), true);
  }
}

/** Decoded chunks of a whole stream (any compression), for callers without limits of their own. */
export async function* decodeAll(input: AsyncIterable<Buffer>, options: DecodeOptions = {}): AsyncGenerator<Buffer> {
  const { chunks } = await openDecoded(input, options);
  yield* chunks;
}
