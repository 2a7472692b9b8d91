import { openImageSource } from '../source/image/index.js';
import { walkImage, type ImageWalkResult } from '../image/walk.js';
import { LayerCache } from '../image/cache.js';
import { sbomAnalyzers } from '../analyze/index.js';
import { assembleSbom, type AssembledSbom } from '../sbom/assemble.js';
import type { Analyzer } from '../analyze/analyzer.js';
import type { ImageMetadata, LayerDescriptor } from '../image/types.js';
import type { LayerRef } from '../image/fs-types.js';
import type { PackageSummary, Target } from '../findings/types.js';
import type { Package } from '../sbom/package.js';
import type { Progress } from '../cli/progress.js';

export interface ImageScanOptions {
  platform?: string;
  /** `--image-src`: docker-archive, oci-layout, oci-archive, rootfs, docker-engine, podman. */
  sourceKind?: ImageMetadata['sourceKind'];
  /** Layer cache directory; `false` disables the cache (`--no-cache`). */
  cacheDir?: string | false;
  progress?: Progress;
  now?: Date;
  /** Extra analyzers (image secret/config checks add theirs). */
  extraAnalyzers?: Analyzer[];
}

export interface ImageScanResult {
  metadata: ImageMetadata;
  layers: LayerRef[];
  sbom: AssembledSbom;
  walk: ImageWalkResult;
  warnings: string[];
}

function layerRef(l: LayerDescriptor): LayerRef {
  return { index: l.index, diffID: l.diffID, ...(l.createdBy !== undefined ? { createdBy: l.createdBy } : {}) };
}

/** Opens an image, walks every layer once with all analyzers, and assembles its SBOM. */
export async function scanImage(reference: string, options: ImageScanOptions = {}): Promise<ImageScanResult> {
  const cache = options.cacheDir === false ? undefined : new LayerCache(options.cacheDir);
  const tempDir = cache ? await cache.tempDir() : undefined;
  options.progress?.update(`opening ${reference}`);
  const source = await openImageSource(reference, { platform: options.platform, sourceKind: options.sourceKind, ...(tempDir ? { tempDir } : {}) });
  try {
    const mib = (n: number) => (n / 1048576).toFixed(1);
    const walk = await walkImage(source, {
      analyzers: [...sbomAnalyzers(), ...(options.extraAnalyzers ?? [])],
      cache,
      onProgress: (p) =>
        options.progress?.update(
          p.cached
            ? `layer ${p.layerIndex + 1}/${p.layers}: cached`
            : `layer ${p.layerIndex + 1}/${p.layers}: ${mib(p.bytes)}${p.totalBytes ? `/${mib(p.totalBytes)}` : ''} MiB, ${p.entries} files`,
        ),
    });
    const sbom = assembleSbom(walk.effective, { now: options.now });
    return { metadata: source.metadata, layers: source.layers.map(layerRef), sbom, walk, warnings: [...walk.warnings, ...sbom.warnings] };
  } finally {
    await source.close();
  }
}

export function packageSummary(p: Package): PackageSummary {
  return {
    name: p.name,
    version: p.version,
    purl: p.purl,
    type: p.type,
    ...(p.source ? { source: { name: p.source.name, ...(p.source.version ? { version: p.source.version } : {}) } } : {}),
    ...(p.licenses.length ? { licenses: [...p.licenses] } : {}),
    locations: p.locations.map((l) => ({ path: l.path, ...(l.layer ? { layer: { diffID: l.layer.diffID, index: l.layer.index } } : {}) })),
  };
}

/** The report target of an image scan: packages now, image findings added by later checks. */
export function imageTarget(result: ImageScanResult): Target {
  const m = result.metadata;
  return {
    kind: 'image',
    name: m.reference,
    findings: [],
    packages: result.sbom.packages.map(packageSummary),
    metadata: {
      sourceKind: m.sourceKind,
      ...(m.configDigest ? { imageID: m.configDigest } : {}),
      ...(m.manifestDigest ? { manifestDigest: m.manifestDigest } : {}),
      repoTags: m.repoTags,
      ...(m.platform ? { platform: [m.platform.os, m.platform.architecture, m.platform.variant].filter(Boolean).join('/') } : {}),
      ...(result.sbom.os ? { os: { family: result.sbom.os.family, version: result.sbom.os.version, ...(result.sbom.os.eol ? { eol: result.sbom.os.eol } : {}) } } : {}),
      layers: result.layers.map((l) => ({ index: l.index, diffID: l.diffID, ...(l.createdBy ? { createdBy: l.createdBy } : {}) })),
      packageCount: result.sbom.packages.length,
    },
  };
}
