/**
 * Builds real docker-archive images with a chosen configuration and history (build-image.ts
 * fixes both), scans them with scanImage and runs image rules on the result.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { buildImage, buildTar, dockerArchiveFiles, packFiles, sha256, tempDir, type TarEntrySpec } from '../../../image/build-image.js';
import { scanImage, type ImageScanResult } from '../../../../src/scan/image-scan.js';
import type { ImageConfig, HistoryEntry } from '../../../../src/image/types.js';
import type { ImageRule, ImageRuleContext } from '../../../../src/rules/image/rule.js';
import type { RuleHit } from '../../../../src/rules/rule.js';

export const NOW = new Date('2026-11-29T12:00:00Z');

export interface TestLayer {
  files: TarEntrySpec[];
  createdBy?: string;
}

export interface TestImageSpec {
  layers: TestLayer[];
  config?: NonNullable<ImageConfig['config']>;
  /** Replaces the history derived from the layers (one non-empty step per layer). */
  history?: HistoryEntry[];
  created?: string | null;
  repoTags?: string[];
}

/** A small filesystem with a shell, curl and a healthcheck binary (symlinked like real images). */
export function baseFiles(): TarEntrySpec[] {
  return [
    { name: 'bin/', type: 'directory' },
    { name: 'bin/busybox', content: 'ELF', mode: 0o755 },
    { name: 'bin/sh', type: 'symlink', linkname: 'busybox' },
    { name: 'usr/', type: 'directory' },
    { name: 'usr/bin/', type: 'directory' },
    { name: 'usr/bin/curl', content: 'ELF', mode: 0o755 },
    { name: 'usr/local/', type: 'directory' },
    { name: 'usr/local/bin/', type: 'directory' },
    { name: 'usr/local/bin/app', content: 'ELF', mode: 0o755 },
  ];
}

export async function writeTestImage(spec: TestImageSpec): Promise<string> {
  const tars = await Promise.all(spec.layers.map((l) => buildTar(l.files)));
  const built = buildImage({ layers: tars.map((tar, i) => ({ tar, createdBy: spec.layers[i]!.createdBy })) });
  const configObject: ImageConfig = {
    architecture: 'amd64',
    os: 'linux',
    ...(spec.created === null ? {} : { created: spec.created ?? '2026-11-01T00:00:00Z' }),
    config: spec.config ?? {},
    rootfs: { type: 'layers', diff_ids: built.layers.map((l) => l.diffID) },
    history: spec.history ?? spec.layers.map((l, i) => ({ created: '2026-11-01T00:00:00Z', created_by: l.createdBy ?? `/bin/sh -c #(nop) COPY file:${i} in /` })),
  };
  const config = Buffer.from(JSON.stringify(configObject));
  const image = { ...built, config, configDigest: sha256(config) };
  const archive = await packFiles(dockerArchiveFiles([{ image, repoTags: spec.repoTags ?? ['example.com/app:1.2.3'] }], 'legacy'));
  const file = path.join(tempDir('ls-imgcfg-'), 'image.tar');
  fs.writeFileSync(file, archive);
  return file;
}

export async function scanTestImage(spec: TestImageSpec): Promise<ImageScanResult> {
  const file = await writeTestImage(spec);
  try {
    return await scanImage(file, { cacheDir: false, now: NOW });
  } finally {
    fs.rmSync(path.dirname(file), { recursive: true, force: true });
  }
}

export function contextOf(result: ImageScanResult, options: { now?: Date; maxAgeDays?: number; reference?: string } = {}): ImageRuleContext {
  return {
    reference: options.reference ?? result.metadata.reference,
    metadata: result.metadata,
    layers: result.layers,
    walk: result.walk,
    sbom: result.sbom,
    now: options.now ?? NOW,
    options: { maxAgeDays: options.maxAgeDays ?? 90 },
  };
}

/** Builds, scans and runs one rule. */
export async function hitsOf(rule: ImageRule, spec: TestImageSpec, options: { now?: Date; maxAgeDays?: number; reference?: string } = {}): Promise<RuleHit[]> {
  return rule.check(contextOf(await scanTestImage(spec), options));
}
