/**
 * Images held by a local engine, by name, as Docker Desktop users expect:
 * `leftshift scan myapp:dev`. Docker Engine and podman are both read through the Docker Engine
 * API (podman serves it too): find the engine (endpoints.ts), inspect the image, stream its
 * `docker save` export once (export-store.ts), and open that as a docker-archive, so metadata,
 * layer descriptors and digest checks are exactly those of the docker-archive source.
 *
 * What the engines send (the member order of `GET /images/{name}/get`):
 * - podman 4.3 (measured): `<diffID>.tar` layers bottom first, `<config digest>.json`, the
 *   legacy `<v1 id>/{layer.tar → ../<diffID>.tar, VERSION, json}` entries, `manifest.json`,
 *   `repositories`. Its compat handler saves the whole export to a temp file before sending:
 *   for a 200 MB image the first byte came after 1.11 s of 1.30 s.
 * - Docker (moby image/tarexport/save.go; not measurable here, no Docker engine): the export is
 *   written to a temp directory and tarred in lexical order, so layers arrive in digest order,
 *   not stack order: Docker ≥ 25 `blobs/sha256/<hex>` (layers, config, manifest mixed), then
 *   `index.json`, `manifest.json`, `oci-layout`, `repositories`; Docker ≤ 24 `<v1 id>/layer.tar`
 *   dirs and `<config>.json`, then `manifest.json`, `repositories`. The containerd image store
 *   exports its (compressed) blobs sorted by name too (containerd archive.Export).
 * In every case manifest.json and the config come after all layers, so when the source is
 * opened (with its metadata complete and verified, as ImageSource promises) every layer has
 * passed: they are spooled to the cache's tmp/ (bounded by `maxExportBytes`) and deleted on
 * close. See export-store.ts for why the walk cannot consume them as they arrive.
 *
 * Lookup: an explicit engine (`--image-src docker` / `podman`) asks only that engine's
 * endpoints; otherwise DOCKER_HOST, the docker context, /var/run/docker.sock, then podman's
 * sockets are asked in turn, and the first that has the image is used. When none has it (or
 * none runs), LocalImageNotFoundError says what each answered, so a caller can go to a registry.
 *
 * Metadata: as the docker-archive source gives it for `docker save NAME` (RepoTags are those of
 * the export, i.e. the name asked for; an image ID gives none), plus the engine's RepoDigests.
 * `sourceKind` is `podman` when the engine that answered is podman, whichever lookup found it.
 */
import * as path from 'node:path';
import { InputError } from '../../../errors.js';
import { defaultCacheDir } from '../../../image/cache.js';
import type { ImageSource, SourceKind } from '../../../image/types.js';
import { parseReference } from '../../registry/reference.js';
import { openDockerArchive } from '../docker-archive.js';
import { readTopIndex } from '../oci.js';
import { parsePlatform } from '../platform.js';
import { connectionReason, EngineClient, type ClientOptions, type ImageInspect } from './client.js';
import { candidateEndpoints, describeEndpoint, processEnvironment, type EndpointEnvironment, type EngineFamily } from './endpoints.js';
import { EngineError, LocalImageNotFoundError, type EngineAttempt } from './errors.js';
import { readExport, type ExportStore } from './export-store.js';

export { EngineError, LocalImageNotFoundError, isLocalImageNotFound, type EngineAttempt, type EngineErrorKind } from './errors.js';
export type { EngineFamily } from './endpoints.js';

export interface OpenEngineImageOptions {
  /** The reference as the user wrote it (with any transport prefix), recorded in the metadata. */
  reference?: string;
  /** `--image-src docker` / `podman`; automatic lookup when omitted. */
  engine?: EngineFamily;
  /** `os/arch[/variant]`, for engines holding several platforms of an image. */
  platform?: string;
  /** Parent of the spool directory; default `<cache dir>/tmp`. */
  tempDir?: string;
  /** Largest export accepted, in bytes (default 64 GiB). */
  maxExportBytes?: number;
  /** Members up to this size stay in memory (default 1 MiB); for tests. */
  maxInlineMemberBytes?: number;
  /** Environment to find endpoints in; default the process's. */
  environment?: EndpointEnvironment;
  client?: ClientOptions;
}

/** SourceKind of an engine family, for `--image-src` and the dispatcher. */
export const ENGINE_SOURCE_KIND: Readonly<Record<EngineFamily, SourceKind>> = { docker: 'docker-engine', podman: 'podman' };

/**
 * True when `text` can name an image in an engine: a reference `docker pull` accepts, or an
 * image ID (`sha256:<hex>`, or a hex prefix as `docker images` prints it). Paths are not.
 */
export function isEngineReference(text: string): boolean {
  if (/^sha256:[0-9a-f]{64}$/.test(text) || /^[0-9a-f]{12,64}$/.test(text)) return true;
  if (text.startsWith('.') || text.startsWith('/') || text.includes('\\')) return false;
  try {
    parseReference(text);
    return true;
  } catch {
    return false;
  }
}

interface Located {
  client: EngineClient;
  inspect: ImageInspect;
}

/** Asks the candidate endpoints in order for `name`; see the file comment. */
async function locate(name: string, options: OpenEngineImageOptions): Promise<Located> {
  const explicit = options.engine !== undefined;
  const attempts: EngineAttempt[] = [];
  const failures: EngineError[] = [];
  for (const candidate of candidateEndpoints(options.engine, options.environment ?? processEnvironment())) {
    if (!('endpoint' in candidate)) {
      // A DOCKER_HOST leftshift cannot use: loud when asked for that engine, noted otherwise.
      if (explicit) throw candidate.error;
      attempts.push({ endpoint: candidate.origin, outcome: 'unavailable', detail: candidate.error.message });
      continue;
    }
    const client = new EngineClient(candidate.endpoint, options.client);
    const where = describeEndpoint(candidate.endpoint);
    try {
      await client.connect();
    } catch (err) {
      if (!(err instanceof EngineError) || err.kind !== 'unavailable') throw err;
      const detail = connectionReason(err.cause);
      attempts.push({ endpoint: where, outcome: detail === 'no socket' ? 'absent' : 'unavailable', detail });
      failures.push(err);
      continue;
    }
    // An engine that answers but fails (HTTP 500, API too old) stops the lookup: the image may
    // be there, so "not found locally" would be a guess.
    const inspect = await client.inspectImage(name);
    if (inspect) return { client, inspect };
    attempts.push({ endpoint: where, outcome: 'not-found', detail: 'no such image' });
  }
  if (explicit && !attempts.some((a) => a.outcome === 'not-found')) {
    if (failures.length === 1) throw failures[0]!;
    throw new EngineError(
      'unavailable',
      `no ${options.engine === 'podman' ? 'podman' : 'Docker'} engine is reachable (${attempts.map((a) => `${a.endpoint}: ${a.detail}`).join('; ')})`,
      failures[failures.length - 1]?.hint,
    );
  }
  throw new LocalImageNotFoundError(name, attempts);
}

/**
 * Checks that the export is the image inspect described: the same layers, and the inspected ID
 * is its config digest (Docker, podman), its manifest digest or an index naming it (containerd
 * image store). A tag moved between the two requests fails here instead of scanning a mix.
 */
async function checkSameImage(store: ExportStore, source: ImageSource, inspect: ImageInspect, name: string): Promise<void> {
  const exported = source.layers.map((l) => l.diffID);
  const sameLayers = inspect.diffIDs.length === 0 || (inspect.diffIDs.length === exported.length && inspect.diffIDs.every((d, i) => d === exported[i]));
  let sameId = inspect.Id === source.metadata.configDigest || inspect.Id === source.metadata.manifestDigest;
  if (!sameId && (await store.size('index.json')) !== undefined) {
    sameId = (await readTopIndex(store)).some((d) => d.digest === inspect.Id);
  }
  if (!sameLayers || !sameId) {
    throw new EngineError(
      'export-failed',
      `the image '${name}' changed while it was read: the engine described ${inspect.Id} but exported ${source.metadata.configDigest}`,
      'retry once the tag has stopped moving, or scan it by image ID',
    );
  }
}

/** Opens `name` from a local engine; the caller must close() the source. */
export async function openEngineImage(name: string, options: OpenEngineImageOptions = {}): Promise<ImageSource> {
  if (name.trim() === '') throw new InputError('an image name is required');
  const platform = options.platform !== undefined ? parsePlatform(options.platform) : undefined;
  const { client, inspect } = await locate(name, options);
  const info = await client.connect();
  const sourceKind: SourceKind = info.podman ? 'podman' : 'docker-engine';
  const description = `${info.podman ? 'podman' : 'Docker'} export of '${name}' (${describeEndpoint(client.endpoint)})`;
  const exported = await client.exportImage(name, platform);
  const store = await readExport(exported.body, {
    description,
    image: name,
    tempDir: options.tempDir ?? path.join(defaultCacheDir(), 'tmp'),
    abort: exported.abort,
    ...(options.maxExportBytes !== undefined ? { maxExportBytes: options.maxExportBytes } : {}),
    ...(options.maxInlineMemberBytes !== undefined ? { maxInlineMemberBytes: options.maxInlineMemberBytes } : {}),
  });
  let source: ImageSource;
  try {
    source = await openDockerArchive(store, { reference: options.reference ?? name, ...(options.platform !== undefined ? { platform: options.platform } : {}) });
    await checkSameImage(store, source, inspect, name);
  } catch (err) {
    await store.close();
    throw err;
  }
  return {
    metadata: { ...source.metadata, sourceKind, repoDigests: inspect.RepoDigests },
    layers: source.layers,
    openLayer: (layer) => source.openLayer(layer),
    close: async () => {
      exported.abort();
      await source.close();
    },
  };
}

/** What the dispatcher passes along (a structural subset of OpenImageSourceOptions). */
export interface DispatcherOptions {
  tempDir?: string;
  /** The archive size bound, applied to the export. */
  maxArchiveBytes?: number;
  platform?: string;
}

/**
 * The dispatcher's entry: `engine` from the transport (`docker-daemon:`, `podman:`) or
 * `--image-src`, undefined for a bare name found by detection.
 */
export function openEngineReference(engine: EngineFamily | undefined, name: string, reference: string, options: DispatcherOptions): Promise<ImageSource> {
  return openEngineImage(name, {
    reference,
    ...(engine !== undefined ? { engine } : {}),
    ...(options.tempDir !== undefined ? { tempDir: options.tempDir } : {}),
    ...(options.maxArchiveBytes !== undefined ? { maxExportBytes: options.maxArchiveBytes } : {}),
    ...(options.platform !== undefined ? { platform: options.platform } : {}),
  });
}
