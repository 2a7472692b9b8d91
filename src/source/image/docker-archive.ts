/**
 * `docker save` archives. `manifest.json` lists the images: `[{Config, RepoTags, Layers,
 * LayerSources?}]` with paths inside the archive. Layouts seen in practice:
 * - Docker ≤ 24: `<id>/layer.tar` (duplicates as symlinks to another `<id>/layer.tar`),
 *   `<config hex>.json`, `repositories`;
 * - skopeo/podman: `<diffid hex>.tar` plus `<id>/layer.tar` symlinks to them;
 * - Docker ≥ 25: an OCI layout (`oci-layout`, `index.json`, `blobs/sha256/…`) with manifest.json
 *   and `repositories` added, Config and Layers pointing into `blobs/`. manifest.json is still
 *   preferred (it carries RepoTags); the OCI manifest whose config matches supplies the manifest
 *   digest and the layer media types (containerd-store exports keep layers compressed).
 * Archives without manifest.json (Docker < 1.10) are not supported.
 */
import { InputError } from '../../errors.js';
import { requireDigest, sha256Digest, verifyBlob } from '../../image/digest.js';
import type { ImageConfig, ImageMetadata, ImageSource, LayerDescriptor } from '../../image/types.js';
import { MAX_METADATA_BYTES, type BlobStore } from './blob-store.js';
import { configPlatform, layerCompression, layerHistory, MediaType, parseConfig, parseJson, type ImageManifest } from './manifest.js';
import { blobStoreSource, findManifestForConfig } from './oci.js';
import { formatPlatform, parsePlatform, platformMatchesLoosely } from './platform.js';
import { sameReference } from './reference.js';

interface ArchiveImage {
  Config: string;
  RepoTags: string[];
  Layers: string[];
  LayerSources?: Record<string, unknown>;
}

function parseArchiveManifest(bytes: Buffer, description: string): ArchiveImage[] {
  const value = parseJson(bytes, `${description} manifest.json`);
  if (!Array.isArray(value) || value.length === 0) throw new InputError(`${description} manifest.json lists no images`);
  return value.map((item: unknown, i) => {
    const what = `${description} manifest.json entry ${i}`;
    if (typeof item !== 'object' || item === null) throw new InputError(`${what} is not an object`);
    const { Config, RepoTags, Layers, LayerSources } = item as Record<string, unknown>;
    if (typeof Config !== 'string') throw new InputError(`${what} has no Config`);
    if (!Array.isArray(Layers) || !Layers.every((l) => typeof l === 'string')) throw new InputError(`${what} has no Layers list`);
    const tags = Array.isArray(RepoTags) ? RepoTags.filter((t): t is string => typeof t === 'string') : [];
    const image: ArchiveImage = { Config, RepoTags: tags, Layers: Layers as string[] };
    if (typeof LayerSources === 'object' && LayerSources !== null) image.LayerSources = LayerSources as Record<string, unknown>;
    return image;
  });
}

/** The digest a path names: `blobs/<alg>/<hex>`, or a legacy `<sha256 hex>.json` / `<sha256 hex>.tar`. */
function digestFromPath(name: string, legacySuffix: '.json' | '.tar' | undefined): string | undefined {
  const blob = /^blobs\/(sha256|sha512)\/([0-9a-f]+)$/.exec(name);
  if (blob) return `${blob[1]}:${blob[2]}`;
  if (legacySuffix) {
    const legacy = new RegExp(`^([0-9a-f]{64})\\${legacySuffix}$`).exec(name);
    if (legacy) return `sha256:${legacy[1]}`;
  }
  return undefined;
}

async function readConfig(store: BlobStore, image: ArchiveImage): Promise<{ config: ImageConfig; digest: string }> {
  if ((await store.size(image.Config)) === undefined) throw new InputError(`${store.description}: config ${image.Config} is missing`);
  const bytes = await store.read(image.Config, MAX_METADATA_BYTES);
  const expected = digestFromPath(image.Config, '.json');
  if (expected) {
    requireDigest(expected, `config ${image.Config}`);
    verifyBlob(bytes, expected, `image config ${image.Config}`);
  }
  const config = parseConfig(bytes, image.Layers.length, `image config ${image.Config}`);
  return { config, digest: expected ?? sha256Digest(bytes) };
}

function describeImages(images: readonly ArchiveImage[]): string {
  return images.map((img, i) => `@${i}${img.RepoTags.length ? ` (${img.RepoTags.join(', ')})` : ''}`).join('; ');
}

async function selectImage(store: BlobStore, images: ArchiveImage[], selector: string | undefined, platform: string | undefined): Promise<ArchiveImage> {
  if (selector !== undefined) {
    const byIndex = /^@(\d+)$/.exec(selector);
    if (byIndex) {
      const image = images[Number(byIndex[1])];
      if (!image) throw new InputError(`${store.description} has no image ${selector}`, `images: ${describeImages(images)}`);
      return image;
    }
    const matches = images.filter((img) => img.RepoTags.some((t) => sameReference(t, selector)));
    if (matches.length === 0) throw new InputError(`${store.description} has no image tagged '${selector}'`, `images: ${describeImages(images)}`);
    return matches[0]!;
  }
  if (images.length === 1) return images[0]!;
  if (platform !== undefined) {
    const wanted = parsePlatform(platform);
    const matching: ArchiveImage[] = [];
    for (const image of images) {
      const p = configPlatform((await readConfig(store, image)).config);
      if (p && platformMatchesLoosely(wanted, p)) matching.push(image);
    }
    if (matching.length === 1) return matching[0]!;
  }
  throw new InputError(`${store.description} holds ${images.length} images: ${describeImages(images)}`, 'select one with docker-archive:FILE:TAG or docker-archive:FILE:@N');
}

export interface OpenDockerArchiveArgs {
  reference: string;
  /** A RepoTag, or `@N` for the N-th image of manifest.json. */
  selector?: string;
  platform?: string;
}

/** Opens an image of a docker-archive held by `store`; the source owns (closes) the store. */
export async function openDockerArchive(store: BlobStore, args: OpenDockerArchiveArgs): Promise<ImageSource> {
  if ((await store.size('manifest.json')) === undefined) {
    throw new InputError(`${store.description} has no manifest.json; not a docker save archive`, 'archives from Docker < 1.10 are not supported');
  }
  const images = parseArchiveManifest(await store.read('manifest.json', MAX_METADATA_BYTES), store.description);
  const image = await selectImage(store, images, args.selector, args.platform);
  const { config, digest: configDigest } = await readConfig(store, image);
  const platform = configPlatform(config);
  if (args.platform !== undefined && platform && !platformMatchesLoosely(parsePlatform(args.platform), platform)) {
    throw new InputError(`the image in ${store.description} is ${formatPlatform(platform)}, not ${args.platform}`);
  }

  // Docker ≥ 25: the OCI side of the archive knows the manifest and the layer media types.
  let oci: { digest: string; manifest: ImageManifest } | undefined;
  if ((await store.size('index.json')) !== undefined) {
    const found = await findManifestForConfig(store, configDigest);
    if (found && found.manifest.layers.length === image.Layers.length) oci = { digest: found.descriptor.digest, manifest: found.manifest };
  }

  const history = layerHistory(config, image.Layers.length);
  const diffIDs = config.rootfs!.diff_ids;
  const layers: LayerDescriptor[] = [];
  for (const [index, name] of image.Layers.entries()) {
    const diffID = diffIDs[index]!;
    const size = await store.size(name);
    if (size === undefined) {
      if (image.LayerSources?.[diffID] !== undefined) {
        throw new InputError(`layer ${index} (${diffID}) is a foreign (non-distributable) layer that is not in the ${store.description}`, 'leftshift does not download layers from their urls');
      }
      throw new InputError(`layer ${index} (${name}) is missing from the ${store.description}`);
    }
    const ociLayer = oci?.manifest.layers[index];
    const mediaType = ociLayer?.mediaType ?? MediaType.dockerLayerTar;
    const digest = digestFromPath(name, undefined) ?? ociLayer?.digest;
    const step = history[index];
    layers.push({
      index,
      ...(digest !== undefined ? { digest } : {}),
      diffID,
      mediaType,
      size,
      compression: layerCompression(mediaType, `layer ${index} (${name})`),
      ...(step?.createdBy !== undefined ? { createdBy: step.createdBy } : {}),
      ...(step ? { historyIndex: step.historyIndex } : {}),
    });
  }

  const metadata: ImageMetadata = {
    reference: args.reference,
    sourceKind: 'docker-archive',
    configDigest,
    ...(oci ? { manifestDigest: oci.digest, manifestMediaType: oci.manifest.mediaType } : {}),
    repoTags: image.RepoTags,
    repoDigests: [],
    ...(platform ? { platform } : {}),
    config,
  };
  return blobStoreSource(store, metadata, layers, (layer) => image.Layers[layer.index]!);
}
