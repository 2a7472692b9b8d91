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
 * In every case manifest.json and the config come after all layers. The source therefore opens
 * with what the engine's image inspect says (image ID, diff IDs, platform) and reads the export
 * as the walk asks for layers (EngineImageSource): a layer that arrives when it is wanted is
 * handed to the walk straight from the connection, nothing buffered or written (podman: every
 * layer); one that arrives early (Docker's digest order) or cannot be identified by its name
 * before the manifest (Docker ≤ 24 `<v1 id>/layer.tar`, containerd blobs) is spooled to the
 * cache's tmp/ (bounded by `maxExportBytes`, deleted on close); one the walk took from the layer
 * cache is passed over. `finish()` (called by the walk after the last layer) reads the rest,
 * opens it as a docker-archive and checks it is the image inspect described; from then on
 * metadata and layers are exactly those of the docker-archive source.

 * Lookup: an explicit engine (`--image-src docker` / `podman`) asks only that engine's
 * endpoints; otherwise DOCKER_HOST, the docker context, /var/run/docker.sock, then podman's
 * sockets are asked in turn, and the first that has the image is used. When none has it (or
 * none runs), LocalImageNotFoundError says what each answered, so a caller can go to a registry.
 *
 * Metadata after finish(): as the docker-archive source gives it for `docker save NAME` (RepoTags
 * are those of the export, i.e. the name asked for; an image ID gives none), plus the engine's
 * RepoDigests. Before: the image ID as config digest, the inspected tags, platform and diff IDs,
 * a config holding only those (the walk needs no more; it re-labels layer history afterwards).
 * `sourceKind` is `podman` when the engine that answered is podman, whichever lookup found it.
 */
import * as path from 'node:path';
import { InputError } from '../../../errors.js';
import { defaultCacheDir } from '../../../image/cache.js';
import type { ImageMetadata, ImageSource, LayerDescriptor, Platform, SourceKind } from '../../../image/types.js';
import { MediaType } from '../manifest.js';
import { parseReference } from '../../registry/reference.js';
import { MAX_METADATA_BYTES } from '../blob-store.js';
import { openDockerArchive } from '../docker-archive.js';
import { readTopIndex } from '../oci.js';
import { parsePlatform } from '../platform.js';
import { connectionReason, EngineClient, type ClientOptions, type ImageInspect } from './client.js';
import { candidateEndpoints, describeEndpoint, processEnvironment, type EndpointEnvironment, type EngineFamily } from './endpoints.js';
import { EngineError, LocalImageNotFoundError, type EngineAttempt } from './errors.js';
import { ExportStream, type MemberChoice, type ReadExportOptions } from './export-store.js';

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
async function checkSameImage(store: ExportStream, source: ImageSource, inspect: ImageInspect, name: string): Promise<void> {
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
  const exportOptions = (abort: () => void): ReadExportOptions => ({
    description,
    image: name,
    tempDir: options.tempDir ?? path.join(defaultCacheDir(), 'tmp'),
    abort,
    ...(options.maxExportBytes !== undefined ? { maxExportBytes: options.maxExportBytes } : {}),
    ...(options.maxInlineMemberBytes !== undefined ? { maxInlineMemberBytes: options.maxInlineMemberBytes } : {}),
  });
  /** A second export, read up to one member: for a layer the walk reads twice. */
  const reopen = async (member: string): Promise<NodeJS.ReadableStream> => {
    const again = await client.exportImage(name, platform);
    const second = new ExportStream(again.body, { ...exportOptions(again.abort), maxInlineMemberBytes: 0 });
    const taken = await second.take((n) => (n === member ? 'deliver' : 'pass'));
    if (!taken) {
      await second.close();
      throw new EngineError('export-failed', `the second export of '${name}' has no member ${member}`, 'retry once the image has stopped changing');
    }
    taken.stream.once('close', () => void second.close());
    return taken.stream;
  };
  const exported = await client.exportImage(name, platform);
  const stream = new ExportStream(exported.body, { ...exportOptions(exported.abort), reopen });
  const source = new EngineImageSource(stream, {
    name,
    reference: options.reference ?? name,
    sourceKind,
    inspect,
    ...(options.platform !== undefined ? { platform: options.platform } : {}),
  });
  try {
    // Without diff IDs from inspect (an engine that omits RootFS) the layers are known only from
    // the export's manifest: read it all now.
    if (inspect.diffIDs.length === 0) await source.finish();
  } catch (err) {
    await source.close();
    throw err;
  }
  return source;
}

interface EngineImageArgs {
  name: string;
  reference: string;
  sourceKind: SourceKind;
  inspect: ImageInspect;
  platform?: string;
}

/** The member name of a layer, when the name alone says which diff ID it holds. */
function diffIdOfMember(name: string, diffIDs: ReadonlySet<string>): string | undefined {
  // podman and Docker ≤ 24 with the containerd snapshotter off: `<diffID hex>.tar` (podman) …
  // … Docker ≥ 25: `blobs/sha256/<hex>`, the uncompressed layer, so its digest is its diff ID.
  const m = /^([0-9a-f]{64})\.tar$/.exec(name) ?? /^blobs\/sha256\/([0-9a-f]{64})$/.exec(name);
  const diffID = m ? `sha256:${m[1]}` : undefined;
  return diffID !== undefined && diffIDs.has(diffID) ? diffID : undefined;
}

/** See the file comment. */
class EngineImageSource implements ImageSource {
  private readonly diffIDs: ReadonlySet<string>;
  private readonly provisional: { metadata: ImageMetadata; layers: LayerDescriptor[] };
  /** The export opened as a docker-archive, once finish() has read it to its end. */
  private final: ImageSource | undefined;
  private finishing: Promise<void> | undefined;
  /** Layer indexes the walk expects to take from its cache (expectSkipped). */
  private skipped = new Set<number>();

  constructor(
    private readonly stream: ExportStream,
    private readonly args: EngineImageArgs,
  ) {
    const { inspect } = args;
    this.diffIDs = new Set(inspect.diffIDs);
    const platform: Platform | undefined = inspect.Os && inspect.Architecture ? { os: inspect.Os, architecture: inspect.Architecture } : undefined;
    this.provisional = {
      metadata: {
        reference: args.reference,
        sourceKind: args.sourceKind,
        configDigest: inspect.Id,
        repoTags: inspect.RepoTags,
        repoDigests: inspect.RepoDigests,
        ...(platform ? { platform } : {}),
        config: { ...(platform ? { os: platform.os, architecture: platform.architecture } : {}), rootfs: { type: 'layers', diff_ids: [...inspect.diffIDs] } },
      },
      // Exports hold layers uncompressed; the reader sniffs the bytes anyway. No stored digest:
      // the diff ID is checked while the layer streams, and finish() checks the manifest.
      layers: inspect.diffIDs.map((diffID, index) => ({ index, diffID, mediaType: MediaType.dockerLayerTar, compression: 'none' })),
    };
  }

  get metadata(): ImageMetadata {
    if (!this.final) return this.provisional.metadata;
    return { ...this.final.metadata, sourceKind: this.args.sourceKind, repoDigests: this.args.inspect.RepoDigests };
  }

  get layers(): readonly LayerDescriptor[] {
    return this.final?.layers ?? this.provisional.layers;
  }

  /** Bytes of the export kept in memory, spooled, streamed to the walk, passed over (tests, progress). */
  get transfer(): ExportStream['stats'] {
    return this.stream.stats;
  }

  async openLayer(layer: LayerDescriptor): Promise<NodeJS.ReadableStream> {
    if (!this.final) {
      const kept = [`${layer.diffID.slice(7)}.tar`, `blobs/sha256/${layer.diffID.slice(7)}`].find((n) => this.stream.has(n));
      if (kept !== undefined) return this.stream.open(kept);
      if (!this.stream.complete) {
        const taken = await this.stream.take((member) => this.choose(member, layer));
        if (taken) return taken.stream;
      }
      await this.finish();
    }
    const final = this.final!;
    return final.openLayer(final.layers[layer.index] ?? layer);
  }

  expectSkipped(layers: readonly LayerDescriptor[]): void {
    this.skipped = new Set(layers.map((l) => l.index));
  }

  /** What to do with a member arriving while the walk waits for `wanted`. */
  private choose(member: string, wanted: LayerDescriptor): MemberChoice {
    const diffID = diffIdOfMember(member, this.diffIDs);
    // Not identifiable by name (a config, a legacy `<id>/layer.tar`, a compressed blob): keep.
    if (diffID === undefined) return 'keep';
    // Wanted again later, unless the walk will take that later one from its cache.
    const later = this.provisional.layers.some((l) => l.index > wanted.index && l.diffID === diffID && !this.skipped.has(l.index));
    if (diffID === wanted.diffID) return later ? 'deliver-and-keep' : 'deliver';
    // Arrived early, or the walk took it from the cache (an earlier index it did not open).
    return later ? 'keep' : 'pass';
  }

  /** Reads the rest of the export and checks it is the inspected image; see the file comment. */
  finish(): Promise<void> {
    this.finishing ??= this.readRest();
    return this.finishing;
  }

  private async readRest(): Promise<void> {
    const { name, inspect } = this.args;
    // Layers left are ones the walk is done with: passed over. Other members may be metadata
    // (a config larger than the in-memory bound) and are kept, unless larger than any metadata
    // the archive reader accepts. Without diff IDs from inspect, every layer is still to walk.
    await this.stream.readToEnd((member, size) => {
      if (this.diffIDs.size === 0) return 'keep';
      const layer = diffIdOfMember(member, this.diffIDs) !== undefined || /(^|\/)layer\.tar$/.test(member);
      return layer || size > MAX_METADATA_BYTES ? 'pass' : 'keep';
    });
    const source = await openDockerArchive(this.stream, { reference: this.args.reference, ...(this.args.platform !== undefined ? { platform: this.args.platform } : {}) });
    await checkSameImage(this.stream, source, inspect, name);
    this.final = source;
  }

  async close(): Promise<void> {
    await (this.final ?? this.stream).close();
  }
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
