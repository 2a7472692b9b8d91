/**
 * The `docker save` stream of an engine, read once, member by member, as a BlobStore the
 * docker-archive reader can open like an archive file.
 *
 * The stream is parsed while it arrives, with the project's own tar reader (tar-parse.ts). The
 * caller decides per member (`take`): hand it over as a stream straight from the connection
 * (`deliver`: a layer the walk wants now, nothing is buffered or written), keep it (small members
 * — manifest.json, configs, `repositories`, index.json, `<id>/json` — always stay in memory, up
 * to `maxInlineMemberBytes` each and `maxInlineTotalBytes` together; larger kept members go to
 * their own spool file in a fresh `engine-*` directory under `tempDir`, the cache's `tmp/`, not
 * /tmp, which is often RAM-backed), or pass over it (only its name and size are remembered).
 * `readToEnd` reads whatever is left. close() removes the spool.
 *
 * Why members cannot always be delivered as they arrive (measured and read in the engines' code,
 * see index.ts): engines write layers in stack order (podman) or in digest order (Docker), and
 * some name them so that only the manifest, which comes last, says which layer a member is
 * (Docker ≤ 24 `<v1 id>/layer.tar`, containerd's compressed blobs). A layer that arrives before
 * the walk wants it, or whose identity is not known yet, is kept; one the walk no longer wants
 * (its result came from the layer cache) is passed over.
 *
 * A member that was delivered or passed is not in the store any more; `open` then asks
 * `reopen` (a second export read up to that member) instead of failing. The walk needs that
 * only for a second pass over a layer (hardlink targets outside its window).
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
  /** … or the spool file holding it … */
  file?: string;
  /** … or neither: it was delivered as a stream or passed over (see `reopen`). */
  gone?: boolean;
}

/**
 * What to do with a member too large to stay in memory (see the file comment). `deliver-and-keep`
 * delivers it from the store after keeping it: for a layer the walk will want again.
 */
export type MemberChoice = 'deliver' | 'deliver-and-keep' | 'keep' | 'pass';

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
  /** Streams a member that is gone (delivered or passed over) from a new export. */
  reopen?(name: string): Promise<NodeJS.ReadableStream>;
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

/** A member handed over by `take`. */
export interface TakenMember {
  name: string;
  size: number;
  stream: NodeJS.ReadableStream;
}

/** See the file comment. Operations run one at a time; a delivered stream must be read or destroyed. */
export class ExportStream implements BlobStore {
  readonly description: string;
  private readonly options: ReadExportOptions;
  private readonly maxExport: number;
  private readonly maxInlineMember: number;
  private readonly maxInlineTotal: number;
  private readonly tail = new Tail();
  private readonly reader: ByteReader;
  private readonly assembler = new HeaderAssembler();
  private readonly members = new Map<string, Member>();
  private spoolDirectory: string | undefined;
  private accepted = 0;
  private spoolFiles = 0;
  /** Bytes of a delivered member (and its padding) its reader left unread. */
  private unread = 0;
  /** Padding after the data of the member `nextMember` returned last. */
  private pendingPadding = 0;
  /** Settles when the delivered stream is closed (read to its end or destroyed). */
  private delivering: Promise<void> | undefined;
  private ended = false;
  private failure: Error | undefined;
  private closed = false;
  /** Bytes kept in memory, written to the spool, and delivered straight from the stream. */
  readonly stats = { inline: 0, spooled: 0, delivered: 0, passed: 0 };

  constructor(body: AsyncIterable<Buffer | string>, options: ReadExportOptions) {
    this.options = options;
    this.description = options.description;
    this.maxExport = options.maxExportBytes ?? DEFAULT_MAX_EXPORT_BYTES;
    this.maxInlineMember = options.maxInlineMemberBytes ?? DEFAULT_INLINE_MEMBER_BYTES;
    this.maxInlineTotal = options.maxInlineTotalBytes ?? DEFAULT_INLINE_TOTAL_BYTES;
    this.reader = new ByteReader(bytesOf(body, this.tail)[Symbol.asyncIterator]());
  }

  /** The spool directory, when anything was spooled. */
  get spoolDir(): string | undefined {
    return this.spoolDirectory;
  }

  /** True once the end-of-archive blocks were read. */
  get complete(): boolean {
    return this.ended;
  }

  /** Member names in stream order (for diagnostics and tests). */
  names(): string[] {
    return [...this.members.keys()];
  }

  /**
   * Reads members until `choose` answers `deliver`/`deliver-and-keep` for one and returns it;
   * undefined when the export ends first. `choose` is asked about regular files that do not fit
   * in memory, and about small ones too (which are kept anyway, and delivered from memory).
   */
  async take(choose: (name: string, size: number) => MemberChoice): Promise<TakenMember | undefined> {
    return this.run(async () => {
      while (!this.ended) {
        const next = await this.nextMember();
        if (next === undefined) break;
        const { name, size } = next;
        const choice = choose(name, size);
        const fits = this.fitsInMemory(size);
        if (choice === 'deliver' && !fits) {
          this.accept(size);
          return { name, size, stream: this.deliver(name, size) };
        }
        if (choice === 'pass' && !fits) {
          await this.pass(name, size);
          continue;
        }
        await this.keep(name, size);
        if (choice === 'deliver' || choice === 'deliver-and-keep') return { name, size, stream: await this.openStored(name) };
      }
      return undefined;
    });
  }

  /** Reads the rest of the export; large members are kept or passed over as `choose` says. */
  async readToEnd(choose: (name: string, size: number) => 'keep' | 'pass' = () => 'keep'): Promise<void> {
    await this.run(async () => {
      for (;;) {
        const next = await this.nextMember();
        if (next === undefined) return;
        if (this.fitsInMemory(next.size) || choose(next.name, next.size) === 'keep') await this.keep(next.name, next.size);
        else await this.pass(next.name, next.size);
      }
    });
  }

  /** Runs one operation after the previous one, and the delivered stream, have finished. */
  private async run<T>(operation: () => Promise<T>): Promise<T> {
    if (this.closed) throw new InputError(`${this.description} was closed`);
    if (this.failure) throw this.failure;
    await this.delivering;
    try {
      if (this.unread > 0) {
        const want = this.unread;
        this.unread = 0;
        if ((await this.reader.skip(want)) < want) throw this.cut('the stream ended inside a member');
      }
      return await operation();
    } catch (err) {
      this.failure = err as Error;
      await this.release();
      throw err;
    }
  }

  private fitsInMemory(size: number): boolean {
    return size <= this.maxInlineMember && this.stats.inline + size <= this.maxInlineTotal;
  }

  private cut(detail: string, cause?: unknown): EngineError {
    const reported = this.tail.engineMessage();
    if (reported !== undefined) {
      return new EngineError('export-failed', `the engine failed while exporting '${this.options.image}': ${reported}`, 'fix the cause in the engine (or re-pull the image) and retry', { cause });
    }
    return new EngineError(
      'export-failed',
      `the export of '${this.options.image}' (${this.options.description}) was cut mid-way: ${detail}`,
      'retry; if it keeps failing, check the engine (`docker info` / `podman info`) and its log',
      { cause },
    );
  }

  /** Counts member data against the export limit. */
  private accept(bytes: number): void {
    this.accepted += bytes;
    if (this.accepted > this.maxExport) {
      throw new EngineError(
        'too-large',
        `the export of '${this.options.image}' exceeds ${this.maxExport} bytes, the limit for an image read from an engine`,
        'raise the limit, or save the image to an archive and scan that',
      );
    }
  }

  /**
   * The next regular-file member's name and size, its data not read yet; links are recorded,
   * other entries skipped. Undefined at the end of the archive (then the connection is released).
   */
  private async nextMember(): Promise<{ name: string; size: number } | undefined> {
    if (this.ended) return undefined;
    for (;;) {
      let next;
      try {
        next = await readNextHeader(this.reader, this.assembler);
      } catch (err) {
        if (err instanceof TarFormatError) throw this.cut(`invalid tar at offset ${this.reader.position - BLOCK_SIZE}: ${err.message}`, err);
        throw this.cut((err as Error).message, err);
      }
      if ('end' in next) {
        if (next.end === 'zero-blocks') {
          await this.finishArchive();
          return undefined;
        }
        if (next.end === 'eof' && this.members.size === 0) throw this.cut('the engine sent no data');
        throw this.cut('message' in next ? next.message : 'the stream ended without the tar end-of-archive blocks');
      }
      const { header } = next;
      // Headers count too: endless empty members must not grow the index without bound.
      this.accept(BLOCK_SIZE);
      const cleaned = cleanEntryPath(header.name);
      const name = 'escapes' in cleaned ? '' : cleaned.path;
      if (name !== '' && header.kind === 'file') {
        this.pendingPadding = paddedSize(header.dataSize) - header.dataSize;
        return { name, size: header.dataSize };
      }
      if (name !== '' && (header.kind === 'symlink' || header.kind === 'hardlink')) {
        this.members.set(name, { name, type: header.kind, size: 0, linkTarget: header.linkname });
      }
      this.accept(header.dataSize);
      await this.copyData(header.name, header.dataSize, () => {});
      // Padding cut short is caught by the next header read (no end-of-archive blocks).
      await this.reader.skip(paddedSize(header.dataSize) - header.dataSize);
    }
  }

  private async finishArchive(): Promise<void> {
    if (this.members.size === 0) throw this.cut('the export holds no files');
    // Record padding after the end-of-archive blocks is read (bounded) so the engine sees a
    // clean finish; anything else left is dropped with the connection.
    try {
      let trailer = 0;
      while (trailer < MAX_TRAILER_BYTES) {
        const part = await this.reader.readSome(MAX_TRAILER_BYTES - trailer);
        if (part.length === 0) break;
        trailer += part.length;
      }
    } catch {
      // The archive is complete; a connection reset after it changes nothing.
    }
    this.ended = true;
    this.options.abort();
  }

  /** The next part (at most `remaining` bytes) of a member's data; a cut stream is an error. */
  private async readPart(name: string, size: number, remaining: number): Promise<Buffer> {
    let part: Buffer;
    try {
      part = await this.reader.readSome(remaining);
    } catch (err) {
      throw this.cut((err as Error).message, err);
    }
    if (part.length === 0) throw this.cut(`member '${name}' ends after ${size - remaining} of ${size} bytes`);
    return part;
  }

  /** Reads exactly `size` bytes of member data into `sink`. */
  private async copyData(name: string, size: number, sink: (part: Buffer) => Promise<void> | void): Promise<void> {
    for (let remaining = size; remaining > 0; ) {
      const part = await this.readPart(name, size, remaining);
      remaining -= part.length;
      await sink(part);
    }
  }

  private async skipPadding(): Promise<void> {
    const padding = this.pendingPadding;
    this.pendingPadding = 0;
    await this.reader.skip(padding);
  }

  /** Stores the current member in memory or in the spool. */
  private async keep(name: string, size: number): Promise<void> {
    this.accept(size);
    if (this.fitsInMemory(size)) {
      const parts: Buffer[] = [];
      // Views into the network chunks would keep whole chunks alive: copy.
      await this.copyData(name, size, (part) => void parts.push(Buffer.from(part)));
      this.stats.inline += size;
      this.members.set(name, { name, type: 'file', size, data: Buffer.concat(parts, size) });
    } else {
      const file = await this.spoolFile();
      const handle = await fsp.open(file, 'wx');
      try {
        const writer = new SpoolWriter(handle);
        await this.copyData(name, size, (part) => writer.push(part));
        await writer.flush();
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOSPC') {
          throw new EngineError('too-large', `no space left in ${this.options.tempDir} for the export of '${this.options.image}'`, 'free disk space there, or use a cache directory on a larger disk');
        }
        throw err;
      } finally {
        await handle.close();
      }
      this.stats.spooled += size;
      this.members.set(name, { name, type: 'file', size, file });
    }
    await this.skipPadding();
  }

  private async pass(name: string, size: number): Promise<void> {
    this.accept(size);
    await this.copyData(name, size, () => {});
    this.stats.passed += size;
    this.members.set(name, { name, type: 'file', size, gone: true });
    await this.skipPadding();
  }

  /** The current member's data as a stream straight from the connection. */
  private deliver(name: string, size: number): NodeJS.ReadableStream {
    this.members.set(name, { name, type: 'file', size, gone: true });
    let remaining = size;
    const padding = this.pendingPadding;
    this.pendingPadding = 0;
    const self = this;
    async function* data(): AsyncGenerator<Buffer> {
      while (remaining > 0) {
        const part = await self.readPart(name, size, remaining);
        remaining -= part.length;
        self.stats.delivered += part.length;
        yield part;
      }
    }
    const stream = Readable.from(data(), { objectMode: false });
    this.delivering = new Promise((resolve) => {
      stream.once('close', () => {
        // Whatever the reader left (it stopped early) is skipped before the next member.
        this.unread = remaining + padding;
        this.delivering = undefined;
        resolve();
      });
    });
    return stream;
  }

  private async spoolFile(): Promise<string> {
    if (!this.spoolDirectory) {
      await fsp.mkdir(this.options.tempDir, { recursive: true });
      this.spoolDirectory = await fsp.mkdtemp(path.join(this.options.tempDir, 'engine-'));
    }
    return path.join(this.spoolDirectory, `member-${++this.spoolFiles}`);
  }

  /** Stops the exchange and removes the spool (on failure and on close). */
  private async release(): Promise<void> {
    this.options.abort();
    if (this.spoolDirectory) await fsp.rm(this.spoolDirectory, { recursive: true, force: true });
    this.spoolDirectory = undefined;
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

  /** True when `name` is held (in memory or spooled), so `open` needs no second export. */
  has(name: string): boolean {
    const member = this.resolve(name);
    return member !== undefined && !member.gone;
  }

  async size(name: string): Promise<number | undefined> {
    return this.resolve(name)?.size;
  }

  async read(name: string, maxBytes: number): Promise<Buffer> {
    const member = this.require(name);
    if (member.size > maxBytes) throw tooLarge(this.description, name, member.size, maxBytes);
    if (member.gone) return this.readGone(member);
    return member.data ?? fsp.readFile(member.file!);
  }

  private async readGone(member: Member): Promise<Buffer> {
    const parts: Buffer[] = [];
    for await (const part of (await this.open(member.name)) as AsyncIterable<Buffer>) parts.push(part);
    return Buffer.concat(parts);
  }

  async open(name: string): Promise<NodeJS.ReadableStream> {
    const member = this.require(name);
    if (member.gone) {
      if (!this.options.reopen) throw new InputError(`${this.description}: ${name} was read from the stream already and cannot be read again`);
      return this.options.reopen(member.name);
    }
    return this.openStored(member.name);
  }

  private async openStored(name: string): Promise<NodeJS.ReadableStream> {
    const member = this.require(name);
    if (member.size === 0) return emptyStream();
    if (member.data) return Readable.from([member.data]);
    return fs.createReadStream(member.file!);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.release();
  }
}

/** Reads the whole export, keeping every member; the returned store owns the spool directory. */
export async function readExport(body: AsyncIterable<Buffer | string>, options: ReadExportOptions): Promise<ExportStream> {
  const store = new ExportStream(body, options);
  await store.readToEnd();
  return store;
}
