/**
 * A root filesystem directory (`rootfs:DIR`, or a directory without `oci-layout`) as an image of
 * one pseudo-layer. The layer is not a tar: the source produces layer entries itself
 * (EntrySource), so the walk has one code path. Its diffID is `rootfs:<absolute path>`, which
 * marks it as not content-addressed (never cached).
 *
 * The directory is walked with lstat only: symlinks are reported as links, never followed, so
 * nothing outside the directory is read. Files are opened with O_NOFOLLOW and checked with fstat
 * (a file swapped for a link or FIFO after the walk saw it is not read). Directories on another
 * device (mount points such as /proc when scanning a host's `/`) are not descended into.
 * Hardlinked files are reported as regular files under each name: unlike in a tar, every name
 * can be read directly.
 */
import { constants as fsConstants } from 'node:fs';
import * as fsp from 'node:fs/promises';
import * as path from 'node:path';
import { InputError } from '../../errors.js';
import type { FileInfo } from '../../image/fs-types.js';
import type { EntrySource, LayerEntry, LayerReadStats, ReadLayerOptions } from '../../image/layer-reader.js';
import type { ImageSource, LayerDescriptor } from '../../image/types.js';

export const ROOTFS_MEDIA_TYPE = 'application/vnd.leftshift.rootfs';

function typeOf(stat: import('node:fs').Stats): FileInfo['type'] | undefined {
  if (stat.isFile()) return 'file';
  if (stat.isDirectory()) return 'dir';
  if (stat.isSymbolicLink()) return 'symlink';
  if (stat.isCharacterDevice()) return 'char';
  if (stat.isBlockDevice()) return 'block';
  if (stat.isFIFO()) return 'fifo';
  return undefined; // sockets cannot be stored in a layer either
}

const EMPTY = Buffer.alloc(0);

async function readHead(abs: string, maxBytes: number, warn: (m: string) => void, rel: string): Promise<{ content: Buffer; truncated: boolean }> {
  let handle: fsp.FileHandle;
  try {
    handle = await fsp.open(abs, fsConstants.O_RDONLY | fsConstants.O_NOFOLLOW | fsConstants.O_NONBLOCK);
  } catch (err) {
    warn(`rootfs: cannot read '${rel}': ${(err as Error).message}`);
    return { content: EMPTY, truncated: false };
  }
  try {
    const stat = await handle.stat();
    if (!stat.isFile()) {
      warn(`rootfs: '${rel}' changed type while scanning; not read`);
      return { content: EMPTY, truncated: false };
    }
    const want = Math.min(stat.size, maxBytes);
    const buf = Buffer.alloc(want);
    let have = 0;
    while (have < want) {
      const { bytesRead } = await handle.read(buf, have, want - have, have);
      if (bytesRead === 0) break;
      have += bytesRead;
    }
    return { content: have === want ? buf : buf.subarray(0, have), truncated: stat.size > maxBytes };
  } finally {
    await handle.close();
  }
}

export class RootfsSource implements ImageSource, EntrySource {
  readonly layers: readonly LayerDescriptor[];
  readonly metadata: ImageSource['metadata'];

  constructor(
    readonly root: string,
    reference: string,
  ) {
    this.layers = [{ index: 0, diffID: `rootfs:${root}`, mediaType: ROOTFS_MEDIA_TYPE, compression: 'none' }];
    this.metadata = { reference, sourceKind: 'rootfs', repoTags: [], repoDigests: [], config: {} };
  }

  async openLayer(): Promise<NodeJS.ReadableStream> {
    throw new InputError(`${this.root} is a root filesystem directory, not a layer blob`, 'read it with readLayer()');
  }

  async close(): Promise<void> {}

  async *readLayerEntries(_layer: LayerDescriptor, options: ReadLayerOptions, stats: LayerReadStats): AsyncGenerator<LayerEntry> {
    const warn = options.onWarning ?? (() => {});
    const rootStat = await fsp.stat(this.root);
    // Depth-first, names sorted, a directory before its contents (the order of a tar of it).
    const stack: string[] = [];
    const pushChildren = async (rel: string): Promise<void> => {
      let names: string[];
      try {
        names = await fsp.readdir(rel ? path.join(this.root, rel) : this.root);
      } catch (err) {
        warn(`rootfs: cannot list '${rel || '.'}': ${(err as Error).message}`);
        return;
      }
      names.sort((a, b) => (a < b ? 1 : a > b ? -1 : 0)); // reversed: popped in ascending order
      for (const name of names) stack.push(rel ? `${rel}/${name}` : name);
    };
    await pushChildren('');
    while (stack.length > 0) {
      const rel = stack.pop()!;
      const abs = path.join(this.root, rel);
      let stat: import('node:fs').Stats;
      try {
        stat = await fsp.lstat(abs);
      } catch (err) {
        warn(`rootfs: cannot stat '${rel}': ${(err as Error).message}`);
        continue;
      }
      const type = typeOf(stat);
      if (!type) continue;
      const info: FileInfo = {
        path: rel,
        type,
        mode: stat.mode & 0o7777,
        uid: stat.uid,
        gid: stat.gid,
        size: type === 'file' ? stat.size : 0,
        mtime: stat.mtime,
      };
      if (type === 'symlink') {
        try {
          info.linkTarget = await fsp.readlink(abs);
        } catch (err) {
          warn(`rootfs: cannot read link '${rel}': ${(err as Error).message}`);
        }
      }
      if (type === 'dir') {
        if (stat.dev !== rootStat.dev) warn(`rootfs: '${rel}' is another filesystem (mount point); not scanned`);
        else await pushChildren(rel);
      }
      stats.entries++;
      if (type === 'file') stats.storedBytes += stat.size;
      let done = false;
      yield {
        info,
        rawName: rel,
        isWhiteout: false,
        isOpaque: false,
        read: async (maxBytes: number) => {
          if (done) throw new Error(`rootfs entry '${rel}' was already read`);
          done = true;
          if (type !== 'file') return { content: EMPTY, truncated: false };
          const result = await readHead(abs, maxBytes, warn, rel);
          stats.uncompressedBytes += result.content.length;
          return result;
        },
        skip: () => {},
      };
    }
  }
}

export async function openRootfs(dir: string, reference: string): Promise<RootfsSource> {
  const root = path.resolve(dir);
  let stat;
  try {
    stat = await fsp.stat(root);
  } catch {
    throw new InputError(`${dir} does not exist`);
  }
  if (!stat.isDirectory()) throw new InputError(`${dir} is not a directory`, 'rootfs: expects a root filesystem directory');
  return new RootfsSource(root, reference);
}
