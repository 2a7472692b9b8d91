/**
 * The image flags shared by `scan` and `sbom`: where the image comes from, the layer cache, the
 * registry flags and the decompression-bomb limits. One definition, and one place that turns
 * them into ImageScanOptions, so the two commands cannot drift apart.
 */
import type { Command } from 'commander';
import { UsageError } from '../errors.js';
import { DEFAULT_LAYER_LIMITS, type LayerLimits } from '../image/layer-reader.js';
import type { SourceKind } from '../image/types.js';
import type { ImageScanOptions } from '../scan/image-scan.js';
import type { Progress } from './progress.js';
import { addRegistryOptions, registryClientOptions, type RegistryFlags } from './registry-flags.js';

/** `--image-src` values (the docker CLI's and skopeo's names) and the source kind each selects. */
export const IMAGE_SOURCE_KINDS: Record<string, SourceKind> = {
  'docker-archive': 'docker-archive',
  oci: 'oci-layout',
  'oci-layout': 'oci-layout',
  'oci-archive': 'oci-archive',
  rootfs: 'rootfs',
  docker: 'docker-engine',
  'docker-engine': 'docker-engine',
  podman: 'podman',
  registry: 'registry',
};

export function parseImageSrc(value: string | undefined): SourceKind | undefined {
  if (value === undefined) return undefined;
  const kind = IMAGE_SOURCE_KINDS[value.toLowerCase()];
  if (!kind) throw new UsageError(`unknown --image-src "${value}"`, `use one of ${Object.keys(IMAGE_SOURCE_KINDS).join(', ')}`);
  return kind;
}

export interface ImageFlags extends RegistryFlags {
  platform?: string;
  imageSrc?: string;
  cacheDir?: string;
  cache: boolean;
  /** As typed: `8GiB`, `500MB`, a byte count. */
  maxLayerSize?: string;
  maxCompressionRatio?: string;
}

const SIZE_UNITS: Record<string, number> = { '': 1, b: 1, k: 1e3, kb: 1e3, m: 1e6, mb: 1e6, g: 1e9, gb: 1e9, t: 1e12, tb: 1e12, kib: 1024, mib: 1024 ** 2, gib: 1024 ** 3, tib: 1024 ** 4 };

/** `8GiB`, `500MB`, `1048576` → bytes; a UsageError naming the flag otherwise. */
export function parseByteSize(value: string, flag: string): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$/i.exec(value);
  const unit = m ? SIZE_UNITS[m[2]!.toLowerCase()] : undefined;
  if (!m || unit === undefined || Number(m[1]) <= 0) throw new UsageError(`${flag} "${value}" is not a size`, 'write a byte count or a number with a unit: 500MB, 8GiB');
  return Math.floor(Number(m[1]) * unit);
}

/** Adds the image flags; `scope` prefixes their help (`image: ` where the command scans other things too). */
export function addImageOptions(command: Command, scope = ''): Command {
  command
    .option('--platform <os/arch[/variant]>', `${scope}platform to pick from a multi-platform image (default linux/amd64)`)
    .option('--image-src <kind>', `${scope}where the image comes from: ${Object.keys(IMAGE_SOURCE_KINDS).join(', ')}`)
    .option('--cache-dir <dir>', `${scope}layer cache directory (default ~/.cache/leftshift)`)
    .option('--no-cache', `${scope}do not read or write the layer cache`)
    .option('--max-layer-size <size>', `${scope}largest uncompressed layer accepted (default ${DEFAULT_LAYER_LIMITS.maxLayerBytes / 1024 ** 3}GiB; a decompression-bomb guard)`)
    .option('--max-compression-ratio <n>', `${scope}largest uncompressed/compressed ratio of a layer (default ${DEFAULT_LAYER_LIMITS.maxRatio}; a decompression-bomb guard)`);
  return addRegistryOptions(command, scope);
}

function layerLimits(flags: ImageFlags): Partial<LayerLimits> | undefined {
  const limits: Partial<LayerLimits> = {};
  if (flags.maxLayerSize !== undefined) limits.maxLayerBytes = parseByteSize(flags.maxLayerSize, '--max-layer-size');
  if (flags.maxCompressionRatio !== undefined) {
    const ratio = Number(flags.maxCompressionRatio);
    if (!Number.isFinite(ratio) || ratio < 1) throw new UsageError(`--max-compression-ratio "${flags.maxCompressionRatio}" is not a ratio`, 'give a number of at least 1, e.g. 500');
    limits.maxRatio = ratio;
  }
  return Object.keys(limits).length > 0 ? limits : undefined;
}

/** The options scanImage takes, from the flags (a cache directory from the config file when no flag names one). */
export function imageScanOptions(flags: ImageFlags, configCacheDir: string | undefined, progress: Progress): ImageScanOptions {
  const limits = layerLimits(flags);
  return {
    platform: flags.platform,
    sourceKind: parseImageSrc(flags.imageSrc),
    cacheDir: flags.cache === false ? false : (flags.cacheDir ?? configCacheDir),
    registry: registryClientOptions(flags),
    progress,
    ...(limits ? { limits } : {}),
  };
}
