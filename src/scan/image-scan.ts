import { openImageSource } from '../source/image/index.js';
import { walkImage, type ImageWalkResult } from '../image/walk.js';
import { LayerCache } from '../image/cache.js';
import type { LayerLimits } from '../image/layer-reader.js';
import { sbomAnalyzers } from '../analyze/index.js';
import { assembleSbom, type AssembledSbom } from '../sbom/assemble.js';
import type { Analyzer } from '../analyze/analyzer.js';
import type { ImageMetadata, LayerDescriptor } from '../image/types.js';
import type { LayerRef } from '../image/fs-types.js';
import type { Finding, PackageSummary, Target } from '../findings/types.js';
import { imageRuleAnalyzers, imageRules } from '../rules/image/index.js';
import type { ImageRuleContext } from '../rules/image/rule.js';
import { toFinding } from './to-finding.js';
import { safeStep } from '../rules/image/fs/shared.js';
import type { Package } from '../sbom/package.js';
import type { Progress } from '../cli/progress.js';
import type { RegistryClientOptions } from '../source/registry/client.js';

export interface ImageScanOptions {
  platform?: string;
  /** `--image-src`: docker-archive, oci-layout, oci-archive, rootfs, docker-engine, podman. */
  sourceKind?: ImageMetadata['sourceKind'];
  /** Layer cache directory; `false` disables the cache (`--no-cache`). */
  cacheDir?: string | false;
  /** How to reach registries (`--creds`, `--registry-ca`, `--insecure-registry`). */
  registry?: RegistryClientOptions;
  progress?: Progress;
  now?: Date;
  /** Extra analyzers (image secret/config checks add theirs). */
  extraAnalyzers?: Analyzer[];
  /** Decompression-bomb limits other than the defaults (`--max-layer-size`, `--max-compression-ratio`). */
  limits?: Partial<LayerLimits>;
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
  const source = await openImageSource(reference, {
    platform: options.platform,
    sourceKind: options.sourceKind,
    ...(tempDir ? { tempDir } : {}),
    ...(options.registry ? { registry: options.registry } : {}),
  });
  try {
    const mib = (n: number) => (n / 1048576).toFixed(1);
    const walk = await walkImage(source, {
      analyzers: [...sbomAnalyzers(), ...imageRuleAnalyzers(), ...(options.extraAnalyzers ?? [])],
      cache,
      ...(options.limits ? { limits: options.limits } : {}),
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

/** Runs the image rules (configuration, history, filesystem); a failing rule becomes a warning. */
export function imageFindings(result: ImageScanResult, options: { now?: Date; maxAgeDays?: number } = {}): { findings: Finding[]; warnings: string[] } {
  const findings: Finding[] = [];
  const warnings: string[] = [];
  const ctx: ImageRuleContext = {
    reference: result.metadata.reference,
    metadata: result.metadata,
    layers: result.layers,
    walk: result.walk,
    sbom: result.sbom,
    now: options.now ?? new Date(),
    options: { maxAgeDays: options.maxAgeDays ?? 90 },
  };
  for (const rule of imageRules) {
    try {
      for (const hit of rule.check(ctx)) findings.push(toFinding(rule.meta, hit, result.metadata.reference));
    } catch (e) {
      warnings.push(`rule ${rule.meta.id} failed on ${result.metadata.reference}: ${(e as Error).message}`);
    }
  }
  return { findings, warnings };
}

/** The report target of an image scan: packages and the image rules' findings. */
export function imageTarget(result: ImageScanResult, options: { now?: Date; maxAgeDays?: number } = {}): Target {
  const m = result.metadata;
  const checked = imageFindings(result, options);
  result.warnings.push(...checked.warnings);
  return {
    kind: 'image',
    name: m.reference,
    findings: checked.findings,
    packages: result.sbom.packages.map(packageSummary),
    metadata: {
      sourceKind: m.sourceKind,
      ...(m.configDigest ? { imageID: m.configDigest } : {}),
      ...(m.manifestDigest ? { manifestDigest: m.manifestDigest } : {}),
      repoTags: m.repoTags,
      ...(m.platform ? { platform: [m.platform.os, m.platform.architecture, m.platform.variant].filter(Boolean).join('/') } : {}),
      ...(result.sbom.os ? { os: { family: result.sbom.os.family, version: result.sbom.os.version, ...(result.sbom.os.eol ? { eol: result.sbom.os.eol } : {}) } } : {}),
      // History steps record build-arg values (`|1 TOKEN=… /bin/sh -c …`): mask them before reporting.
      layers: result.layers.map((l) => ({ index: l.index, diffID: l.diffID, ...(l.createdBy ? { createdBy: safeStep(l.createdBy) } : {}) })),
      packageCount: result.sbom.packages.length,
    },
  };
}
