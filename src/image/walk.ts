/**
 * The image walk: every layer once, bottom first, streamed. Each entry is recorded in the layer's
 * file index; regular files (and hardlinks) that an analyzer wants are read once, up to the
 * largest `maxBytes` among the analyzers that want them, and handed to each of those analyzers.
 * Contents are dropped as soon as the analyzers return (except the small hardlink window below),
 * so memory grows with the number of files, never with their size.
 *
 * Failure handling: when a layer fails (digest mismatch, truncation, bomb limit), the error
 * propagates and the walk rejects. Outputs already collected from that layer are discarded with
 * it and nothing of it is cached: results from unverified bytes are never used.
 *
 * Hardlinks: a tar stores the content once, under the first name; later names are `hardlink`
 * entries pointing at it. An analyzer wanting a hardlink gets the target's content, from
 * (1) a small window of recently read contents of the same layer (hardlinks usually follow their
 * target closely), else (2) a second pass over the layer after the first, reading only the
 * targets still needed. A target outside the layer is not analysed (warning): the image-spec
 * says such links may not even extract.
 */
import type { Analyzer, AnalyzerOutput } from '../analyze/analyzer.js';
import type { FileInfo, LayerRef } from './fs-types.js';
import type { ImageSource, LayerDescriptor } from './types.js';
import type { LayerCache } from './cache.js';
import type { AnalyzerResult, LayerResult, LayerScanData, LocatedAnalyzerResult } from './layer-result.js';
import { FilesystemBuilder, type ImageFilesystem } from './image-fs.js';
import { readLayer, type LayerLimits, type LayerReadStats } from './layer-reader.js';
import { InputError } from '../errors.js';

export type { AnalyzerResult, LayerResult, LocatedAnalyzerResult } from './layer-result.js';
export { resolvePath, type FsEntry, type ImageFilesystem } from './image-fs.js';

/** Content handed to an analyzer that does not set `maxBytes`. */
export const DEFAULT_ANALYZER_MAX_BYTES = 8 * 1024 * 1024;

export interface WalkProgress {
  /** 0-based index of the layer being read. */
  layerIndex: number;
  /** Number of layers in the image. */
  layers: number;
  /** Stored (compressed) bytes of this layer read so far; compare with `totalBytes`. */
  bytes: number;
  totalBytes?: number;
  /** Entries of this layer seen so far. */
  entries: number;
  /** The layer came from the cache (not opened). */
  cached: boolean;
  /** Last report for this layer. */
  done: boolean;
}

export interface WalkOptions {
  analyzers: readonly Analyzer[];
  /** Layer result cache; omit for none (`--no-cache`). Never used for rootfs pseudo-layers. */
  cache?: LayerCache;
  onProgress?: (progress: WalkProgress) => void;
  limits?: Partial<LayerLimits>;
  /** Bytes of recently read contents kept per layer for hardlinks (default 16 MiB). */
  hardlinkWindowBytes?: number;
}

export interface ImageWalkResult {
  layers: LayerResult[];
  /** The final filesystem: every path with the layer that last wrote it. */
  filesystem: ImageFilesystem;
  /** Outputs for files present in the final filesystem as written by the layer that produced them. */
  effective: LocatedAnalyzerResult[];
  /** Outputs for files deleted or overwritten later (e.g. a secret removed in a later layer). */
  shadowed: LocatedAnalyzerResult[];
  /** All layer warnings (prefixed by the reader with the layer) and walk-level ones (cache problems). */
  warnings: string[];
}

function layerRefOf(layer: LayerDescriptor): LayerRef {
  return { index: layer.index, diffID: layer.diffID, ...(layer.createdBy !== undefined ? { createdBy: layer.createdBy } : {}) };
}

/** rootfs pseudo-layers have no content address: their "diffID" is `rootfs:<path>`. */
function isCacheable(layer: LayerDescriptor): boolean {
  return !layer.diffID.startsWith('rootfs:');
}

export async function walkImage(source: ImageSource, options: WalkOptions): Promise<ImageWalkResult> {
  const layers: LayerResult[] = [];
  const warnings: string[] = [];
  const planned = source.layers;
  const total = planned.length;
  if (source.expectSkipped && options.cache) {
    const cache = options.cache;
    const cached = await Promise.all(planned.map((l) => (isCacheable(l) ? cache.has(l.diffID, options.analyzers) : false)));
    source.expectSkipped(planned.filter((_, i) => cached[i]));
  }

  for (const layer of planned) {
    const ref = layerRefOf(layer);
    const report = (stats: LayerReadStats, cached: boolean, done: boolean): void =>
      options.onProgress?.({
        layerIndex: layer.index,
        layers: total,
        bytes: stats.storedBytes,
        ...(layer.size !== undefined ? { totalBytes: layer.size } : {}),
        entries: stats.entries,
        cached,
        done,
      });

    let data: LayerScanData | undefined;
    let cached = false;
    const cache = isCacheable(layer) ? options.cache : undefined;
    if (cache) {
      const lookup = await cache.get(layer.diffID, options.analyzers);
      if (lookup.result) {
        data = { ...lookup.result, outputs: rebaseOutputs(lookup.result.outputs, ref) };
        cached = true;
        report({ storedBytes: layer.size ?? 0, uncompressedBytes: 0, entries: data.files.length }, true, true);
      } else if (lookup.problem) {
        warnings.push(lookup.problem);
      }
    }
    if (!data) {
      const scan = await scanLayer(source, layer, ref, options, report);
      data = scan.data;
      if (cache && !scan.analyzerFailed) {
        const problem = await cache.put(layer.diffID, options.analyzers, data);
        if (problem) warnings.push(problem);
      }
    }
    layers.push({ layer: ref, ...data, cached });
  }
  if (source.finish) {
    await source.finish();
    relabelLayers(layers, source.layers);
  }
  const builder = new FilesystemBuilder();
  for (const result of layers) warnings.push(...builder.applyLayer(result.layer, result));

  const filesystem = builder.entries;
  const effective: LocatedAnalyzerResult[] = [];
  const shadowed: LocatedAnalyzerResult[] = [];
  for (const result of layers) {
    for (const output of result.outputs) {
      const located = { ...output, layer: result.layer };
      const current = filesystem.get(output.path);
      if (!output.overwrittenInLayer && current !== undefined && current.layer.index === result.layer.index) effective.push(located);
      else shadowed.push(located);
    }
    warnings.push(...result.warnings);
  }
  return { layers, filesystem, effective, shadowed, warnings };
}

/**
 * After a source's finish(), its final layers replace the ones the walk was planned with: the
 * same diff IDs (anything else is a different image, an error), possibly with history steps the
 * source learnt only at the end. Results are re-labelled with the final refs.
 */
function relabelLayers(results: LayerResult[], final: readonly LayerDescriptor[]): void {
  if (final.length !== results.length || results.some((r, i) => r.layer.diffID !== final[i]!.diffID)) {
    throw new InputError(
      `the image's layers changed while it was read: walked ${results.map((r) => r.layer.diffID).join(', ')}, its manifest lists ${final.map((l) => l.diffID).join(', ')}`,
      'scan it again; name it by image ID or digest so it cannot move',
    );
  }
  for (const [i, result] of results.entries()) {
    const ref = layerRefOf(final[i]!);
    if (ref.createdBy === result.layer.createdBy && ref.index === result.layer.index) continue;
    result.layer = ref;
    result.outputs = rebaseOutputs(result.outputs, ref);
  }
}

function rebaseOutputs(outputs: readonly AnalyzerResult[], ref: LayerRef): AnalyzerResult[] {
  return outputs.map((o) => ({ ...o, output: rebaseLayerRefs(o.output, ref) as AnalyzerOutput }));
}

/**
 * Cached outputs carry the LayerRef of the image that produced them (analyzers put `layer` into
 * package locations); the same layer can sit at another index or step in this image. Every
 * `layer` object naming this diffID is replaced with this image's ref.
 */
export function rebaseLayerRefs(value: unknown, ref: LayerRef): unknown {
  if (Array.isArray(value)) return value.map((v) => rebaseLayerRefs(v, ref));
  if (typeof value !== 'object' || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    if (key === 'layer' && typeof v === 'object' && v !== null && (v as Partial<LayerRef>).diffID === ref.diffID) out[key] = { ...ref };
    else out[key] = rebaseLayerRefs(v, ref);
  }
  return out;
}

interface Recent {
  content: Buffer;
  truncated: boolean;
}

/** A byte-bounded LRU of recently read contents, for hardlinks (see the file comment). */
class ContentWindow {
  private readonly map = new Map<string, Recent>();
  private bytes = 0;
  constructor(private readonly limit: number) {}

  put(path: string, recent: Recent): void {
    if (recent.content.length > this.limit) return;
    this.delete(path);
    // Contents are usually views into a larger decoded chunk; keeping the view would keep the
    // whole chunk alive, so the window stores an exact-size copy (what `bytes` accounts for).
    const { content } = recent;
    if (content.byteLength !== content.buffer.byteLength) {
      const copy = Buffer.alloc(content.length);
      content.copy(copy);
      recent = { content: copy, truncated: recent.truncated };
    }
    this.map.set(path, recent);
    this.bytes += recent.content.length;
    for (const [key, value] of this.map) {
      if (this.bytes <= this.limit) break;
      this.map.delete(key);
      this.bytes -= value.content.length;
    }
  }

  get(path: string): Recent | undefined {
    return this.map.get(path);
  }

  delete(path: string): void {
    const old = this.map.get(path);
    if (old) {
      this.map.delete(path);
      this.bytes -= old.content.length;
    }
  }
}

interface PendingLink {
  path: string;
  info: FileInfo;
  /** Position of the target entry in the layer (the reader yields the same sequence twice). */
  targetOrdinal: number;
  wanting: Analyzer[];
}

function maxBytesOf(analyzers: readonly Analyzer[]): number {
  return Math.max(...analyzers.map((a) => a.maxBytes ?? DEFAULT_ANALYZER_MAX_BYTES));
}

async function scanLayer(
  source: ImageSource,
  layer: LayerDescriptor,
  ref: LayerRef,
  options: WalkOptions,
  report: (stats: LayerReadStats, cached: boolean, done: boolean) => void,
): Promise<{ data: LayerScanData; analyzerFailed: boolean }> {
  const data: LayerScanData = { files: [], whiteouts: [], opaqueDirs: [], outputs: [], warnings: [] };
  const warn = (message: string): void => {
    data.warnings.push(message);
  };
  let analyzerFailed = false;
  const seen = new Map<string, FileInfo>();
  const ordinals = new Map<string, number>();
  let ordinal = 0;
  const outputsByPath = new Map<string, AnalyzerResult[]>();
  const window = new ContentWindow(options.hardlinkWindowBytes ?? 16 * 1024 * 1024);
  const pending: PendingLink[] = [];

  const wanting = (path: string, info: FileInfo): Analyzer[] =>
    options.analyzers.filter((a) => {
      try {
        return a.wants(path, info);
      } catch (err) {
        warn(`analyzer ${a.name}@${a.version} failed deciding on ${path}: ${(err as Error).message}`);
        analyzerFailed = true;
        return false;
      }
    });

  const analyze = async (analyzers: readonly Analyzer[], path: string, info: FileInfo, content: Buffer, readTruncated: boolean): Promise<void> => {
    for (const analyzer of analyzers) {
      const max = analyzer.maxBytes ?? DEFAULT_ANALYZER_MAX_BYTES;
      const truncated = readTruncated || content.length > max;
      const slice = content.length > max ? content.subarray(0, max) : content;
      try {
        const output = await analyzer.analyze({ path, info, content: slice, truncated, layer: ref });
        if (output) {
          const result: AnalyzerResult = { analyzer: analyzer.name, analyzerVersion: analyzer.version, path, output };
          data.outputs.push(result);
          let list = outputsByPath.get(path);
          if (!list) outputsByPath.set(path, (list = []));
          list.push(result);
        }
      } catch (err) {
        // An analyzer bug must not hide the other analyzers' findings; the layer is not cached
        // so the failure is not remembered.
        warn(`analyzer ${analyzer.name}@${analyzer.version} failed on ${path}: ${(err as Error).message}`);
        analyzerFailed = true;
      }
    }
  };

  /** Follows hardlink chains inside the layer to the regular file holding the content. */
  const linkedFile = (start: string): FileInfo | undefined => {
    let target = seen.get(start);
    for (let hops = 0; target?.type === 'hardlink' && hops < 8; hops++) target = seen.get(target.linkTarget ?? '');
    return target?.type === 'file' ? target : undefined;
  };

  const stream = readLayer(source, layer, { limits: options.limits, onWarning: warn });
  let lastReport = 0;
  report(stream.stats, false, false);
  for await (const entry of stream) {
    if (stream.stats.entries - lastReport >= 256) {
      lastReport = stream.stats.entries;
      report(stream.stats, false, false);
    }
    if (entry.isWhiteout) {
      if (entry.isOpaque && entry.opaqueDir !== undefined) data.opaqueDirs.push(entry.opaqueDir);
      else if (entry.whiteoutTarget !== undefined) data.whiteouts.push(entry.whiteoutTarget);
      continue;
    }
    const { info } = entry;
    ordinal++;
    if (seen.has(info.path)) {
      for (const result of outputsByPath.get(info.path) ?? []) result.overwrittenInLayer = true;
      outputsByPath.delete(info.path);
      window.delete(info.path);
    }
    seen.set(info.path, info);
    ordinals.set(info.path, ordinal);
    data.files.push(info);

    if (info.type === 'file') {
      const want = wanting(info.path, info);
      if (want.length === 0) continue;
      const { content, truncated } = await entry.read(maxBytesOf(want));
      window.put(info.path, { content, truncated });
      await analyze(want, info.path, info, content, truncated);
    } else if (info.type === 'hardlink') {
      const target = linkedFile(info.path);
      // Analyzers judge a hardlink by what it points at: the target's size, not the tar's 0.
      const linkInfo: FileInfo = target ? { ...info, size: target.size } : info;
      const want = wanting(info.path, linkInfo);
      if (want.length === 0) continue;
      if (!target) {
        warn(`hardlink '${info.path}' → '${info.linkTarget}': target is not a file of this layer; not analysed`);
        continue;
      }
      const recent = window.get(target.path);
      const needed = maxBytesOf(want);
      if (recent && (!recent.truncated || recent.content.length >= needed)) {
        await analyze(want, info.path, linkInfo, recent.content, recent.truncated);
      } else {
        pending.push({ path: info.path, info: linkInfo, targetOrdinal: ordinals.get(target.path)!, wanting: want });
      }
    }
  }
  report(stream.stats, false, pending.length === 0);

  if (pending.length > 0) {
    await secondPass(source, layer, options, pending, analyze);
    report(stream.stats, false, true);
  }
  return { data, analyzerFailed };
}

/** Re-reads the layer for hardlink targets that were not in the recent-content window. */
async function secondPass(
  source: ImageSource,
  layer: LayerDescriptor,
  options: WalkOptions,
  pending: readonly PendingLink[],
  analyze: (analyzers: readonly Analyzer[], path: string, info: FileInfo, content: Buffer, truncated: boolean) => Promise<void>,
): Promise<void> {
  const byOrdinal = new Map<number, PendingLink[]>();
  for (const link of pending) {
    let list = byOrdinal.get(link.targetOrdinal);
    if (!list) byOrdinal.set(link.targetOrdinal, (list = []));
    list.push(link);
  }
  // Warnings were recorded by the first pass; the same bytes would only repeat them. The loop
  // runs to the end even when nothing is left to read: the iterator verifies digests there.
  let ordinal = 0;
  for await (const entry of readLayer(source, layer, { limits: options.limits })) {
    if (entry.isWhiteout) continue;
    const links = byOrdinal.get(++ordinal);
    if (!links || entry.info.type !== 'file') continue;
    const { content, truncated } = await entry.read(maxBytesOf(links.flatMap((l) => l.wanting)));
    for (const link of links) await analyze(link.wanting, link.path, link.info, content, truncated);
  }
}
