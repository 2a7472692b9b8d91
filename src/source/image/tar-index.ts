/**
 * Image archives (`docker save`, OCI archives) read in place, never extracted.
 *
 * The archive is indexed once: a pass over the headers only, each read with a positioned
 * `read()` and each body jumped over by offset. A streaming tar parser would have to push every
 * byte of a multi-GB archive through JS just to skip it; this pass touches a few KB per entry.
 * A layer or config is then `createReadStream(file, {start, end})` of its entry. The header
 * parsing is the one the layer reader uses (src/image/tar-header.ts, tar-parse.ts).
 *
 * Compressed archives (`docker save | gzip`, also zstd) cannot be read at offsets. They are
 * decompressed once, streaming, into a temporary file (in the cache directory by default, not
 * /tmp, which is often RAM-backed), indexed like any archive, and the file is deleted on
 * close(). Memory stays bounded by the stream buffers; disk use is the uncompressed size,
 * bounded by `maxArchiveBytes`. Scanning the compressed stream in order instead would need one
 * full decompression per blob, since configs and layers are not stored in the order we read them.
 */
import * as fs from 'node:fs';
import * as fsp from 'node:fs/promises';
import * as path from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { InputError } from '../../errors.js';
import { decodeAll, sniffCompression } from '../../image/decompress.js';
import { cleanEntryPath } from '../../image/layer-reader.js';
import { HeaderAssembler, isZeroBlock, paddedSize, parseRawHeader, TarFormatError } from '../../image/tar-header.js';
import { readNextHeader, type TarInput } from '../../image/tar-parse.js';
import { emptyStream, layoutName, tooLarge, type BlobStore } from './blob-store.js';

export interface TarIndexEntry {
  name: string;
  type: 'file' | 'symlink' | 'hardlink';
  /** Offset of the data in the (uncompressed) archive file. */
  offset: number;
  size: number;
  linkTarget?: string;
  /** The data runs past the end of the file. */
  truncated?: true;
}

/** Reads a file at explicit offsets (the index pass). */
class FileInput implements TarInput {
  position = 0;
  constructor(
    private readonly handle: fsp.FileHandle,
    private readonly fileSize: number,
  ) {}

  async read(n: number): Promise<Buffer> {
    const want = Math.max(0, Math.min(n, this.fileSize - this.position));
    const buf = Buffer.alloc(want);
    let have = 0;
    while (have < want) {
      const { bytesRead } = await this.handle.read(buf, have, want - have, this.position + have);
      if (bytesRead === 0) break;
      have += bytesRead;
    }
    this.position += have;
    return have === want ? buf : buf.subarray(0, have);
  }

  async skip(n: number): Promise<number> {
    const skipped = Math.max(0, Math.min(n, this.fileSize - this.position));
    this.position += skipped;
    return skipped;
  }
}

/** One pass over the headers of a tar file. */
export async function indexTarFile(file: string): Promise<{ entries: Map<string, TarIndexEntry>; warnings: string[] }> {
  const handle = await fsp.open(file, 'r');
  const entries = new Map<string, TarIndexEntry>();
  const warnings: string[] = [];
  try {
    const { size } = await handle.stat();
    const input = new FileInput(handle, size);
    const assembler = new HeaderAssembler();
    for (;;) {
      let next;
      try {
        next = await readNextHeader(input, assembler);
      } catch (err) {
        if (err instanceof TarFormatError) {
          if (entries.size === 0) throw new InputError(`${file} is not a tar archive (${err.message})`);
          throw new InputError(`${file}: invalid tar at offset ${input.position - 512}: ${err.message}`);
        }
        throw err;
      }
      if ('end' in next) {
        if (next.end === 'cut' || next.end === 'data-after-zero-block') warnings.push(next.message);
        break;
      }
      const { header } = next;
      const cleaned = cleanEntryPath(header.name);
      const type = header.kind === 'file' || header.kind === 'symlink' || header.kind === 'hardlink' ? header.kind : undefined;
      if (type && !('escapes' in cleaned) && cleaned.path !== '') {
        const entry: TarIndexEntry = { name: cleaned.path, type, offset: next.dataOffset, size: header.dataSize };
        if (type !== 'file') entry.linkTarget = header.linkname;
        if (next.dataOffset + header.dataSize > size) entry.truncated = true;
        entries.set(cleaned.path, entry);
      }
      const skipped = await input.skip(paddedSize(header.dataSize));
      if (skipped < header.dataSize) break;
    }
  } finally {
    await handle.close();
  }
  return { entries, warnings };
}

const MAX_LINK_HOPS = 40;

export interface TarArchiveOptions {
  /** Where a compressed archive is decompressed to (a fresh subdirectory is created in it). */
  tempDir: string;
  /** Largest uncompressed size accepted for a compressed archive (default 64 GiB). */
  maxArchiveBytes?: number;
}

/** An indexed tar archive; see the file comment. */
export class TarArchive implements BlobStore {
  readonly description: string;
  private constructor(
    /** The tar actually read: the archive itself, or its decompressed temporary copy. */
    private readonly tarFile: string,
    readonly entries: Map<string, TarIndexEntry>,
    readonly warnings: string[],
    private readonly tempDir: string | undefined,
    original: string,
  ) {
    this.description = `archive ${original}`;
  }

  static async open(file: string, options: TarArchiveOptions): Promise<TarArchive> {
    const head = Buffer.alloc(4);
    const handle = await fsp.open(file, 'r');
    let headLength: number;
    try {
      headLength = (await handle.read(head, 0, 4, 0)).bytesRead;
    } finally {
      await handle.close();
    }
    const compression = sniffCompression(head.subarray(0, headLength));
    let tarFile = file;
    let tempDir: string | undefined;
    if (compression !== 'none') {
      await fsp.mkdir(options.tempDir, { recursive: true });
      tempDir = await fsp.mkdtemp(path.join(options.tempDir, 'archive-'));
      tarFile = path.join(tempDir, 'image.tar');
      try {
        await decompressTo(file, tarFile, options.maxArchiveBytes ?? 64 * 1024 ** 3);
      } catch (err) {
        await fsp.rm(tempDir, { recursive: true, force: true });
        throw err;
      }
    }
    try {
      const { entries, warnings } = await indexTarFile(tarFile);
      return new TarArchive(tarFile, entries, warnings, tempDir, file);
    } catch (err) {
      if (tempDir) await fsp.rm(tempDir, { recursive: true, force: true });
      throw err;
    }
  }

  /** Follows symlinks (relative to the link's directory) and hardlinks to a regular file entry. */
  resolve(name: string): TarIndexEntry | undefined {
    let entry = this.entries.get(layoutName(name, this.description));
    for (let hops = 0; entry && entry.type !== 'file'; hops++) {
      if (hops >= MAX_LINK_HOPS) return undefined;
      const target = entry.linkTarget ?? '';
      const dir = entry.name.includes('/') ? entry.name.slice(0, entry.name.lastIndexOf('/')) : '';
      const joined = entry.type === 'symlink' && !target.startsWith('/') ? `${dir}/${target}` : target;
      const cleaned = cleanEntryPath(joined);
      if ('escapes' in cleaned) return undefined;
      entry = this.entries.get(cleaned.path);
    }
    return entry;
  }

  has(name: string): boolean {
    return this.resolve(name) !== undefined;
  }

  async size(name: string): Promise<number | undefined> {
    return this.resolve(name)?.size;
  }

  private require(name: string): TarIndexEntry {
    const entry = this.resolve(name);
    if (!entry) throw new InputError(`${this.description}: ${name} is missing`);
    if (entry.truncated) throw new InputError(`${this.description}: ${name} is truncated (the archive ends inside it)`);
    return entry;
  }

  async read(name: string, maxBytes: number): Promise<Buffer> {
    const entry = this.require(name);
    if (entry.size > maxBytes) throw tooLarge(this.description, name, entry.size, maxBytes);
    const handle = await fsp.open(this.tarFile, 'r');
    try {
      const buf = Buffer.alloc(entry.size);
      let have = 0;
      while (have < entry.size) {
        const { bytesRead } = await handle.read(buf, have, entry.size - have, entry.offset + have);
        if (bytesRead === 0) throw new InputError(`${this.description}: ${name} is truncated`);
        have += bytesRead;
      }
      return buf;
    } finally {
      await handle.close();
    }
  }

  async open(name: string): Promise<NodeJS.ReadableStream> {
    const entry = this.require(name);
    if (entry.size === 0) return emptyStream();
    return fs.createReadStream(this.tarFile, { start: entry.offset, end: entry.offset + entry.size - 1 });
  }

  async close(): Promise<void> {
    if (this.tempDir) await fsp.rm(this.tempDir, { recursive: true, force: true });
  }
}

async function decompressTo(file: string, target: string, maxBytes: number): Promise<void> {
  let total = 0;
  // The first block must be a tar header (or the zero block of an empty tar): a compressed file
  // that is not a tar fails here instead of after being decompressed to disk in full.
  let head: Buffer | undefined = Buffer.alloc(0);
  const limit = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      total += chunk.length;
      if (total > maxBytes) return callback(new InputError(`${file}: decompressed archive exceeds ${maxBytes} bytes`));
      if (head !== undefined) {
        head = Buffer.concat([head, chunk.subarray(0, 512 - head.length)]);
        if (head.length === 512) {
          if (!isZeroBlock(head)) {
            try {
              parseRawHeader(head);
            } catch {
              return callback(new InputError(`${file} is compressed but does not contain a tar archive`));
            }
          }
          head = undefined;
        }
      }
      callback(null, chunk);
    },
  });
  try {
    await pipeline(Readable.from(decodeAll(fs.createReadStream(file))), limit, fs.createWriteStream(target));
  } catch (err) {
    if (err instanceof InputError) throw err;
    throw new InputError(`${file}: cannot decompress the archive: ${(err as Error).message}`, undefined, { cause: err });
  }
}
