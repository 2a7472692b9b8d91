/** What scanning one layer produces: the part of a walk that is cached per layer. */
import type { AnalyzerOutput } from '../analyze/analyzer.js';
import type { FileInfo, LayerRef } from './fs-types.js';

/** One analyzer's output for one file. */
export interface AnalyzerResult {
  analyzer: string;
  analyzerVersion: number;
  path: string;
  output: AnalyzerOutput;
  /**
   * The same path appears again later in the same layer (a tar with duplicate entries), so this
   * output describes content that never reached the filesystem. Always shadowed.
   */
  overwrittenInLayer?: true;
}

/** An analyzer result with the layer it came from. */
export interface LocatedAnalyzerResult extends AnalyzerResult {
  layer: LayerRef;
}

/** The layer-independent (cacheable) part of a layer's scan. */
export interface LayerScanData {
  /** Every entry except whiteout markers, in tar order. */
  files: FileInfo[];
  /** Paths deleted from lower layers by `.wh.NAME` entries. */
  whiteouts: string[];
  /** Directories whose lower-layer contents `.wh..wh..opq` hides (`''` = root). */
  opaqueDirs: string[];
  outputs: AnalyzerResult[];
  warnings: string[];
}

export interface LayerResult extends LayerScanData {
  layer: LayerRef;
  /** True when the result came from the layer cache (the layer was not opened). */
  cached: boolean;
}
