/**
 * Images straight from a registry (`docker://registry/name:tag@digest`, `--image-src registry`,
 * or a bare name no local engine has). The registry client (source/registry/) walks tag → index
 * → platform manifest → config and verifies every byte it fetches; this module turns the result
 * into an ImageSource with the same validation and layer mapping the OCI and docker-archive
 * sources use (manifest.ts), so the walk cannot tell where the bytes came from.
 *
 * Nothing is written to disk: layers stream from the registry into the layer reader, which
 * decompresses them and checks both the blob digest and the diffID (the client's own streaming
 * check on the blob digest is a second, earlier guard that names the registry and blob).
 *
 * Non-distributable ("foreign") layers: the manifest may point at URLs outside the registry
 * (Windows base layers). leftshift does not fetch them — a manifest is untrusted input and those
 * URLs could name any host — so when the registry does not hold such a blob itself, opening the
 * image fails with a message that lists the URLs. Registries that were allowed to store them
 * (`--allow-nondistributable-artifacts`) serve them like any other layer.
 */
import { InputError } from '../../errors.js';
import type { ImageMetadata, ImageSource, LayerDescriptor, Platform } from '../../image/types.js';
import { RegistryClient, type RegistryClientOptions, type RepositoryRef } from '../registry/client.js';
import { formatReference, parseReference, repositoryName, type RegistryReference } from '../registry/reference.js';
import { configPlatform, isNonDistributable, layersOf, parseConfig, parseJson, parseManifest } from './manifest.js';
import { formatPlatform, parsePlatform, platformMatchesLoosely } from './platform.js';

export interface OpenRegistryImageOptions {
  /** The reference as the user wrote it (`docker://…`), recorded in the metadata; default `name`. */
  reference?: string;
  /** `os/arch[/variant]` to pick from an index; default linux/amd64. */
  platform?: string;
  /** How to reach registries: credentials, CA, plain-HTTP hosts, timeout (the CLI's registry flags). */
  registry?: RegistryClientOptions;
  /** A client to use instead of one made from `registry`; the caller keeps ownership. */
  client?: RegistryClient;
}

/**
 * `user:password@host/…` is how URLs carry credentials, not image references. Refused without
 * echoing the text, which would put the password into the error message and CI logs.
 */
function rejectEmbeddedCredentials(name: string): void {
  const firstSlash = name.indexOf('/');
  const head = firstSlash >= 0 ? name.slice(0, firstSlash) : name;
  if (head.includes('@') && head.indexOf(':') < head.indexOf('@')) {
    throw new InputError(
      'the image reference seems to carry credentials (user:password@registry/…); it is not repeated here',
      'pass credentials with --creds REGISTRY=USER:PASSWORD, LEFTSHIFT_REGISTRY_USER/LEFTSHIFT_REGISTRY_PASSWORD, or docker login',
    );
  }
}

/** Parses a registry reference; `//` (from `docker://`) is stripped, as skopeo does. */
export function parseRegistryImageName(name: string): RegistryReference {
  const bare = name.startsWith('//') ? name.slice(2) : name;
  rejectEmbeddedCredentials(bare);
  return parseReference(bare);
}

/** The metadata docker records for a pulled image: `RepoTags` name:tag, `RepoDigests` name@digest of what was pulled. */
function pulledNames(ref: RegistryReference, topDigest: string): { repoTags: string[]; repoDigests: string[] } {
  const bare: RegistryReference = { registry: ref.registry, apiHost: ref.apiHost, repository: ref.repository };
  // `docker pull name` means `name:latest`; a digest-only pull records no tag.
  const tag = ref.tag ?? (ref.digest === undefined ? 'latest' : undefined);
  return {
    repoTags: tag !== undefined ? [formatReference({ ...bare, tag })] : [],
    repoDigests: [formatReference({ ...bare, digest: topDigest })],
  };
}

/** Fails before the scan starts when a foreign layer is neither in the registry nor fetchable. */
async function requireForeignLayers(client: RegistryClient, ref: RepositoryRef, layers: readonly LayerDescriptor[], urls: ReadonlyArray<string[] | undefined>): Promise<void> {
  for (const layer of layers) {
    if (!isNonDistributable(layer.mediaType) || (await client.hasBlob(ref, layer.digest!))) continue;
    const where = urls[layer.index]?.length ? ` (${urls[layer.index]!.join(', ')})` : '';
    throw new InputError(
      `layer ${layer.index} (${layer.digest}) of ${repositoryName(ref)} is a non-distributable layer the registry does not hold`,
      `leftshift does not download layers from the URLs a manifest names${where}; scan the image from a local engine or an archive that includes the layer`,
    );
  }
}

/** Opens an image in a registry; the caller must close() it (which closes an owned client). */
export async function openRegistryImage(name: string, options: OpenRegistryImageOptions = {}): Promise<ImageSource> {
  const ref = parseRegistryImageName(name);
  // Blobs belong to the repository, not the tag: messages then read `repo@sha256:…`.
  const repository: RepositoryRef = { registry: ref.registry, apiHost: ref.apiHost, repository: ref.repository };
  const reference = options.reference ?? name;
  const client = options.client ?? new RegistryClient(options.registry);
  const owned = options.client === undefined;
  try {
    const wanted: Platform | undefined = options.platform !== undefined ? parsePlatform(options.platform) : undefined;
    const resolved = await client.resolveImage(ref, wanted ? { platform: wanted } : {});
    const what = `image manifest ${resolved.manifestDigest} of ${formatReference(ref, { full: true })}`;
    // The client parsed the manifest leniently (enough to follow it); an image to scan gets the
    // same strict checks as one from a layout: descriptor digests, config media type, diff_ids.
    const manifest = parseManifest(parseJson(resolved.manifestBytes, what), resolved.manifest.mediaType, what);
    const config = parseConfig(resolved.configBytes, manifest.layers.length, `image config ${manifest.config.digest}`);
    const platform = configPlatform(config) ?? resolved.platform;
    if (wanted && platform && !platformMatchesLoosely(wanted, platform)) {
      throw new InputError(`${formatReference(ref, { full: true })} is an image for ${formatPlatform(platform)}, not ${options.platform}`, 'it is not a multi-platform image; drop --platform');
    }
    const layers = layersOf(manifest, config);
    await requireForeignLayers(client, repository, layers, manifest.layers.map((l) => l.urls));
    const metadata: ImageMetadata = {
      reference,
      sourceKind: 'registry',
      configDigest: manifest.config.digest,
      manifestDigest: resolved.manifestDigest,
      ...pulledNames(ref, resolved.indexDigest ?? resolved.manifestDigest),
      ...(platform ? { platform: cleanPlatform(platform) } : {}),
      config,
      manifestMediaType: manifest.mediaType,
    };
    return {
      metadata,
      layers,
      async openLayer(layer: LayerDescriptor): Promise<NodeJS.ReadableStream> {
        const own = layers[layer.index];
        if (!own || own.digest !== layer.digest) throw new InputError(`layer ${layer.index} does not belong to ${reference}`);
        return client.openBlob(repository, own.digest!, own.size !== undefined ? { expectedSize: own.size } : {});
      },
      async close(): Promise<void> {
        if (owned) client.close();
      },
    };
  } catch (err) {
    if (owned) client.close();
    throw err;
  }
}

/** Drops an absent variant key, so metadata compares equal to other sources'. */
function cleanPlatform(p: Platform): Platform {
  return p.variant ? { os: p.os, architecture: p.architecture, variant: p.variant } : { os: p.os, architecture: p.architecture };
}
