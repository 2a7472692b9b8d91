/**
 * The per-layer result cache. A layer's scan (file index, whiteouts, analyzer outputs, reader
 * warnings) depends only on its uncompressed content (named by the diffID), the analyzers that
 * ran (`name@version`) and the reader version, so that triple is the key. Base layers shared by
 * many images are then read once.
 *
 * Trade-off: on a hit the layer is not opened at all, so its bytes are not hashed again. The
 * diffID was verified against the actual bytes when the entry was written; a later image whose
 * config names the same diffID gets results for the content that diffID truly identifies, but
 * corruption of that later image's copy of the blob goes unnoticed. Use no cache (`--no-cache`)
 * to verify every blob.
 *
 * Storage: `<dir>/layers/<sha256 of key>.json.gz`, written to a temp file and renamed (readers
 * never see a partial entry). A missing, unreadable or malformed entry is a miss and gets
 * rewritten; no cache problem fails a scan.
 */
import { createHash, randomBytes } from 'node:crypto';
import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import * as zlib from 'node:zlib';
import type { FileInfo } from './fs-types.js';
import type { AnalyzerResult, LayerScanData } from './layer-result.js';
import { LAYER_READER_VERSION } from './layer-reader.js';

const gzip = promisify(zlib.gzip);
const gunzip = promisify(zlib.gunzip);

const FORMAT = 'leftshift-layer-cache';
const FORMAT_VERSION = 1;

/** `$XDG_CACHE_HOME/leftshift`, else `~/.cache/leftshift`. */
export function defaultCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  const xdg = env.XDG_CACHE_HOME;
  if (xdg && path.isAbsolute(xdg)) return path.join(xdg, 'leftshift');
  return path.join(os.homedir(), '.cache', 'leftshift');
}

export interface AnalyzerId {
  name: string;
  version: number;
}

export type CacheLookup = { result: LayerScanData } | { result?: undefined; problem?: string };

/** Temp entries untouched this long belong to no running scan. */
export const STALE_TEMP_MS = 24 * 60 * 60 * 1000;
const TEMP_ENTRY = /^(archive|engine)-/;

async function removeStaleTemp(dir: string, now: number): Promise<void> {
  let names: string[];
  try {
    names = await fs.readdir(dir);
  } catch {
    return;
  }
  for (const name of names) {
    if (!TEMP_ENTRY.test(name)) continue;
    const entry = path.join(dir, name);
    try {
      const stat = await fs.stat(entry);
      if (now - stat.mtimeMs > STALE_TEMP_MS) await fs.rm(entry, { recursive: true, force: true });
    } catch {
      // Removed meanwhile by its own scan, or not ours to remove: either way nothing to do.
    }
  }
}

export class LayerCache {
  readonly dir: string;

  constructor(dir: string = defaultCacheDir()) {
    this.dir = path.resolve(dir);
  }

  /** The key string: diffID, sorted `name@version` list, reader version. */
  static key(diffID: string, analyzers: readonly AnalyzerId[]): string {
    const ids = analyzers.map((a) => `${a.name}@${a.version}`).sort();
    return `${diffID}\n${ids.join(',')}\nreader@${LAYER_READER_VERSION}`;
  }

  entryPath(diffID: string, analyzers: readonly AnalyzerId[]): string {
    const hash = createHash('sha256').update(LayerCache.key(diffID, analyzers)).digest('hex');
    return path.join(this.dir, 'layers', `${hash}.json.gz`);
  }

  /**
   * A directory for temporary files (decompressed image archives, spooled engine exports),
   * created on demand. Every scan removes its own on close; ones left by a killed run (SIGKILL,
   * power loss) are removed here once they are older than any scan takes.
   */
  async tempDir(now: number = Date.now()): Promise<string> {
    const dir = path.join(this.dir, 'tmp');
    await fs.mkdir(dir, { recursive: true });
    await removeStaleTemp(dir, now);
    return dir;
  }

  /** A hit, or a miss (with `problem` when an entry existed but could not be used). */
  /** Whether an entry exists (a cheap stat; `get` may still find it unusable). */
  async has(diffID: string, analyzers: readonly AnalyzerId[]): Promise<boolean> {
    try {
      return (await fs.stat(this.entryPath(diffID, analyzers))).isFile();
    } catch {
      return false;
    }
  }

  async get(diffID: string, analyzers: readonly AnalyzerId[]): Promise<CacheLookup> {
    const file = this.entryPath(diffID, analyzers);
    let bytes: Buffer;
    try {
      bytes = await fs.readFile(file);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return {};
      return { problem: `layer cache entry ${file} unreadable: ${(err as Error).message}` };
    }
    try {
      const parsed: unknown = JSON.parse((await gunzip(bytes)).toString('utf8'));
      const result = validateEntry(parsed, LayerCache.key(diffID, analyzers));
      if (!result) return { problem: `layer cache entry ${file} is malformed; rebuilding it` };
      return { result };
    } catch {
      return { problem: `layer cache entry ${file} is corrupt; rebuilding it` };
    }
  }

  /** Writes an entry atomically. Returns a problem description instead of throwing. */
  async put(diffID: string, analyzers: readonly AnalyzerId[], data: LayerScanData): Promise<string | undefined> {
    const file = this.entryPath(diffID, analyzers);
    const temp = `${file}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
    try {
      await fs.mkdir(path.dirname(file), { recursive: true });
      const body = JSON.stringify({ format: FORMAT, version: FORMAT_VERSION, key: LayerCache.key(diffID, analyzers), data });
      await fs.writeFile(temp, await gzip(body));
      await fs.rename(temp, file);
      return undefined;
    } catch (err) {
      await fs.rm(temp, { force: true }).catch(() => {});
      return `could not write layer cache entry ${file}: ${(err as Error).message}`;
    }
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isStringArray(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((v) => typeof v === 'string');
}

const FILE_TYPES = new Set(['file', 'dir', 'symlink', 'hardlink', 'char', 'block', 'fifo']);

function reviveFile(value: unknown): FileInfo | undefined {
  if (!isObject(value)) return undefined;
  const { path: p, type, mode, uid, gid, size, linkTarget, mtime } = value;
  if (typeof p !== 'string' || typeof type !== 'string' || !FILE_TYPES.has(type)) return undefined;
  if (typeof mode !== 'number' || typeof uid !== 'number' || typeof gid !== 'number' || typeof size !== 'number') return undefined;
  if (linkTarget !== undefined && typeof linkTarget !== 'string') return undefined;
  const info: FileInfo = { path: p, type: type as FileInfo['type'], mode, uid, gid, size };
  if (linkTarget !== undefined) info.linkTarget = linkTarget;
  if (typeof mtime === 'string') info.mtime = new Date(mtime);
  return info;
}

function validateOutput(value: unknown): AnalyzerResult | undefined {
  if (!isObject(value)) return undefined;
  const { analyzer, analyzerVersion, path: p, output, overwrittenInLayer } = value;
  if (typeof analyzer !== 'string' || typeof analyzerVersion !== 'number' || typeof p !== 'string' || !isObject(output)) return undefined;
  // Outputs are JSON produced by analyzers; their inner shape is the analyzer's contract.
  const result: AnalyzerResult = { analyzer, analyzerVersion, path: p, output: output as AnalyzerResult['output'] };
  if (overwrittenInLayer === true) result.overwrittenInLayer = true;
  return result;
}

function validateEntry(value: unknown, key: string): LayerScanData | undefined {
  if (!isObject(value) || value.format !== FORMAT || value.version !== FORMAT_VERSION || value.key !== key) return undefined;
  const data = value.data;
  if (!isObject(data)) return undefined;
  const { files, whiteouts, opaqueDirs, outputs, warnings } = data;
  if (!Array.isArray(files) || !isStringArray(whiteouts) || !isStringArray(opaqueDirs) || !Array.isArray(outputs) || !isStringArray(warnings)) {
    return undefined;
  }
  const revivedFiles: FileInfo[] = [];
  for (const f of files) {
    const info = reviveFile(f);
    if (!info) return undefined;
    revivedFiles.push(info);
  }
  const revivedOutputs: AnalyzerResult[] = [];
  for (const o of outputs) {
    const output = validateOutput(o);
    if (!output) return undefined;
    revivedOutputs.push(output);
  }
  return { files: revivedFiles, whiteouts, opaqueDirs, outputs: revivedOutputs, warnings };
}
