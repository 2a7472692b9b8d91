import type { FileInfo, LayerRef } from '../image/fs-types.js';
import type { OSInfo, Package } from '../sbom/package.js';

/**
 * An analyzer turns files into facts. It declares which files it wants (`wants`, checked for every
 * tar entry, so it must be cheap) and receives only those, one at a time, with their content read
 * up to `maxBytes`. It never sees tar, compression or layers beyond the `layer` reference.
 *
 * Results are per layer and cached by the layer's diffID plus `name@version`: bump `version` when
 * the analyzer's output changes, and exactly its cached results are invalidated.
 */
export interface Analyzer {
  /** Stable name, part of the cache key (`dpkg`, `npm`, `os-release`, `go-binary`). */
  name: string;
  version: number;
  /** Cheap test on the path (and type/size) of a tar entry. */
  wants(path: string, info: FileInfo): boolean;
  /** Bytes of content handed over at most (default 8 MiB); larger files get `truncated: true`. */
  maxBytes?: number;
  analyze(file: AnalyzerInput): AnalyzerOutput | undefined | Promise<AnalyzerOutput | undefined>;
}

export interface AnalyzerInput {
  path: string;
  info: FileInfo;
  content: Buffer;
  /** True when the file was longer than `maxBytes`. */
  truncated: boolean;
  layer: LayerRef;
}

/** What an analyzer found in one file. Everything is JSON-serialisable (it goes into the layer cache). */
export interface AnalyzerOutput {
  packages?: Package[];
  os?: OSInfo;
  /** Files owned by OS packages (dpkg `.list`, apk/rpm databases), to skip language packages found under them. */
  ownedFiles?: string[];
  /** Free-form facts for later analyzers (e.g. passwd entries), keyed by kind. */
  facts?: Record<string, unknown>;
  /** Problems that are not fatal (malformed database line...). */
  warnings?: string[];
}
