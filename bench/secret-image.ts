/**
 * Secret-scanning throughput over every layer of a real image: the engine with its keyword
 * prefilter (what `image-secrets` runs) against every rule's regex on every file
 * (`scanTextNoPrefilter`). Both passes walk the same image with the same file selection
 * (`wantsForSecrets`, the same per-file cap, the same binary sniffing), and only the time spent
 * inside the scan is counted, so decompression and tar parsing do not dilute the ratio.
 *
 * The image is walked once per mode instead of holding the selected files in memory: on a 1 GB
 * image those are hundreds of MB of text.
 */
import { performance } from 'node:perf_hooks';
import type { Analyzer } from '../src/analyze/analyzer.js';
import { SCAN_BYTES, wantsForSecrets } from '../src/analyze/image/secrets.js';
import { looksBinary, scanText, scanTextNoPrefilter } from '../src/analyze/secret/index.js';
import { openImageSource } from '../src/source/image/index.js';
import { walkImage } from '../src/image/walk.js';

export interface ImageSecretBenchResult {
  reference: string;
  layers: number;
  /** Files the analyzer selected, and how many of them were text (scanned). */
  filesSelected: number;
  filesScanned: number;
  /** MiB of text handed to the engine (per mode; identical in both). */
  scannedMiB: number;
  /** Scan-only throughput in MiB/s, and seconds spent scanning. */
  prefilterMiBps: number;
  noPrefilterMiBps: number;
  prefilterSeconds: number;
  noPrefilterSeconds: number;
  /** noPrefilter time / prefilter time. */
  speedup: number;
  /** Matches per mode: equal when the prefilter only changes speed. */
  matchesPrefilter: number;
  matchesNoPrefilter: number;
  /** Wall-clock seconds of each full walk (decompression included). */
  walkSecondsPrefilter: number;
  walkSecondsNoPrefilter: number;
}

interface PassStats {
  selected: number;
  scanned: number;
  bytes: number;
  seconds: number;
  matches: number;
  walkSeconds: number;
  layers: number;
}

async function pass(reference: string, scan: (text: string, path: string) => number): Promise<PassStats> {
  const stats: PassStats = { selected: 0, scanned: 0, bytes: 0, seconds: 0, matches: 0, walkSeconds: 0, layers: 0 };
  const analyzer: Analyzer = {
    name: 'bench-image-secrets',
    version: 1,
    maxBytes: SCAN_BYTES,
    wants: wantsForSecrets,
    analyze: ({ path, content }) => {
      stats.selected++;
      if (looksBinary(content)) return undefined;
      const start = performance.now();
      // Decoding is part of both modes' cost, as in the analyzer.
      stats.matches += scan(content.toString('utf8'), path);
      stats.seconds += (performance.now() - start) / 1000;
      stats.scanned++;
      stats.bytes += content.length;
      return undefined;
    },
  };
  const source = await openImageSource(reference);
  const start = performance.now();
  try {
    await walkImage(source, { analyzers: [analyzer] });
    stats.layers = source.layers.length;
  } finally {
    await source.close();
  }
  stats.walkSeconds = (performance.now() - start) / 1000;
  return stats;
}

const round = (n: number, digits = 1): number => Math.round(n * 10 ** digits) / 10 ** digits;

/** Walks `imageRef` twice (prefilter, then no prefilter) and returns scan throughput for both. */
export async function benchImageSecrets(imageRef: string): Promise<ImageSecretBenchResult> {
  const opts = (path: string) => ({ path, maxBytes: SCAN_BYTES });
  const withPrefilter = await pass(imageRef, (text, path) => scanText(text, opts(path)).length);
  const without = await pass(imageRef, (text, path) => scanTextNoPrefilter(text, opts(path)).length);
  const mib = withPrefilter.bytes / (1024 * 1024);
  return {
    reference: imageRef,
    layers: withPrefilter.layers,
    filesSelected: withPrefilter.selected,
    filesScanned: withPrefilter.scanned,
    scannedMiB: round(mib, 2),
    prefilterMiBps: round(mib / Math.max(withPrefilter.seconds, 1e-9)),
    noPrefilterMiBps: round(mib / Math.max(without.seconds, 1e-9)),
    prefilterSeconds: round(withPrefilter.seconds, 3),
    noPrefilterSeconds: round(without.seconds, 3),
    speedup: round(without.seconds / Math.max(withPrefilter.seconds, 1e-9), 2),
    matchesPrefilter: withPrefilter.matches,
    matchesNoPrefilter: without.matches,
    walkSecondsPrefilter: round(withPrefilter.walkSeconds, 2),
    walkSecondsNoPrefilter: round(without.walkSeconds, 2),
  };
}
