/**
 * OCI image layouts (image-spec image-layout.md): `oci-layout`, `index.json`, `blobs/<alg>/<hex>`,
 * as a directory or as a tar of one. The image is chosen from index.json by tag
 * (`org.opencontainers.image.ref.name`, or containerd's `io.containerd.image.name`) and by
 * platform, descending into nested indexes (OCI index or Docker manifest list). Attestation
 * manifests (BuildKit's `unknown/unknown` entries) are never candidates.
 *
 * Every manifest, index and config is verified against its descriptor's digest and size when
 * read; layers are verified by the layer reader as they stream.
 */
import { InputError } from '../../errors.js';
import type { ImageMetadata, ImageSource, LayerDescriptor, Platform } from '../../image/types.js';
import { MAX_METADATA_BYTES, type BlobStore } from './blob-store.js';
import {
  blobPath,
  configPlatform,
  isIndexType,
  isManifestType,
  layersOf,
  parseConfig,
  parseIndex,
  parseJson,
  parseManifest,
  readVerifiedBlob,
  requireLayerBlobs,
  type Descriptor,
  type ImageManifest,
} from './manifest.js';
import { DEFAULT_PLATFORM, formatPlatform, parsePlatform, platformMatches, platformMatchesLoosely } from './platform.js';
import { sameReference } from './reference.js';

export const REF_NAME = 'org.opencontainers.image.ref.name';
export const CONTAINERD_NAME = 'io.containerd.image.name';
const MAX_INDEX_DEPTH = 4;

export interface ManifestCandidate {
  descriptor: Descriptor;
  refName?: string;
  imageName?: string;
}

function isAttestation(d: Descriptor): boolean {
  return d.annotations?.['vnd.docker.reference.type'] === 'attestation-manifest' || (d.platform?.os === 'unknown' && d.platform.architecture === 'unknown');
}

/** Flattens descriptors into image manifest candidates, reading nested indexes. */
async function expand(store: BlobStore, descriptors: readonly Descriptor[], inherited: Omit<ManifestCandidate, 'descriptor'>, depth: number, out: ManifestCandidate[]): Promise<void> {
  for (const d of descriptors) {
    const refName = d.annotations?.[REF_NAME] ?? inherited.refName;
    const imageName = d.annotations?.[CONTAINERD_NAME] ?? inherited.imageName;
    if (isIndexType(d.mediaType)) {
      if (depth >= MAX_INDEX_DEPTH) throw new InputError(`${store.description}: image indexes nested more than ${MAX_INDEX_DEPTH} deep`);
      const bytes = await readVerifiedBlob(store, d, 'image index');
      const nested = parseIndex(parseJson(bytes, `image index ${d.digest}`), `image index ${d.digest}`);
      await expand(store, nested.manifests, { refName, imageName }, depth + 1, out);
    } else if (isManifestType(d.mediaType) && !isAttestation(d)) {
      out.push({ descriptor: d, ...(refName !== undefined ? { refName } : {}), ...(imageName !== undefined ? { imageName } : {}) });
    }
    // Anything else (signatures, SBOM artifacts, unknown types) is not an image to scan.
  }
}

export async function readTopIndex(store: BlobStore): Promise<Descriptor[]> {
  if ((await store.size('index.json')) === undefined) throw new InputError(`${store.description} has no index.json; not an OCI image layout`);
  const bytes = await store.read('index.json', MAX_METADATA_BYTES);
  return parseIndex(parseJson(bytes, `${store.description} index.json`), `${store.description} index.json`).manifests;
}

/** All image manifest candidates of a layout (nested indexes expanded). */
export async function listCandidates(store: BlobStore, top?: readonly Descriptor[]): Promise<ManifestCandidate[]> {
  const out: ManifestCandidate[] = [];
  await expand(store, top ?? (await readTopIndex(store)), {}, 0, out);
  return out;
}

function tagMatches(d: Descriptor, tag: string): boolean {
  const ref = d.annotations?.[REF_NAME];
  const name = d.annotations?.[CONTAINERD_NAME];
  if (ref === tag || name === tag) return true;
  // A full reference given for a layout that records one (`docker.io/library/x:1` vs `x:1`).
  return (name !== undefined && sameReference(name, tag)) || (ref !== undefined && ref.includes(':') && sameReference(ref, tag));
}

function tagsOf(descriptors: readonly Descriptor[]): string[] {
  const tags = descriptors.map((d) => d.annotations?.[REF_NAME] ?? d.annotations?.[CONTAINERD_NAME]).filter((t): t is string => t !== undefined);
  return [...new Set(tags)];
}

function uniqueByDigest(candidates: ManifestCandidate[]): ManifestCandidate[] {
  const seen = new Map<string, ManifestCandidate>();
  for (const c of candidates) if (!seen.has(c.descriptor.digest)) seen.set(c.descriptor.digest, c);
  return [...seen.values()];
}

function describeCandidates(candidates: readonly ManifestCandidate[]): string {
  return candidates
    .map((c) => [c.refName ?? c.imageName, c.descriptor.platform ? formatPlatform(c.descriptor.platform) : undefined, c.descriptor.digest].filter(Boolean).join(' '))
    .join('; ');
}

/** Picks the manifest to scan: by tag when given, then by platform (see the file comment). */
export async function selectManifest(store: BlobStore, tag: string | undefined, platform: string | undefined): Promise<ManifestCandidate> {
  let top = await readTopIndex(store);
  if (tag !== undefined) {
    const tagged = top.filter((d) => tagMatches(d, tag));
    if (tagged.length === 0) {
      const tags = tagsOf(top);
      throw new InputError(
        `${store.description} has no image tagged '${tag}'`,
        tags.length > 0 ? `available tags: ${tags.join(', ')}` : 'the layout records no tags; omit the tag',
      );
    }
    top = tagged;
  }
  const candidates = await listCandidates(store, top);
  if (candidates.length === 0) throw new InputError(`${store.description} contains no container image manifest`);
  const wanted: Platform = platform !== undefined ? parsePlatform(platform) : DEFAULT_PLATFORM;
  const unique = uniqueByDigest(candidates);
  if (unique.length === 1) {
    const only = unique[0]!;
    // A single image is scanned whatever its platform, unless a platform was asked for explicitly.
    if (platform !== undefined && only.descriptor.platform && !platformMatchesLoosely(wanted, only.descriptor.platform)) {
      throw new InputError(`${store.description} has no image for platform ${platform}`, `available: ${formatPlatform(only.descriptor.platform)}`);
    }
    return only;
  }
  let matches = unique.filter((c) => c.descriptor.platform && platformMatches(wanted, c.descriptor.platform));
  if (matches.length === 0 && wanted.variant === undefined) {
    matches = unique.filter((c) => c.descriptor.platform && platformMatchesLoosely(wanted, c.descriptor.platform));
  }
  if (matches.length === 1) return matches[0]!;
  if (matches.length > 1) {
    throw new InputError(
      `${store.description} has several images for platform ${formatPlatform(wanted)}: ${describeCandidates(matches)}`,
      'select one by tag (oci:DIR:TAG / oci-archive:FILE:TAG)',
    );
  }
  const platforms = [...new Set(unique.filter((c) => c.descriptor.platform).map((c) => formatPlatform(c.descriptor.platform!)))];
  if (platforms.length === 0) {
    throw new InputError(`${store.description} has several images: ${describeCandidates(unique)}`, 'select one by tag (oci:DIR:TAG / oci-archive:FILE:TAG)');
  }
  throw new InputError(`${store.description} has no image for platform ${formatPlatform(wanted)}`, `available platforms: ${platforms.join(', ')}; use --platform`);
}

export async function readManifest(store: BlobStore, descriptor: Descriptor): Promise<{ manifest: ImageManifest; bytes: Buffer }> {
  const bytes = await readVerifiedBlob(store, descriptor, 'image manifest');
  return { manifest: parseManifest(parseJson(bytes, `image manifest ${descriptor.digest}`), descriptor.mediaType, `image manifest ${descriptor.digest}`), bytes };
}

/** Finds the manifest (among all of index.json) whose config is `configDigest`; for Docker ≥ 25 archives. */
export async function findManifestForConfig(store: BlobStore, configDigest: string): Promise<{ descriptor: Descriptor; manifest: ImageManifest } | undefined> {
  for (const candidate of await listCandidates(store)) {
    const { manifest } = await readManifest(store, candidate.descriptor);
    if (manifest.config.digest === configDigest) return { descriptor: candidate.descriptor, manifest };
  }
  return undefined;
}

export interface OpenOciArgs {
  reference: string;
  kind: 'oci-layout' | 'oci-archive';
  tag?: string;
  platform?: string;
}

/** Opens the selected image of an OCI layout held by `store`; the source owns (closes) the store. */
export async function openOciImage(store: BlobStore, args: OpenOciArgs): Promise<ImageSource> {
  const candidate = await selectManifest(store, args.tag, args.platform);
  const { manifest } = await readManifest(store, candidate.descriptor);
  const configBytes = await readVerifiedBlob(store, manifest.config, 'image config');
  const config = parseConfig(configBytes, manifest.layers.length, `image config ${manifest.config.digest}`);
  const platform = configPlatform(config) ?? candidate.descriptor.platform;
  if (args.platform !== undefined && platform && !platformMatchesLoosely(parsePlatform(args.platform), platform)) {
    throw new InputError(`the image in ${store.description} is ${formatPlatform(platform)}, not ${args.platform}`);
  }
  await requireLayerBlobs(store, manifest);
  const layers = layersOf(manifest, config);
  const tag = candidate.imageName ?? candidate.refName;
  const metadata: ImageMetadata = {
    reference: args.reference,
    sourceKind: args.kind,
    configDigest: manifest.config.digest,
    manifestDigest: candidate.descriptor.digest,
    repoTags: tag !== undefined ? [tag] : [],
    repoDigests: [],
    ...(platform ? { platform } : {}),
    config,
    manifestMediaType: manifest.mediaType,
  };
  return blobStoreSource(store, metadata, layers, (layer) => blobPath(layer.digest!, `layer ${layer.index}`));
}

/** An ImageSource over a BlobStore; `nameOf` maps a layer to its file in the store. */
export function blobStoreSource(
  store: BlobStore,
  metadata: ImageMetadata,
  layers: readonly LayerDescriptor[],
  nameOf: (layer: LayerDescriptor) => string,
): ImageSource {
  return {
    metadata,
    layers,
    async openLayer(layer: LayerDescriptor): Promise<NodeJS.ReadableStream> {
      if (layers[layer.index] !== layer && layers[layer.index]?.diffID !== layer.diffID) {
        throw new InputError(`layer ${layer.index} does not belong to ${metadata.reference}`);
      }
      return store.open(nameOf(layer));
    },
    close: () => store.close(),
  };
}
