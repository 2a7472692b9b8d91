/**
 * The tar reading loop shared by the streaming layer reader and the seekable archive index, and
 * the streaming side itself (entries with lazily consumed bodies).
 *
 * End-of-archive handling follows Go's archive/tar, which is what docker and containerd use:
 * - EOF where a header would start: the archive ends there (umoci-insert layers have no
 *   end-of-archive blocks), silently.
 * - EOF inside the padding after the last file's data: same (umoci also drops that padding).
 * - EOF inside a header block: the entries read so far are used; a warning says the header is cut.
 * - EOF inside a file's data: the layer is truncated, an error (TarTruncatedError).
 * - A zero block: end of archive. Go fails when a non-zero block follows a single zero block;
 *   we stop there too but with a warning, since the remaining bytes are still hashed for the digest.
 */
import {
  BLOCK_SIZE,
  HeaderAssembler,
  TarFormatError,
  isZeroBlock,
  paddedSize,
  parseRawHeader,
  sparseExtensionContinues,
  type TarHeader,
} from './tar-header.js';

/** Sequential input the header loop reads from (a stream, or a file read at offsets). */
export interface TarInput {
  /** Reads up to `n` bytes; fewer only at the end of input. */
  read(n: number): Promise<Buffer>;
  /** Skips up to `n` bytes; returns how many were skipped (fewer only at the end of input). */
  skip(n: number): Promise<number>;
  /** Bytes consumed so far. */
  readonly position: number;
}

export type NextHeader =
  | { header: TarHeader; offset: number; dataOffset: number }
  | { end: 'eof' | 'zero-blocks' }
  | { end: 'cut' | 'data-after-zero-block'; message: string };

/** Data of an entry ends before its size: the archive is truncated. */
export class TarTruncatedError extends TarFormatError {
  constructor(
    readonly entry: string,
    readonly expected: number,
    readonly available: number,
  ) {
    super(`tar entry '${entry}' is truncated: ${expected} bytes of data expected, ${available} present`);
    this.name = 'TarTruncatedError';
  }
}

/**
 * Reads the next entry header, consuming pax/GNU extension headers and old-GNU sparse extension
 * blocks. Throws TarFormatError for a corrupt header (bad checksum, oversized extension).
 */
export async function readNextHeader(input: TarInput, assembler: HeaderAssembler): Promise<NextHeader> {
  let pendingExtension = false;
  for (;;) {
    const offset = input.position;
    const block = await input.read(BLOCK_SIZE);
    if (block.length === 0) {
      if (pendingExtension) return { end: 'cut', message: `tar ends after an extension header at offset ${offset}, before its entry` };
      return { end: 'eof' };
    }
    if (block.length < BLOCK_SIZE) {
      return { end: 'cut', message: `tar header at offset ${offset} is cut (${block.length} of ${BLOCK_SIZE} bytes)` };
    }
    if (isZeroBlock(block)) {
      const second = await input.read(BLOCK_SIZE);
      if (second.length === 0 || isZeroBlock(second)) return { end: 'zero-blocks' };
      return {
        end: 'data-after-zero-block',
        message: `tar has data after a single zero block at offset ${offset}; the rest is ignored (Go-based runtimes refuse such a layer)`,
      };
    }
    const raw = parseRawHeader(block);
    const extensionSize = assembler.extensionBodySize(raw);
    if (extensionSize !== undefined) {
      const body = await input.read(extensionSize);
      if (body.length < extensionSize) return { end: 'cut', message: `tar extension header at offset ${offset} is cut` };
      await input.skip(paddedSize(extensionSize) - extensionSize);
      assembler.addExtension(raw, body);
      pendingExtension = true;
      continue;
    }
    let extended = raw.gnuSparseExtended === true;
    while (extended) {
      const ext = await input.read(BLOCK_SIZE);
      if (ext.length < BLOCK_SIZE) return { end: 'cut', message: `tar sparse header at offset ${offset} is cut` };
      extended = sparseExtensionContinues(ext);
    }
    return { header: assembler.finish(raw), offset, dataOffset: input.position };
  }
}

/**
 * A pull-based byte reader over an async iterator of chunks. Slices are views into the chunks
 * (no copy) unless a read spans chunks.
 */
export class ByteReader implements TarInput {
  private chunk: Buffer = Buffer.alloc(0);
  private pos = 0;
  private done = false;
  position = 0;

  constructor(private readonly source: AsyncIterator<Buffer>) {}

  /** Makes sure the current chunk has unread bytes; false at the end of input. */
  private async fill(): Promise<boolean> {
    while (this.pos >= this.chunk.length) {
      if (this.done) return false;
      const next = await this.source.next();
      if (next.done) {
        this.done = true;
        return false;
      }
      this.chunk = next.value;
      this.pos = 0;
    }
    return true;
  }

  /** Up to `max` bytes from the current chunk (at least one unless at the end of input). */
  async readSome(max: number): Promise<Buffer> {
    if (max <= 0 || !(await this.fill())) return Buffer.alloc(0);
    const n = Math.min(max, this.chunk.length - this.pos);
    const out = this.chunk.subarray(this.pos, this.pos + n);
    this.pos += n;
    this.position += n;
    return out;
  }

  async read(n: number): Promise<Buffer> {
    const first = await this.readSome(n);
    if (first.length === n || first.length === 0) return first;
    const parts = [first];
    let have = first.length;
    while (have < n) {
      const part = await this.readSome(n - have);
      if (part.length === 0) break;
      parts.push(part);
      have += part.length;
    }
    return Buffer.concat(parts, have);
  }

  async skip(n: number): Promise<number> {
    let skipped = 0;
    while (skipped < n) {
      const part = await this.readSome(n - skipped);
      if (part.length === 0) break;
      skipped += part.length;
    }
    return skipped;
  }

  /** Consumes everything left; returns the byte count. */
  async drain(): Promise<number> {
    let total = 0;
    for (;;) {
      const part = await this.readSome(Number.MAX_SAFE_INTEGER);
      if (part.length === 0) return total;
      total += part.length;
    }
  }
}

/** An entry of a tar stream whose data is read on demand, while the entry is current. */
export interface StreamTarEntry {
  header: TarHeader;
  /** Offset of the entry's first header block in the (uncompressed) tar. */
  offset: number;
  /**
   * Reads the first `max` bytes of data (all of it when shorter). Only once, and only before
   * the iteration moves on. Throws TarTruncatedError when the data is cut.
   */
  readData(max: number): Promise<Buffer>;
}

export interface TarStreamOptions {
  onWarning(message: string): void;
}

/**
 * Iterates the entries of a tar stream. Data the consumer does not read is skipped when it asks
 * for the next entry, so a body is never buffered unless read.
 */
export async function* iterateTarStream(input: ByteReader, options: TarStreamOptions): AsyncGenerator<StreamTarEntry> {
  const assembler = new HeaderAssembler();
  for (;;) {
    const next = await readNextHeader(input, assembler);
    if ('end' in next) {
      if (next.end === 'cut' || next.end === 'data-after-zero-block') options.onWarning(next.message);
      return;
    }
    const { header } = next;
    let consumed = 0;
    let current = true;
    let dataRead = false;
    const entry: StreamTarEntry = {
      header,
      offset: next.offset,
      async readData(max: number): Promise<Buffer> {
        if (!current) throw new Error(`tar entry '${header.name}' is no longer current; read its data before moving on`);
        if (dataRead) throw new Error(`tar entry '${header.name}' data was already read`);
        dataRead = true;
        const want = Math.min(max, header.dataSize);
        const data = await input.read(want);
        consumed = data.length;
        if (data.length < want) throw new TarTruncatedError(header.name, header.dataSize, consumed);
        return data;
      },
    };
    yield entry;
    current = false;
    const rest = header.dataSize - consumed;
    const skipped = await input.skip(rest);
    if (skipped < rest) throw new TarTruncatedError(header.name, header.dataSize, consumed + skipped);
    // EOF inside the padding is accepted (see the file comment): the next read returns EOF.
    await input.skip(paddedSize(header.dataSize) - header.dataSize);
  }
}
