/**
 * Secret-scanning throughput over every layer of a real image: the engine with its keyword
 * prefilter, called on the file's bytes exactly as `image-secrets` calls it (`scanBufferDetailed`),
 * against every rule's regex on every file (`scanBufferNoPrefilter`: same binary check, cap and
 * decoding, no prefilter). Both modes see the same files (`wantsForSecrets`, the same per-file
 * cap, the same binary sniffing), and only the time spent inside the scan calls is counted, so
 * decompression and tar parsing do not dilute the ratio. Decoding is inside the timed call in
 * both modes: skipping it for files without a keyword is part of what the prefilter saves.
 *
 * The image is walked once; the selected text files are collected into batches of `batchMiB`
 * (copies, at most one batch in memory: on a 1 GB image the text is hundreds of MB) and each batch
 * is scanned by every mode in turn, `rounds` times (A B A B A B), while the walk waits; each
 * mode's time for the batch is the median of its rounds. Earlier versions walked the image once
 * per mode and timed each file as the walk produced it; on a shared 2-core machine that timing
 * also caught decompression threads and other processes (runs of the same build varied 2x), and
 * the two modes saw different load. Interleaved rounds give both modes the same conditions, and
 * times are process CPU time (user + system: the scan itself and its garbage collection, not the
 * time other processes hold the CPU); wall-clock figures are reported too.
 *
 * With `compareStrategies`, the former prefilter (lower-case, one alternation regex, then every
 * active rule over the whole text) runs on each batch too, for a before/after comparison.
 */
import { performance } from 'node:perf_hooks';
import type { Analyzer } from '../src/analyze/analyzer.js';
import { SCAN_BYTES, wantsForSecrets } from '../src/analyze/image/secrets.js';
import {
  looksBinary,
  scanBufferDetailed,
  scanBufferNoPrefilter,
  scanBufferWithPrefilter,
  type SecretMatch,
} from '../src/analyze/secret/index.js';
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
  /** Scan-only throughput in MiB/s, and CPU seconds spent scanning. */
  prefilterMiBps: number;
  noPrefilterMiBps: number;
  prefilterSeconds: number;
  noPrefilterSeconds: number;
  /** noPrefilter time / prefilter time (CPU time). */
  speedup: number;
  /** The same ratio in wall-clock time (noisy when other processes compete for the CPU). */
  wallSpeedup: number;
  /** Matches per mode: equal when the prefilter only changes speed. */
  matchesPrefilter: number;
  matchesNoPrefilter: number;
  /** True when every file's matches were identical (deep-equal) in every mode. */
  identicalMatches: boolean;
  /** Wall-clock seconds of the walk (decompression and every mode's scans included). */
  walkSeconds: number;
  /** With `compareStrategies`: the former `combined-regex` prefilter, and its speed-up over none. */
  combinedRegexMiBps?: number;
  combinedRegexSeconds?: number;
  combinedRegexSpeedup?: number;
  matchesCombinedRegex?: number;
}

export interface ImageSecretBenchOptions {
  /** Also time the former combined-regex prefilter. */
  compareStrategies?: boolean;
  /** Batch size in MiB (default 32). */
  batchMiB?: number;
  /** Timed rounds per mode and batch; the median counts (default 3). */
  rounds?: number;
}

type Scan = (content: Buffer, path: string) => SecretMatch[];

interface Mode {
  scan: Scan;
  /** CPU seconds and wall-clock seconds. */
  seconds: number;
  wallSeconds: number;
  matches: number;
}

interface Batch {
  files: Array<{ path: string; content: Buffer }>;
  bytes: number;
}

const round = (n: number, digits = 1): number => Math.round(n * 10 ** digits) / 10 ** digits;

/**
 * Runs every mode over `batch`, `rounds` times interleaved, adding the median round time and the
 * match count to each mode; true if all modes found the same matches in every file.
 */
function scanBatch(batch: Batch, modes: readonly Mode[], rounds: number): boolean {
  const cpu = modes.map(() => [] as number[]);
  const wall = modes.map(() => [] as number[]);
  const results: SecretMatch[][][] = [];
  for (let round = 0; round < rounds; round++) {
    modes.forEach((mode, i) => {
      const found: SecretMatch[][] = [];
      const startCpu = process.cpuUsage();
      const start = performance.now();
      for (const { path, content } of batch.files) found.push(mode.scan(content, path));
      wall[i].push((performance.now() - start) / 1000);
      const used = process.cpuUsage(startCpu);
      cpu[i].push((used.user + used.system) / 1e6);
      if (round === 0) results.push(found);
    });
  }
  const median = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  modes.forEach((mode, i) => {
    mode.seconds += median(cpu[i]);
    mode.wallSeconds += median(wall[i]);
    for (const f of results[i]) mode.matches += f.length;
  });
  // Compared outside the timed loops; JSON is enough for these plain objects.
  const reference = JSON.stringify(results[0]);
  return results.every((r) => JSON.stringify(r) === reference);
}

/** Walks `imageRef` once and returns scan throughput with and without the prefilter. */
export async function benchImageSecrets(imageRef: string, options: ImageSecretBenchOptions = {}): Promise<ImageSecretBenchResult> {
  const opts = (path: string) => ({ path, maxBytes: SCAN_BYTES });
  const mode = (scan: Scan): Mode => ({ scan, seconds: 0, wallSeconds: 0, matches: 0 });
  const prefilter = mode((content, path) => scanBufferDetailed(content, opts(path)).matches);
  const none = mode((content, path) => scanBufferNoPrefilter(content, opts(path)));
  const combined = options.compareStrategies
    ? mode((content, path) => scanBufferWithPrefilter(content, 'combined-regex', opts(path)))
    : undefined;
  const modes = combined ? [prefilter, none, combined] : [prefilter, none];
  const batchBytes = (options.batchMiB ?? 32) * 1024 * 1024;

  let selected = 0;
  let scanned = 0;
  let bytes = 0;
  let identical = true;
  let batch: Batch = { files: [], bytes: 0 };
  const flush = () => {
    if (batch.files.length > 0 && !scanBatch(batch, modes, Math.max(1, options.rounds ?? 3))) identical = false;
    batch = { files: [], bytes: 0 };
  };
  const analyzer: Analyzer = {
    name: 'bench-image-secrets',
    version: 1,
    maxBytes: SCAN_BYTES,
    wants: wantsForSecrets,
    analyze: ({ path, content }) => {
      selected++;
      if (looksBinary(content)) return undefined;
      scanned++;
      bytes += content.length;
      // A copy: the walker may hand out views of buffers it reuses.
      batch.files.push({ path, content: Buffer.from(content) });
      batch.bytes += content.length;
      if (batch.bytes >= batchBytes) flush();
      return undefined;
    },
  };
  const source = await openImageSource(imageRef);
  const start = performance.now();
  let layers = 0;
  try {
    await walkImage(source, { analyzers: [analyzer] });
    flush();
    layers = source.layers.length;
  } finally {
    await source.close();
  }
  const walkSeconds = (performance.now() - start) / 1000;

  const mib = bytes / (1024 * 1024);
  const perSecond = (m: Mode) => round(mib / Math.max(m.seconds, 1e-9));
  const compared = combined && {
    combinedRegexMiBps: perSecond(combined),
    combinedRegexSeconds: round(combined.seconds, 3),
    combinedRegexSpeedup: round(none.seconds / Math.max(combined.seconds, 1e-9), 2),
    matchesCombinedRegex: combined.matches,
  };
  return {
    reference: imageRef,
    layers,
    filesSelected: selected,
    filesScanned: scanned,
    scannedMiB: round(mib, 2),
    prefilterMiBps: perSecond(prefilter),
    noPrefilterMiBps: perSecond(none),
    prefilterSeconds: round(prefilter.seconds, 3),
    noPrefilterSeconds: round(none.seconds, 3),
    speedup: round(none.seconds / Math.max(prefilter.seconds, 1e-9), 2),
    wallSpeedup: round(none.wallSeconds / Math.max(prefilter.wallSeconds, 1e-9), 2),
    matchesPrefilter: prefilter.matches,
    matchesNoPrefilter: none.matches,
    identicalMatches: identical,
    walkSeconds: round(walkSeconds, 2),
    ...compared,
  };
}
