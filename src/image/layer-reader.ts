/**
 * Reads one layer as a stream of entries: decompresses (by magic bytes), verifies both digests
 * while the bytes flow, guards against decompression bombs and hostile paths, and hands out
 * entries whose bodies are read only when asked.
 *
 * Verification: the stored bytes are hashed against `layer.digest` and the uncompressed tar
 * against `layer.diffID`. Both can only be checked once the stream has ended, i.e. after every
 * entry was yielded. A mismatch therefore surfaces as an error thrown by the iterator at its end
 * (naming the layer index and digest); consumers must treat everything they derived from the
 * layer as void when the iteration throws. walkImage does: it rethrows, so no result of a
 * layer that failed verification is returned or cached.
 *
 * Safety: nothing is written to disk. Names are cleaned to relative paths (`/etc/x` and
 * `./etc/x` become `etc/x`); a name or hardlink target that climbs above the root with `..` is
 * skipped with a warning naming it.
 */
import { createHash } from 'node:crypto';
import type { FileInfo } from './fs-types.js';
import type { Compression, ImageSource, LayerDescriptor } from './types.js';
import { DigestMismatchError, requireDigest } from './digest.js';
import { CorruptLayerError, LayerLimitError, describeLayer } from './errors.js';
import { DEFAULT_MAX_ZSTD_WINDOW, DecodeError, openDecoded } from './decompress.js';
import { TarFormatError } from './tar-header.js';
import { ByteReader, TarTruncatedError, iterateTarStream, type StreamTarEntry } from './tar-parse.js';

/** Bump when the reader's output for the same bytes changes: it is part of the layer cache key. */
export const LAYER_READER_VERSION = 1;

export interface LayerLimits {
  /** Uncompressed bytes per layer (default 8 GiB). */
  maxLayerBytes: number;
  /** Largest uncompressed/compressed ratio (default 100) ... */
  maxRatio: number;
  /** ... enforced once this many uncompressed bytes were produced (default 64 MiB). */
  ratioGraceBytes: number;
  /** Largest zstd window a frame may declare (default 128 MiB). */
  maxZstdWindow: number;
}

export const DEFAULT_LAYER_LIMITS: Readonly<LayerLimits> = {
  maxLayerBytes: 8 * 1024 ** 3,
  maxRatio: 100,
  ratioGraceBytes: 64 * 1024 ** 2,
  maxZstdWindow: DEFAULT_MAX_ZSTD_WINDOW,
};

export interface LayerEntry {
  info: FileInfo;
  /** The name as recorded in the tar. */
  rawName: string;
  /** `.wh.*` entry: not a file of the image but a deletion marker (also aufs `.wh..wh.*` metadata). */
  isWhiteout: boolean;
  /** `.wh..wh..opq`: everything under `opaqueDir` in lower layers is hidden. */
  isOpaque: boolean;
  /** For `dir/.wh.NAME`: the path it deletes from lower layers (`dir/NAME`). */
  whiteoutTarget?: string;
  /** For an opaque whiteout: the directory whose lower contents it hides (`''` = root). */
  opaqueDir?: string;
  /**
   * The first `maxBytes` of the body (regular files; empty for other types). At most once, and
   * only while the entry is current: the iteration skips unread bodies without buffering them.
   */
  read(maxBytes: number): Promise<{ content: Buffer; truncated: boolean }>;
  /** Declares the body is not wanted (the default: unread bodies are drained when moving on). */
  skip(): void;
}

export interface ReadLayerOptions {
  limits?: Partial<LayerLimits>;
  onWarning?: (message: string) => void;
}

export interface LayerReadStats {
  /** Bytes of the stored blob read so far. */
  storedBytes: number;
  uncompressedBytes: number;
  entries: number;
}

export interface LayerEntryStream extends AsyncIterable<LayerEntry> {
  readonly stats: LayerReadStats;
}

/**
 * A source whose layers are not tar blobs (a root filesystem directory) produces entries itself,
 * so the walk has a single code path.
 */
export interface EntrySource {
  readLayerEntries(layer: LayerDescriptor, options: ReadLayerOptions, stats: LayerReadStats): AsyncIterable<LayerEntry>;
}

export function isEntrySource(source: ImageSource): source is ImageSource & EntrySource {
  return typeof (source as Partial<EntrySource>).readLayerEntries === 'function';
}

export type CleanPath = { path: string } | { escapes: true };

/**
 * Cleans a tar name to the image-relative form FileInfo uses: no leading `/` or `./`, no `.` or
 * empty components, `..` resolved; `{ escapes: true }` when `..` climbs above the root.
 */
export function cleanEntryPath(raw: string): CleanPath {
  const out: string[] = [];
  for (const part of raw.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (out.length === 0) return { escapes: true };
      out.pop();
      continue;
    }
    out.push(part);
  }
  return { path: out.join('/') };
}

const WHITEOUT_PREFIX = '.wh.';
const OPAQUE_MARKER = '.wh..wh..opq';

/** Whiteout facts of a cleaned path (OCI image-spec layer.md, "Whiteouts"). */
export function classifyWhiteout(path: string): Pick<LayerEntry, 'isWhiteout' | 'isOpaque' | 'whiteoutTarget' | 'opaqueDir'> {
  const slash = path.lastIndexOf('/');
  const dir = slash < 0 ? '' : path.slice(0, slash);
  const base = path.slice(slash + 1);
  if (!base.startsWith(WHITEOUT_PREFIX)) return { isWhiteout: false, isOpaque: false };
  if (base === OPAQUE_MARKER) return { isWhiteout: true, isOpaque: true, opaqueDir: dir };
  // Other `.wh..wh.` names are aufs bookkeeping (`.wh..wh.plnk`, `.wh..wh.aufs`): no effect.
  if (base.startsWith(`${WHITEOUT_PREFIX}${WHITEOUT_PREFIX}`)) return { isWhiteout: true, isOpaque: false };
  const name = base.slice(WHITEOUT_PREFIX.length);
  if (name === '' || name === '.' || name === '..') return { isWhiteout: true, isOpaque: false };
  return { isWhiteout: true, isOpaque: false, whiteoutTarget: dir ? `${dir}/${name}` : name };
}

const EMPTY = Buffer.alloc(0);

/**
 * Streams the entries of `layer`. Errors (digest mismatch, truncation, limits) are thrown by
 * the iterator; see the file comment for what a consumer must do with entries already seen.
 */
export function readLayer(source: ImageSource, layer: LayerDescriptor, options: ReadLayerOptions = {}): LayerEntryStream {
  const stats: LayerReadStats = { storedBytes: 0, uncompressedBytes: 0, entries: 0 };
  return {
    stats,
    [Symbol.asyncIterator]() {
      const entries = isEntrySource(source) ? source.readLayerEntries(layer, options, stats) : tarEntries(source, layer, options, stats);
      return entries[Symbol.asyncIterator]();
    },
  };
}

async function* tarEntries(
  source: ImageSource,
  layer: LayerDescriptor,
  options: ReadLayerOptions,
  stats: LayerReadStats,
): AsyncGenerator<LayerEntry> {
  const limits = { ...DEFAULT_LAYER_LIMITS, ...options.limits };
  const warn = options.onWarning ?? (() => {});
  const name = describeLayer(layer);
  const expectedDigest = layer.digest === undefined ? undefined : requireDigest(layer.digest, `${name} blob`);
  const expectedDiff = requireDigest(layer.diffID, `${name} diffID`);

  const stored = await source.openLayer(layer);
  const storedHash = expectedDigest ? createHash(expectedDigest.algorithm) : undefined;
  const diffHash = createHash(expectedDiff.algorithm);
  let storedEnded = false;
  // An uncompressed blob whose digest is its diffID (Docker >= 25 archives, engine exports) is
  // hashed once: the decoded bytes are the stored bytes. Decided after sniffing; the few head
  // bytes hashed before that are simply discarded.
  let storedIsDecoded = false;
  let decodedEnded = false;

  async function* storedChunks(): AsyncGenerator<Buffer> {
    for await (const chunk of stored as AsyncIterable<Buffer | string>) {
      const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
      if (!storedIsDecoded) storedHash?.update(bytes);
      stats.storedBytes += bytes.length;
      yield bytes;
    }
    storedEnded = true;
  }

  let compression: Compression = 'none';
  async function* decodedChunks(chunks: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
    for await (const chunk of chunks) {
      diffHash.update(chunk);
      stats.uncompressedBytes += chunk.length;
      if (stats.uncompressedBytes > limits.maxLayerBytes) {
        throw new LayerLimitError(`${name}: uncompressed size exceeds the limit of ${limits.maxLayerBytes} bytes`);
      }
      if (
        compression !== 'none' &&
        stats.uncompressedBytes > limits.ratioGraceBytes &&
        stats.uncompressedBytes > limits.maxRatio * stats.storedBytes
      ) {
        throw new LayerLimitError(
          `${name}: compression ratio exceeds ${limits.maxRatio} (${stats.uncompressedBytes} bytes from ${stats.storedBytes}); possible decompression bomb`,
        );
      }
      yield chunk;
    }
    decodedEnded = true;
  }

  // A Hash can be finalised once; the results are kept for repeated checks.
  let storedActual: string | undefined;
  let diffActual: string | undefined;
  /** Compares both digests; undefined when they match (or cannot be checked yet). */
  function digestError(cause?: unknown): DigestMismatchError | undefined {
    if (storedIsDecoded) {
      if (decodedEnded) storedActual = diffActual ??= `${expectedDiff.algorithm}:${diffHash.digest('hex')}`;
    } else if (storedEnded && storedHash) {
      storedActual ??= `${expectedDigest!.algorithm}:${storedHash.digest('hex')}`;
    }
    if (storedActual !== undefined && layer.digest !== undefined) {
      if (storedActual !== layer.digest) return new DigestMismatchError(`${name} blob`, layer.digest, storedActual, { cause });
    }
    if (decodedEnded) {
      diffActual ??= `${expectedDiff.algorithm}:${diffHash.digest('hex')}`;
      if (diffActual !== layer.diffID) {
        return new DigestMismatchError(`${name} uncompressed content (diffID)`, layer.diffID, diffActual, { cause });
      }
    }
    return undefined;
  }

  let reader: ByteReader | undefined;
  /**
   * Turns a failure into the error to report. A damaged blob usually fails to parse before its
   * digest can be checked; the digest mismatch is the more accurate message, so the rest is
   * drained (within the limits) to compute it.
   */
  async function explain(err: unknown): Promise<unknown> {
    let primary: unknown = err;
    if (err instanceof TarTruncatedError) primary = new CorruptLayerError(`${name}: ${err.message}`, { cause: err });
    else if (err instanceof TarFormatError) primary = new CorruptLayerError(`${name}: invalid tar: ${err.message}`, { cause: err });
    else if (err instanceof DecodeError) {
      primary = err.kind === 'limit' ? new LayerLimitError(`${name}: ${err.message}`) : new CorruptLayerError(`${name}: ${err.message}`, { cause: err });
    } else return err;
    if (primary instanceof CorruptLayerError && reader && !(err instanceof DecodeError)) {
      try {
        await reader.drain();
      } catch {
        // The drain's own failure says nothing new; report the first one.
      }
    }
    return digestError(primary) ?? primary;
  }

  try {
    const decoded = await openDecoded(storedChunks(), { maxZstdWindow: limits.maxZstdWindow });
    compression = decoded.compression;
    storedIsDecoded = compression === 'none' && layer.digest === layer.diffID;
    if (compression !== layer.compression) {
      warn(`${name}: media type ${layer.mediaType || '(none)'} says ${layer.compression} but the data is ${compression}; decoded as ${compression}`);
    }
    reader = new ByteReader(decodedChunks(decoded.chunks)[Symbol.asyncIterator]());
    const tar = iterateTarStream(reader, { onWarning: (m) => warn(`${name}: ${m}`) });
    for (;;) {
      let next: IteratorResult<StreamTarEntry>;
      try {
        next = await tar.next();
      } catch (err) {
        throw await explain(err);
      }
      if (next.done) break;
      const entry = toLayerEntry(next.value, name, warn, explain);
      if (!entry) continue;
      stats.entries++;
      yield entry;
    }
    try {
      // Bytes after the end-of-archive blocks (record padding) are part of the diffID.
      await reader.drain();
    } catch (err) {
      throw await explain(err);
    }
  } finally {
    if (!storedEnded) (stored as Partial<NodeJS.ReadableStream & { destroy(): void }>).destroy?.();
  }
  const mismatch = digestError();
  if (mismatch) throw mismatch;
}

function toLayerEntry(
  raw: StreamTarEntry,
  layerName: string,
  warn: (message: string) => void,
  explain: (err: unknown) => Promise<unknown>,
): LayerEntry | undefined {
  const { header } = raw;
  const cleaned = cleanEntryPath(header.name);
  if ('escapes' in cleaned) {
    warn(`${layerName}: entry '${header.name}' escapes the image root with '..'; skipped`);
    return undefined;
  }
  const path = cleaned.path;
  // `./` itself: the root directory's attributes, nothing to record.
  if (path === '') return undefined;
  if (header.kind === 'other') {
    if (header.typeflag !== 'V') warn(`${layerName}: entry '${header.name}' has unsupported tar type '${header.typeflag}'; skipped`);
    return undefined;
  }
  let linkTarget: string | undefined;
  if (header.kind === 'hardlink') {
    const target = cleanEntryPath(header.linkname);
    if ('escapes' in target || target.path === '') {
      warn(`${layerName}: hardlink '${header.name}' points outside the image root ('${header.linkname}'); skipped`);
      return undefined;
    }
    // Hardlink targets are archive-root relative; the cleaned form is what lookups need.
    linkTarget = target.path;
  } else if (header.kind === 'symlink') {
    linkTarget = header.linkname;
  }
  const info: FileInfo = {
    path,
    type: header.kind,
    mode: header.mode,
    uid: header.uid,
    gid: header.gid,
    size: header.size,
    ...(linkTarget !== undefined ? { linkTarget } : {}),
    ...(header.mtime ? { mtime: header.mtime } : {}),
  };
  return {
    info,
    rawName: header.name,
    ...classifyWhiteout(path),
    async read(maxBytes: number) {
      if (header.kind !== 'file') return { content: EMPTY, truncated: false };
      try {
        const content = await raw.readData(maxBytes);
        return { content, truncated: header.dataSize > maxBytes };
      } catch (err) {
        throw await explain(err);
      }
    },
    skip() {
      // Nothing to do: unread data is skipped when the iteration moves on.
    },
  };
}
