/**
 * Opening an image from a reference. Two ways to say which kind of source it is:
 * - a transport prefix, as skopeo spells them: `docker-archive:FILE[:TAG|:@N]`, `oci:DIR[:TAG]`,
 *   `oci-archive:FILE[:TAG]`, `rootfs:DIR` (a prefix wins over a file of that name; write
 *   `./oci:x` for a path that starts like one), or `options.sourceKind` (`--image-src`);
 * - otherwise detection from the local path: a directory with `oci-layout` is an OCI layout,
 *   any other directory a root filesystem; a regular file is indexed as a tar
 *   (gzip/zstd-compressed archives are decompressed first, see tar-index.ts) and is a
 *   docker-archive when it holds `manifest.json` (Docker ≥ 25 archives, which are also OCI
 *   layouts, included), an OCI archive when it holds `index.json`.
 *
 * - an image name that is not a local path is looked up in the local engines (Docker Engine API,
 *   then podman's socket, see engine/) and, when none has it or none runs, in its registry
 *   (`registry.ts`); `docker://NAME` or `--image-src registry` goes to the registry directly.
 *
 * Every kind is one row of SOURCE_KINDS.
 */
import * as fsp from 'node:fs/promises';
import * as path from 'node:path';
import { InputError } from '../../errors.js';
import { defaultCacheDir } from '../../image/cache.js';
import type { ImageSource, OpenImageOptions, SourceKind } from '../../image/types.js';
import { DirectoryStore, type BlobStore } from './blob-store.js';
import { openDockerArchive } from './docker-archive.js';
import { isEngineReference, isLocalImageNotFound, LocalImageNotFoundError, openEngineReference } from './engine/index.js';
import { openOciImage } from './oci.js';
import { splitPathSuffix } from './reference.js';
import { openRegistryImage, parseRegistryImageName } from './registry.js';
import type { RegistryClientOptions } from '../registry/client.js';
import { openRootfs } from './rootfs.js';
import { TarArchive } from './tar-index.js';

export interface OpenImageSourceOptions extends OpenImageOptions {
  /**
   * Where compressed archives are decompressed to. Default `<cache dir>/tmp`; pass the
   * configured cache directory's `tmp` (LayerCache.tempDir()) when the CLI has one.
   */
  tempDir?: string;
  /** Largest uncompressed size of a compressed archive (default 64 GiB). */
  maxArchiveBytes?: number;
  /** How to reach registries (credentials, CA, plain-HTTP hosts): the CLI's registry flags. */
  registry?: RegistryClientOptions;
}

interface SourceKindEntry {
  kind: SourceKind;
  /** The transport name (skopeo's) selecting this kind explicitly. */
  transport: string;
  /**
   * The text that selects it; default `transport:`. The registry's is `docker://`: a bare
   * `docker:5000/app` names a registry host `docker`, not the transport.
   */
  prefix?: string;
  /** Opens `target` (the reference without its transport prefix). */
  open(target: string, reference: string, options: OpenImageSourceOptions): Promise<ImageSource>;
}

/**
 * The table of source kinds. To add one, add a row (and, for auto-detection of references that
 * are not local paths, a step in `detect` below):
 *   docker-engine  transport `docker-daemon`  — engine helper (Docker Engine API, `docker save` stream)
 *   podman         transport `podman`         — engine helper
 *   registry       transport `docker` (`docker://REF`) — registry.ts
 */
const SOURCE_KINDS: readonly SourceKindEntry[] = [
  { kind: 'docker-archive', transport: 'docker-archive', open: openDockerArchiveReference },
  { kind: 'oci-layout', transport: 'oci', open: openOciLayoutReference },
  { kind: 'oci-archive', transport: 'oci-archive', open: openOciArchiveReference },
  { kind: 'rootfs', transport: 'rootfs', open: (target, reference) => openRootfs(target, reference) },
  { kind: 'docker-engine', transport: 'docker-daemon', open: (target, reference, options) => openEngineReference('docker', target, reference, options) },
  { kind: 'podman', transport: 'podman', open: (target, reference, options) => openEngineReference('podman', target, reference, options) },
  { kind: 'registry', transport: 'docker', prefix: 'docker://', open: openRegistryReference },
];

const prefixOf = (entry: SourceKindEntry): string => entry.prefix ?? `${entry.transport}:`;

/** Opens `reference` as an image; the caller must close() it. */
export async function openImageSource(reference: string, options: OpenImageSourceOptions = {}): Promise<ImageSource> {
  const byTransport = SOURCE_KINDS.find((k) => reference.startsWith(prefixOf(k)));
  if (byTransport) {
    if (options.sourceKind !== undefined && options.sourceKind !== byTransport.kind) {
      throw new InputError(`'${reference}' is a ${byTransport.kind} reference, but the source kind ${options.sourceKind} was requested`);
    }
    return byTransport.open(reference.slice(prefixOf(byTransport).length), reference, options);
  }
  if (options.sourceKind !== undefined) {
    const entry = SOURCE_KINDS.find((k) => k.kind === options.sourceKind);
    if (!entry) throw new InputError(`image source kind '${options.sourceKind}' is not supported yet`);
    return entry.open(reference, reference, options);
  }
  return detect(reference, options);
}

const EXPECTED =
  'expected a docker save archive (.tar, optionally gzip/zstd-compressed), an OCI layout directory, an OCI archive, a root filesystem directory, or an image name; or use a transport prefix: docker-archive:, oci:, oci-archive:, rootfs:, docker-daemon:, podman:, docker://';

async function detect(reference: string, options: OpenImageSourceOptions): Promise<ImageSource> {
  const { path: target, suffix } = await splitPathSuffix(reference);
  let stat;
  try {
    stat = await fsp.stat(target);
  } catch {
    // Not a path: an image name, looked up in the local engines, then in its registry.
    if (isEngineReference(reference)) return openLocalOrRegistry(reference, options);
    throw new InputError(`'${reference}' is not a local file or directory, nor an image name`, EXPECTED);
  }
  if (stat.isDirectory()) {
    // Only `oci-layout` marks a layout: an `index.json` alone is too common a file name in an
    // application tree to take a root filesystem for a layout.
    if (await exists(path.join(target, 'oci-layout'))) {
      return openOciImageOwned(new DirectoryStore(path.resolve(target)), reference, 'oci-layout', suffix, options);
    }
    if (suffix !== undefined) throw new InputError(`'${target}' is a root filesystem directory; it has no tags (':${suffix}')`);
    return openRootfs(target, reference);
  }
  if (!stat.isFile()) throw new InputError(`'${target}' is neither a file nor a directory`, EXPECTED);
  const archive = await openArchive(target, options);
  if (archive.has('manifest.json')) return openDockerArchiveOwned(archive, reference, suffix, options);
  if (archive.has('index.json')) return openOciImageOwned(archive, reference, 'oci-archive', suffix, options);
  await archive.close();
  throw new InputError(`'${target}' is a tar archive without manifest.json or index.json, so not an image archive`, EXPECTED);
}

/**
 * A bare image name: the local engines first (what `docker run NAME` would use), the registry
 * when none of them has it or none runs. Only "not found locally" falls through: an engine that
 * answered with an error may hold the image, and silently scanning the registry's copy instead
 * could report on other bytes than the ones that run.
 */
async function openLocalOrRegistry(reference: string, options: OpenImageSourceOptions): Promise<ImageSource> {
  let local: LocalImageNotFoundError;
  try {
    return await openEngineReference(undefined, reference, reference, options);
  } catch (err) {
    if (!isLocalImageNotFound(err)) throw err;
    local = err;
  }
  // An image ID (`sha256:…`, a hex prefix) exists only locally; a registry has no such name.
  if (/^(sha256:)?[0-9a-f]{12,64}$/.test(reference)) throw local;
  try {
    return await openRegistryReference(reference, reference, options);
  } catch (err) {
    if (!(err instanceof InputError)) throw err;
    throw new ImageNotFoundError(local, err);
  }
}

/**
 * A bare name found nowhere. Still a LocalImageNotFoundError (it is one, and callers that branch
 * on that keep working), with the local engines' answers first, then the registry's, on one line.
 */
export class ImageNotFoundError extends LocalImageNotFoundError {
  /** What the registry answered. */
  readonly registryError: InputError;
  override readonly hint: string;
  constructor(local: LocalImageNotFoundError, registryError: InputError) {
    super(local.reference, local.attempts);
    this.name = 'ImageNotFoundError';
    this.registryError = registryError;
    let registry = 'its registry';
    try {
      registry = `its registry ${parseRegistryImageName(local.reference).registry}`;
    } catch {
      // Not a valid registry reference; the registry error says why.
    }
    this.message = `${local.message}, nor in ${registry}: ${registryError.message}`;
    const engineRan = local.attempts.some((a) => a.outcome === 'not-found');
    const instead =
      `${engineRan ? 'or pull or load it into an engine first' : 'or start Docker or the podman API socket and pull or load it there'} ` +
      `(docker pull ${local.reference}, podman load -i FILE), or give the path of an image archive or layout; --image-src docker|podman|registry asks one source only`;
    // The registry's hint first: it was the last source tried, and says how to reach it.
    this.hint = registryError.hint ? `${registryError.hint}; ${instead}` : instead.replace(/^or /, '');
    this.cause = registryError;
  }
}

async function openRegistryReference(target: string, reference: string, options: OpenImageSourceOptions): Promise<ImageSource> {
  return openRegistryImage(target, {
    reference,
    ...(options.platform !== undefined ? { platform: options.platform } : {}),
    ...(options.registry !== undefined ? { registry: options.registry } : {}),
  });
}

async function exists(p: string): Promise<boolean> {
  try {
    await fsp.stat(p);
    return true;
  } catch {
    return false;
  }
}

async function openArchive(file: string, options: OpenImageSourceOptions): Promise<TarArchive> {
  try {
    return await TarArchive.open(file, {
      tempDir: options.tempDir ?? path.join(defaultCacheDir(), 'tmp'),
      ...(options.maxArchiveBytes !== undefined ? { maxArchiveBytes: options.maxArchiveBytes } : {}),
    });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw new InputError(`${file} does not exist`, EXPECTED);
    if ((err as NodeJS.ErrnoException).code === 'EISDIR') throw new InputError(`${file} is a directory, not an archive`, EXPECTED);
    throw err;
  }
}

/** Closes the store when opening fails; otherwise the returned source owns it. */
async function owning<T>(store: BlobStore, open: () => Promise<T>): Promise<T> {
  try {
    return await open();
  } catch (err) {
    await store.close();
    throw err;
  }
}

function openOciImageOwned(
  store: BlobStore,
  reference: string,
  kind: 'oci-layout' | 'oci-archive',
  tag: string | undefined,
  options: OpenImageSourceOptions,
): Promise<ImageSource> {
  return owning(store, () =>
    openOciImage(store, {
      reference,
      kind,
      ...(tag !== undefined ? { tag } : {}),
      ...(options.platform !== undefined ? { platform: options.platform } : {}),
    }),
  );
}

function openDockerArchiveOwned(store: BlobStore, reference: string, selector: string | undefined, options: OpenImageSourceOptions): Promise<ImageSource> {
  return owning(store, () =>
    openDockerArchive(store, {
      reference,
      ...(selector !== undefined ? { selector } : {}),
      ...(options.platform !== undefined ? { platform: options.platform } : {}),
    }),
  );
}

async function openDockerArchiveReference(target: string, reference: string, options: OpenImageSourceOptions): Promise<ImageSource> {
  const { path: file, suffix } = await splitPathSuffix(target);
  return openDockerArchiveOwned(await openArchive(file, options), reference, suffix, options);
}

async function openOciLayoutReference(target: string, reference: string, options: OpenImageSourceOptions): Promise<ImageSource> {
  const { path: dir, suffix } = await splitPathSuffix(target);
  let stat;
  try {
    stat = await fsp.stat(dir);
  } catch {
    throw new InputError(`OCI layout directory ${dir} does not exist`);
  }
  if (!stat.isDirectory()) throw new InputError(`${dir} is not a directory`, 'oci: expects an OCI layout directory; use oci-archive: for a tar');
  return openOciImageOwned(new DirectoryStore(path.resolve(dir)), reference, 'oci-layout', suffix, options);
}

async function openOciArchiveReference(target: string, reference: string, options: OpenImageSourceOptions): Promise<ImageSource> {
  const { path: file, suffix } = await splitPathSuffix(target);
  return openOciImageOwned(await openArchive(file, options), reference, 'oci-archive', suffix, options);
}

export { DEFAULT_PLATFORM, parsePlatform, formatPlatform } from './platform.js';
