/**
 * Manifest formats a registry serves (OCI image spec and Docker schema 2), parsed just enough to
 * walk from a tag to an image: index → platform manifest → config and layers.
 */
import type { Platform } from '../../image/types.js';
import { MediaType } from '../image/manifest.js';
import { parsePlatform as parseImagePlatform, platformMatches, platformMatchesLoosely } from '../image/platform.js';

/** The image sources' media types, under the names the registry client uses. */
export const MEDIA_TYPES = {
  ociIndex: MediaType.ociIndex,
  ociManifest: MediaType.ociManifest,
  dockerList: MediaType.dockerManifestList,
  dockerManifest: MediaType.dockerManifest,
  dockerSchema1: 'application/vnd.docker.distribution.manifest.v1+json',
  dockerSchema1Signed: 'application/vnd.docker.distribution.manifest.v1+prettyjws',
  ociConfig: MediaType.ociConfig,
  dockerConfig: MediaType.dockerConfig,
} as const;

/**
 * Every manifest kind leftshift can read. Asking for all of them matters: distribution answers
 * 404 for an OCI manifest when the Accept header does not list the OCI type.
 */
export const MANIFEST_ACCEPT = [MEDIA_TYPES.ociIndex, MEDIA_TYPES.dockerList, MEDIA_TYPES.ociManifest, MEDIA_TYPES.dockerManifest].join(', ');

export interface Descriptor {
  mediaType: string;
  digest: string;
  size: number;
  platform?: Platform & { 'os.version'?: string };
  annotations?: Record<string, string>;
  urls?: string[];
}

export interface ImageManifest {
  kind: 'manifest';
  mediaType: string;
  config: Descriptor;
  layers: Descriptor[];
  annotations?: Record<string, string>;
}

export interface ImageIndex {
  kind: 'index';
  mediaType: string;
  manifests: Descriptor[];
  annotations?: Record<string, string>;
}

export type Manifest = ImageManifest | ImageIndex;

const INDEX_TYPES = new Set<string>([MEDIA_TYPES.ociIndex, MEDIA_TYPES.dockerList]);
const MANIFEST_TYPES = new Set<string>([MEDIA_TYPES.ociManifest, MEDIA_TYPES.dockerManifest]);

function isDescriptor(v: unknown): v is Descriptor {
  if (typeof v !== 'object' || v === null) return false;
  const d = v as Record<string, unknown>;
  return typeof d.digest === 'string' && typeof d.size === 'number' && (d.mediaType === undefined || typeof d.mediaType === 'string');
}

/**
 * Parses manifest bytes. The media type comes from the body when it names one, else from the
 * response's Content-Type, else from the shape (OCI allows omitting `mediaType`). Returns a
 * reason string instead of throwing so the caller can word the error with registry context.
 */
export function parseManifest(body: Buffer, contentType: string | undefined): Manifest | string {
  let json: unknown;
  try {
    json = JSON.parse(body.toString('utf8'));
  } catch {
    return 'the manifest is not valid JSON';
  }
  if (typeof json !== 'object' || json === null) return 'the manifest is not a JSON object';
  const m = json as Record<string, unknown>;
  const headerType = contentType?.split(';')[0]?.trim().toLowerCase();
  const declared = typeof m.mediaType === 'string' ? m.mediaType : undefined;
  const type = declared ?? (headerType && headerType !== 'application/json' && headerType !== 'application/octet-stream' ? headerType : undefined);
  if (type === MEDIA_TYPES.dockerSchema1 || type === MEDIA_TYPES.dockerSchema1Signed || m.schemaVersion === 1) {
    return 'it is a Docker schema 1 manifest, a format registries no longer serve for current images (push the image again with a current client)';
  }
  if (m.schemaVersion !== 2) return `unsupported manifest schemaVersion ${JSON.stringify(m.schemaVersion)}`;
  const annotations = typeof m.annotations === 'object' && m.annotations !== null ? (m.annotations as Record<string, string>) : undefined;
  const looksIndex = Array.isArray(m.manifests);
  if ((type !== undefined && INDEX_TYPES.has(type)) || (type === undefined && looksIndex)) {
    if (!Array.isArray(m.manifests) || !m.manifests.every(isDescriptor)) return 'the index has no valid "manifests" list';
    return { kind: 'index', mediaType: type ?? MEDIA_TYPES.ociIndex, manifests: m.manifests as Descriptor[], annotations };
  }
  if ((type !== undefined && MANIFEST_TYPES.has(type)) || (type === undefined && m.config !== undefined)) {
    if (!isDescriptor(m.config)) return 'the manifest has no valid "config" descriptor';
    if (!Array.isArray(m.layers) || !m.layers.every(isDescriptor)) return 'the manifest has no valid "layers" list';
    return { kind: 'manifest', mediaType: type ?? MEDIA_TYPES.ociManifest, config: m.config as Descriptor, layers: m.layers as Descriptor[], annotations };
  }
  return `unsupported manifest media type "${type ?? 'unknown'}"`;
}

/**
 * `linux/arm64/v8` → platform, undefined when malformed (callers word their own error). The image
 * sources' parser does the work, so both accept exactly the same spellings.
 */
export function parsePlatform(text: string): Platform | undefined {
  try {
    return parseImagePlatform(text);
  } catch {
    return undefined;
  }
}

export { formatPlatform } from '../image/platform.js';

/**
 * The index entry for `want`, matched the way the image sources match (image/platform.ts:
 * `aarch64` is `arm64`, arm64 without a variant is v8): an exact match first, then, when `want`
 * names no variant, any variant of the architecture. Attestation manifests (`unknown/unknown`,
 * BuildKit's provenance) are never images.
 */
export function selectPlatform(index: ImageIndex, want: Platform): Descriptor | undefined {
  const images = index.manifests.filter((d): d is Descriptor & { platform: Platform } => d.platform !== undefined && d.platform.os !== 'unknown');
  return images.find((d) => platformMatches(want, d.platform)) ?? (want.variant === undefined ? images.find((d) => platformMatchesLoosely(want, d.platform)) : undefined);
}

/** The first real image of an index, when the wanted platform is absent and any will do. */
export function firstImage(index: ImageIndex): Descriptor | undefined {
  return index.manifests.find((d) => d.platform === undefined || d.platform.os !== 'unknown');
}
