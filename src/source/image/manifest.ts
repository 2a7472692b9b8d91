/**
 * Manifests, indexes and configs: media types (OCI image-spec media-types.md, Docker image
 * manifest v2 schema 2), digest-verified reading, and the layer list an image's manifest and
 * config describe together.
 */
import { InputError } from '../../errors.js';
import { requireDigest, verifyBlob } from '../../image/digest.js';
import type { Compression, ImageConfig, LayerDescriptor, Platform } from '../../image/types.js';
import { MAX_METADATA_BYTES, type BlobStore } from './blob-store.js';

export const MediaType = {
  ociIndex: 'application/vnd.oci.image.index.v1+json',
  ociManifest: 'application/vnd.oci.image.manifest.v1+json',
  ociConfig: 'application/vnd.oci.image.config.v1+json',
  dockerManifestList: 'application/vnd.docker.distribution.manifest.list.v2+json',
  dockerManifest: 'application/vnd.docker.distribution.manifest.v2+json',
  dockerConfig: 'application/vnd.docker.container.image.v1+json',
  /** The media type recorded for layers of a legacy `docker save` archive (uncompressed tars). */
  dockerLayerTar: 'application/vnd.docker.image.rootfs.diff.tar',
} as const;

const INDEX_TYPES = new Set<string>([MediaType.ociIndex, MediaType.dockerManifestList]);
const MANIFEST_TYPES = new Set<string>([MediaType.ociManifest, MediaType.dockerManifest]);
const CONFIG_TYPES = new Set<string>([MediaType.ociConfig, MediaType.dockerConfig]);
const SCHEMA1_TYPES = new Set<string>([
  'application/vnd.docker.distribution.manifest.v1+json',
  'application/vnd.docker.distribution.manifest.v1+prettyjws',
]);

export function isIndexType(mediaType: string | undefined): boolean {
  return mediaType !== undefined && INDEX_TYPES.has(mediaType);
}

export function isManifestType(mediaType: string | undefined): boolean {
  return mediaType !== undefined && MANIFEST_TYPES.has(mediaType);
}

const LAYER_TYPES: Readonly<Record<string, Compression>> = {
  'application/vnd.oci.image.layer.v1.tar': 'none',
  'application/vnd.oci.image.layer.v1.tar+gzip': 'gzip',
  'application/vnd.oci.image.layer.v1.tar+zstd': 'zstd',
  'application/vnd.oci.image.layer.nondistributable.v1.tar': 'none',
  'application/vnd.oci.image.layer.nondistributable.v1.tar+gzip': 'gzip',
  'application/vnd.oci.image.layer.nondistributable.v1.tar+zstd': 'zstd',
  'application/vnd.docker.image.rootfs.diff.tar': 'none',
  'application/vnd.docker.image.rootfs.diff.tar.gzip': 'gzip',
  'application/vnd.docker.image.rootfs.foreign.diff.tar.gzip': 'gzip',
  'application/vnd.docker.image.rootfs.diff.tar.zstd': 'zstd',
};

/** Compression a layer media type declares; InputError for a type that is not a readable layer. */
export function layerCompression(mediaType: string, what: string): Compression {
  const compression = LAYER_TYPES[mediaType];
  if (compression !== undefined) return compression;
  if (mediaType.includes('encrypted')) throw new InputError(`${what} is encrypted (${mediaType}); encrypted layers are not supported`);
  throw new InputError(`${what} has media type ${mediaType}, which is not a container image layer`);
}

export function isNonDistributable(mediaType: string): boolean {
  return mediaType.includes('.nondistributable.') || mediaType.includes('.foreign.');
}

export interface Descriptor {
  mediaType: string;
  digest: string;
  size: number;
  platform?: Platform;
  annotations?: Record<string, string>;
  urls?: string[];
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Validates a descriptor object (mediaType, digest, size; platform and annotations when present). */
export function parseDescriptor(value: unknown, what: string): Descriptor {
  if (!isObject(value)) throw new InputError(`${what} is not a descriptor object`);
  const { mediaType, digest, size, platform, annotations, urls } = value;
  if (typeof mediaType !== 'string') throw new InputError(`${what} has no mediaType`);
  requireDigest(digest, what);
  if (typeof size !== 'number' || !Number.isSafeInteger(size) || size < 0) throw new InputError(`${what} has an invalid size`);
  const descriptor: Descriptor = { mediaType, digest: digest as string, size };
  if (isObject(platform) && typeof platform.os === 'string' && typeof platform.architecture === 'string') {
    descriptor.platform = {
      os: platform.os,
      architecture: platform.architecture,
      ...(typeof platform.variant === 'string' && platform.variant ? { variant: platform.variant } : {}),
    };
  }
  if (isObject(annotations)) {
    descriptor.annotations = Object.fromEntries(Object.entries(annotations).filter((e): e is [string, string] => typeof e[1] === 'string'));
  }
  if (Array.isArray(urls)) descriptor.urls = urls.filter((u): u is string => typeof u === 'string');
  return descriptor;
}

export function blobPath(digest: string, what: string): string {
  const parsed = requireDigest(digest, what);
  return `blobs/${parsed.algorithm}/${parsed.hex}`;
}

export function parseJson(bytes: Buffer, what: string): unknown {
  try {
    return JSON.parse(bytes.toString('utf8'));
  } catch (err) {
    throw new InputError(`${what} is not valid JSON: ${(err as Error).message}`);
  }
}

/** Reads a blob named by a descriptor and verifies its digest and size. */
export async function readVerifiedBlob(store: BlobStore, descriptor: Pick<Descriptor, 'digest' | 'size'>, what: string): Promise<Buffer> {
  const name = blobPath(descriptor.digest, what);
  if ((await store.size(name)) === undefined) throw new InputError(`${what} ${descriptor.digest} is missing from the ${store.description}`);
  const bytes = await store.read(name, MAX_METADATA_BYTES);
  verifyBlob(bytes, descriptor.digest, `${what} ${descriptor.digest}`, descriptor.size);
  return bytes;
}

export interface ImageIndex {
  manifests: Descriptor[];
}

export function parseIndex(value: unknown, what: string): ImageIndex {
  if (!isObject(value) || !Array.isArray(value.manifests)) throw new InputError(`${what} is not an image index (no manifests list)`);
  return { manifests: value.manifests.map((m, i) => parseDescriptor(m, `${what} manifests[${i}]`)) };
}

export interface ImageManifest {
  mediaType: string;
  config: Descriptor;
  layers: Descriptor[];
}

/** Parses an image manifest; `descriptorType` is the media type its descriptor claimed. */
export function parseManifest(value: unknown, descriptorType: string, what: string): ImageManifest {
  if (!isObject(value)) throw new InputError(`${what} is not a JSON object`);
  const declared = typeof value.mediaType === 'string' ? value.mediaType : descriptorType;
  if (SCHEMA1_TYPES.has(declared) || value.schemaVersion === 1) {
    throw new InputError(`${what} is a Docker schema 1 manifest, which is not supported`, 'convert the image, e.g. with skopeo copy --format v2s2');
  }
  if (!isManifestType(declared)) throw new InputError(`${what} has media type ${declared}, not an image manifest`);
  if (!Array.isArray(value.layers)) throw new InputError(`${what} has no layers list`);
  const config = parseDescriptor(value.config, `${what} config`);
  if (!CONFIG_TYPES.has(config.mediaType)) {
    throw new InputError(`${what} describes an artifact, not a container image (config media type ${config.mediaType})`);
  }
  return { mediaType: declared, config, layers: value.layers.map((l, i) => parseDescriptor(l, `${what} layer ${i}`)) };
}

/** Parses an image config and checks `rootfs.diff_ids` against the number of layers. */
export function parseConfig(bytes: Buffer, layerCount: number, what: string): ImageConfig {
  const value = parseJson(bytes, what);
  if (!isObject(value)) throw new InputError(`${what} is not a JSON object`);
  const rootfs = value.rootfs;
  if (!isObject(rootfs) || !Array.isArray(rootfs.diff_ids)) throw new InputError(`${what} has no rootfs.diff_ids`);
  rootfs.diff_ids.forEach((d, i) => requireDigest(d, `${what} rootfs.diff_ids[${i}]`));
  if (rootfs.diff_ids.length !== layerCount) {
    throw new InputError(`${what} lists ${rootfs.diff_ids.length} diff_ids but the image has ${layerCount} layers`);
  }
  // The rest is read leniently: fields leftshift does not use may hold anything.
  return value as ImageConfig;
}

/** `created_by` of the history steps that produced layers (empty_layer steps skipped), when they line up. */
export function layerHistory(config: ImageConfig, layerCount: number): Array<{ createdBy?: string; historyIndex: number } | undefined> {
  const steps: Array<{ createdBy?: string; historyIndex: number }> = [];
  (config.history ?? []).forEach((h, historyIndex) => {
    if (h && !h.empty_layer) steps.push({ ...(typeof h.created_by === 'string' ? { createdBy: h.created_by } : {}), historyIndex });
  });
  if (steps.length !== layerCount) return new Array<undefined>(layerCount).fill(undefined);
  return steps;
}

/** The layer descriptors of an image from its manifest layers and config diff_ids. */
export function layersOf(manifest: ImageManifest, config: ImageConfig): LayerDescriptor[] {
  const history = layerHistory(config, manifest.layers.length);
  const diffIDs = config.rootfs!.diff_ids;
  return manifest.layers.map((descriptor, index) => {
    const step = history[index];
    return {
      index,
      digest: descriptor.digest,
      diffID: diffIDs[index]!,
      mediaType: descriptor.mediaType,
      size: descriptor.size,
      compression: layerCompression(descriptor.mediaType, `layer ${index} (${descriptor.digest})`),
      ...(step?.createdBy !== undefined ? { createdBy: step.createdBy } : {}),
      ...(step ? { historyIndex: step.historyIndex } : {}),
    };
  });
}

export function configPlatform(config: ImageConfig): Platform | undefined {
  if (!config.os || !config.architecture) return undefined;
  return { os: config.os, architecture: config.architecture, ...(config.variant ? { variant: config.variant } : {}) };
}

/** Checks every layer blob is present, so a missing one fails at open, not midway through a scan. */
export async function requireLayerBlobs(store: BlobStore, manifest: ImageManifest): Promise<void> {
  for (const [i, layer] of manifest.layers.entries()) {
    const size = await store.size(blobPath(layer.digest, `layer ${i}`));
    if (size !== undefined) continue;
    if (isNonDistributable(layer.mediaType)) {
      throw new InputError(
        `layer ${i} (${layer.digest}) is a non-distributable layer that is not in the ${store.description}`,
        `leftshift does not download layers from their urls${layer.urls?.length ? ` (${layer.urls.join(', ')})` : ''}`,
      );
    }
    throw new InputError(`layer ${i} (${layer.digest}) is missing from the ${store.description}`);
  }
}
