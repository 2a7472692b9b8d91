/**
 * The `docker save` stream of an engine, read once, as a BlobStore the docker-archive reader
 * can open like an archive file.
 *
 * The stream is parsed while it arrives, with the project's own tar reader (tar-parse.ts): each
 * member is kept in memory when small (manifest.json, configs, `repositories`, index.json,
 * `<id>/json`; up to `maxInlineMemberBytes` each and `maxInlineTotalBytes` together) and
 * otherwise written to its own spool file in a fresh `engine-*` directory under `tempDir` (the
 * cache's `tmp/`, not /tmp, which is often RAM-backed). Nothing is written to disk for an image
 * whose members all fit in memory; the spool directory is removed by close().
 *
 * Why every layer is spooled rather than handed to the walk as it arrives (measured and read in
 * the engines' code, see index.ts): the image metadata (manifest.json and the config)
 * comes after the layers in every engine's export, and ImageSource promises complete, verified
 * metadata when it is opened; and the walk may open a layer twice (hardlink targets it re-reads,
 * an image listing the same diff ID twice), which a stream consumed once cannot serve.
 *
 * The stream must end with the tar end-of-archive blocks: engines always write them, so an export
 * that stops without them (engine crash, connection cut between two members) is an error, not a
 * short image. An error the engine writes into the stream after it started (Docker does this,
 * `{"errorDetail":…}`) is reported with the engine's own message.
 */
import * as fs from 'node:fs';
import * as fsp from 'node:fs/promises';
import * as path from 'node:path';
import { Readable } from 'node:stream';
import { InputError } from '../../../errors.js';
import { cleanEntryPath } from '../../../image/layer-reader.js';
import { BLOCK_SIZE, HeaderAssembler, paddedSize, TarFormatError } from '../../../image/tar-header.js';
import { ByteReader, readNextHeader } from '../../../image/tar-parse.js';
import { emptyStream, layoutName, tooLarge, type BlobStore } from '../blob-store.js';
import { EngineError } from './errors.js';

export const DEFAULT_INLINE_MEMBER_BYTES = 1024 * 1024;
export const DEFAULT_INLINE_TOTAL_BYTES = 64 * 1024 * 1024;
export const DEFAULT_MAX_EXPORT_BYTES = 64 * 1024 ** 3;

interface Member {
  name: string;
  type: 'file' | 'symlink' | 'hardlink';
  size: number;
  linkTarget?: string;
  /** Body kept in memory … */
  data?: Buffer;
  /** … or the spool file holding it. */
  file?: string;
}

export interface ReadExportOptions {
  /** For messages: `podman export of 'myapp:dev' (DOCKER_HOST unix:///…)`. */
  description: string;
  /** The image as the user named it, for errors about the stream. */
  image: string;
  /** Parent of the spool directory (created when missing). */
  tempDir: string;
  /** Largest total of member data accepted (default 64 GiB). */
  maxExportBytes?: number;
  maxInlineMemberBytes?: number;
  maxInlineTotalBytes?: number;
  /** Stops the HTTP exchange (called when reading stops early and once the archive has ended). */
  abort(): void;
}

const MAX_LINK_HOPS = 40;
/** Bytes after the end-of-archive blocks read before the rest is dropped (record padding). */
const MAX_TRAILER_BYTES = 1024 * 1024;
const TAIL_BYTES = 4096;

/** Keeps the last few KB of the raw stream, to find an error the engine wrote into it. */
class Tail {
  private buf = Buffer.alloc(0);
  push(chunk: Buffer): void {
    this.buf = chunk.length >= TAIL_BYTES ? Buffer.from(chunk.subarray(chunk.length - TAIL_BYTES)) : Buffer.concat([this.buf, chunk]).subarray(-TAIL_BYTES);
  }
  /** The message of a `{"errorDetail":{"message":…}}` line Docker appends to a failed stream. */
  engineMessage(): string | undefined {
    const text = this.buf.toString('latin1');
    const start = text.lastIndexOf('{"errorDetail"');
    if (start < 0) return undefined;
    const line = text.slice(start).split(/\r?\n/)[0]!;
    try {
      const parsed = JSON.parse(Buffer.from(line, 'latin1').toString('utf8')) as { error?: unknown; errorDetail?: { message?: unknown } };
      const message = parsed.errorDetail?.message ?? parsed.error;
      return typeof message === 'string' ? message : undefined;
    } catch {
      return undefined;
    }
  }
}

async function* bytesOf(body: AsyncIterable<Buffer | string>, tail: Tail): AsyncGenerator<Buffer> {
  for await (const chunk of body) {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk, 'latin1') : chunk;
    tail.push(bytes);
    yield bytes;
  }
}

/** Bytes gathered before one write: network chunks are ~64 KB, one syscall each is slow. */
const WRITE_BATCH_BYTES = 1024 * 1024;

/** Writes a member's data to its spool file in batches. */
class SpoolWriter {
  private parts: Buffer[] = [];
  private pending = 0;
  constructor(private readonly handle: fsp.FileHandle) {}

  async push(part: Buffer): Promise<void> {
    this.parts.push(part);
    this.pending += part.length;
    if (this.pending >= WRITE_BATCH_BYTES) await this.flush();
  }

  async flush(): Promise<void> {
    if (this.pending === 0) return;
    let bytes = this.parts.length === 1 ? this.parts[0]! : Buffer.concat(this.parts, this.pending);
    this.parts = [];
    this.pending = 0;
    while (bytes.length > 0) bytes = bytes.subarray((await this.handle.write(bytes)).bytesWritten);
  }
}

/** Reads the whole export; the returned store owns the spool directory. */
export async function readExport(body: AsyncIterable<Buffer | string>, options: ReadExportOptions): Promise<ExportStore> {
  const maxExport = options.maxExportBytes ?? DEFAULT_MAX_EXPORT_BYTES;
  const maxInlineMember = options.maxInlineMemberBytes ?? DEFAULT_INLINE_MEMBER_BYTES;
  const maxInlineTotal = options.maxInlineTotalBytes ?? DEFAULT_INLINE_TOTAL_BYTES;
  const tail = new Tail();
  const reader = new ByteReader(bytesOf(body, tail)[Symbol.asyncIterator]());
  const assembler = new HeaderAssembler();
  const members = new Map<string, Member>();
  let spoolDir: string | undefined;
  let accepted = 0;
  let inline = 0;
  let spooled = 0;
  let spoolFiles = 0;

  const failure = (detail: string, cause?: unknown): EngineError => {
    const reported = tail.engineMessage();
    if (reported !== undefined) {
      return new EngineError('export-failed', `the engine failed while exporting '${options.image}': ${reported}`, 'fix the cause in the engine (or re-pull the image) and retry', { cause });
    }
    return new EngineError(
      'export-failed',
      `the export of '${options.image}' (${options.description}) was cut mid-way: ${detail}`,
      'retry; if it keeps failing, check the engine (`docker info` / `podman info`) and its log',
      { cause },
    );
  };

  /** Reads exactly `size` bytes of member data into `sink`, failing on a cut stream. */
  const copyData = async (name: string, size: number, sink: (part: Buffer) => Promise<void> | void): Promise<void> => {
    let remaining = size;
    while (remaining > 0) {
      let part: Buffer;
      try {
        part = await reader.readSome(remaining);
      } catch (err) {
        throw failure((err as Error).message, err);
      }
      if (part.length === 0) throw failure(`member '${name}' ends after ${size - remaining} of ${size} bytes`);
      remaining -= part.length;
      await sink(part);
    }
  };

  const spoolFile = async (): Promise<string> => {
    if (!spoolDir) {
      await fsp.mkdir(options.tempDir, { recursive: true });
      spoolDir = await fsp.mkdtemp(path.join(options.tempDir, 'engine-'));
    }
    return path.join(spoolDir, `member-${++spoolFiles}`);
  };

  try {
    for (;;) {
      let next;
      try {
        next = await readNextHeader(reader, assembler);
      } catch (err) {
        if (err instanceof TarFormatError) throw failure(`invalid tar at offset ${reader.position - BLOCK_SIZE}: ${err.message}`, err);
        throw failure((err as Error).message, err);
      }
      if ('end' in next) {
        if (next.end === 'zero-blocks') break;
        if (next.end === 'eof' && members.size === 0) throw failure('the engine sent no data');
        throw failure('message' in next ? next.message : 'the stream ended without the tar end-of-archive blocks');
      }
      const { header } = next;
      // Headers count too: endless empty members must not grow the index without bound.
      accepted += BLOCK_SIZE + header.dataSize;
      if (accepted > maxExport) {
        throw new EngineError(
          'too-large',
          `the export of '${options.image}' exceeds ${maxExport} bytes, the limit for an image read from an engine`,
          'raise the limit, or save the image to an archive and scan that',
        );
      }
      const cleaned = cleanEntryPath(header.name);
      const name = 'escapes' in cleaned ? '' : cleaned.path;
      if (name !== '' && (header.kind === 'symlink' || header.kind === 'hardlink')) {
        members.set(name, { name, type: header.kind, size: 0, linkTarget: header.linkname });
      }
      if (name !== '' && header.kind === 'file') {
        const size = header.dataSize;
        if (size <= maxInlineMember && inline + size <= maxInlineTotal) {
          const parts: Buffer[] = [];
          await copyData(name, size, (part) => {
            // Views into the network chunks would keep whole chunks alive: copy.
            parts.push(Buffer.from(part));
          });
          inline += size;
          members.set(name, { name, type: 'file', size, data: Buffer.concat(parts, size) });
        } else {
          const file = await spoolFile();
          const handle = await fsp.open(file, 'wx');
          try {
            const writer = new SpoolWriter(handle);
            await copyData(name, size, (part) => writer.push(part));
            await writer.flush();
          } catch (err) {
            if ((err as NodeJS.ErrnoException).code === 'ENOSPC') {
              throw new EngineError('too-large', `no space left in ${options.tempDir} for the export of '${options.image}'`, 'free disk space there, or use a cache directory on a larger disk');
            }
            throw err;
          } finally {
            await handle.close();
          }
          spooled += size;
          members.set(name, { name, type: 'file', size, file });
        }
      } else {
        await copyData(header.name, header.dataSize, () => {});
      }
      // Padding cut short is caught by the next header read (no end-of-archive blocks).
      await reader.skip(paddedSize(header.dataSize) - header.dataSize);
    }
    if (members.size === 0) throw failure('the export holds no files');
    // Record padding after the end-of-archive blocks is read (bounded) so the engine sees a
    // clean finish; anything else left is dropped with the connection.
    try {
      let trailer = 0;
      while (trailer < MAX_TRAILER_BYTES) {
        const part = await reader.readSome(MAX_TRAILER_BYTES - trailer);
        if (part.length === 0) break;
        trailer += part.length;
      }
    } catch {
      // The archive is complete; a connection reset after it changes nothing.
    }
  } catch (err) {
    options.abort();
    if (spoolDir) await fsp.rm(spoolDir, { recursive: true, force: true });
    throw err;
  }
  options.abort();
  return new ExportStore(options.description, members, spoolDir, { inline, spooled });
}

/** The members of a read export; see the file comment. */
export class ExportStore implements BlobStore {
  private closed = false;
  constructor(
    readonly description: string,
    private readonly members: ReadonlyMap<string, Member>,
    /** The spool directory, when anything was spooled. */
    readonly spoolDir: string | undefined,
    /** Bytes kept in memory and written to the spool, for tests and progress reports. */
    readonly stats: { inline: number; spooled: number },
  ) {}

  /** Member names in stream order (for diagnostics and tests). */
  names(): string[] {
    return [...this.members.keys()];
  }

  /** Follows symlinks (relative to the link's directory) and hardlinks to a regular file member. */
  private resolve(name: string): Member | undefined {
    let member = this.members.get(layoutName(name, this.description));
    for (let hops = 0; member && member.type !== 'file'; hops++) {
      if (hops >= MAX_LINK_HOPS) return undefined;
      const target = member.linkTarget ?? '';
      const dir = member.name.includes('/') ? member.name.slice(0, member.name.lastIndexOf('/')) : '';
      const cleaned = cleanEntryPath(member.type === 'symlink' && !target.startsWith('/') ? `${dir}/${target}` : target);
      if ('escapes' in cleaned) return undefined;
      member = this.members.get(cleaned.path);
    }
    return member;
  }

  private require(name: string): Member {
    if (this.closed) throw new InputError(`${this.description} was closed`);
    const member = this.resolve(name);
    if (!member) throw new InputError(`${this.description}: ${name} is missing`);
    return member;
  }

  async size(name: string): Promise<number | undefined> {
    return this.resolve(name)?.size;
  }

  async read(name: string, maxBytes: number): Promise<Buffer> {
    const member = this.require(name);
    if (member.size > maxBytes) throw tooLarge(this.description, name, member.size, maxBytes);
    return member.data ?? fsp.readFile(member.file!);
  }

  async open(name: string): Promise<NodeJS.ReadableStream> {
    const member = this.require(name);
    if (member.size === 0) return emptyStream();
    if (member.data) return Readable.from([member.data]);
    return fs.createReadStream(member.file!);
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.spoolDir) await fsp.rm(this.spoolDir, { recursive: true, force: true });
  }
}
