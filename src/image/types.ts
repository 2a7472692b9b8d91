/**
 * The image model shared by sources (where bytes come from), the layer walk and analyzers.
 * Sources know formats (docker-archive, OCI), the walk knows tar and compression, analyzers know
 * package databases; none knows the others' business.
 */

/** The parts of an OCI/Docker image configuration leftshift reads (application/vnd.oci.image.config.v1+json). */
export interface ImageConfig {
  architecture?: string;
  os?: string;
  variant?: string;
  created?: string;
  author?: string;
  config?: {
    User?: string;
    Env?: string[];
    Entrypoint?: string[] | null;
    Cmd?: string[] | null;
    WorkingDir?: string;
    ExposedPorts?: Record<string, object>;
    Volumes?: Record<string, object>;
    Labels?: Record<string, string> | null;
    StopSignal?: string;
    Healthcheck?: { Test?: string[]; Interval?: number; Timeout?: number; Retries?: number; StartPeriod?: number };
    Shell?: string[];
  };
  rootfs?: { type: string; diff_ids: string[] };
  history?: HistoryEntry[];
}

export interface HistoryEntry {
  created?: string;
  created_by?: string;
  author?: string;
  comment?: string;
  empty_layer?: boolean;
}

export type Compression = 'none' | 'gzip' | 'zstd';

/** One layer as the source stores it. */
export interface LayerDescriptor {
  /** 0-based position, bottom layer first. */
  index: number;
  /** Digest of the bytes as stored (compressed blob); undefined when the source has none (rootfs). */
  digest?: string;
  /** Digest of the uncompressed tar (from config.rootfs.diff_ids). */
  diffID: string;
  mediaType: string;
  /** Stored size in bytes, when known. */
  size?: number;
  /** Compression as declared by the media type; the reader also sniffs magic bytes. */
  compression: Compression;
  /** The history step that created this layer (`created_by`), when the config records it. */
  createdBy?: string;
  historyIndex?: number;
}

export interface Platform {
  os: string;
  architecture: string;
  variant?: string;
}

/** Everything known about an image besides its layers. */
export interface ImageMetadata {
  /** The reference as the user gave it (`myapp:dev`, `./app.tar`, `oci:./layout:1.0`). */
  reference: string;
  /** `docker-archive`, `oci-layout`, `oci-archive`, `rootfs`, `docker-engine`, `podman`, `registry`. */
  sourceKind: SourceKind;
  /** Image ID = config digest (`sha256:...`), absent for a plain rootfs. */
  configDigest?: string;
  /** Manifest digest, when the source has a manifest. */
  manifestDigest?: string;
  /** Tags recorded by the source (`RepoTags` of docker save, `org.opencontainers.image.ref.name`). */
  repoTags: string[];
  repoDigests: string[];
  platform?: Platform;
  /** The raw config bytes (digest-verified) and parsed form. */
  config: ImageConfig;
  /** Manifest media type, for reports. */
  manifestMediaType?: string;
}

export type SourceKind = 'docker-archive' | 'oci-layout' | 'oci-archive' | 'rootfs' | 'docker-engine' | 'podman' | 'registry';

/**
 * An opened image. `openLayer` streams the stored bytes; the layer reader decompresses them and
 * verifies `digest` and `diffID` while they flow.
 */
export interface ImageSource {
  readonly metadata: ImageMetadata;
  readonly layers: readonly LayerDescriptor[];
  openLayer(layer: LayerDescriptor): Promise<NodeJS.ReadableStream>;
  /**
   * For sources that read their input once, front to back (a local engine's export, whose
   * manifest and config come after the layers): reads what is left and makes `metadata` and
   * `layers` final. Before, they hold what the source knew at open: the layers' diff IDs are
   * firm, their history steps and the config may be incomplete. The walk calls it after the last
   * layer; sources without it are final from the start.
   */
  finish?(): Promise<void>;
  /**
   * Told before the walk starts which layers it expects to take from the layer cache, so a source
   * that reads its input once need not keep them if they arrive early. A hint: if the walk opens
   * one after all (a cache entry that turned out unusable), the source must still serve it.
   */
  expectSkipped?(layers: readonly LayerDescriptor[]): void;
  close(): Promise<void>;
}

/** Options every source honours. */
export interface OpenImageOptions {
  /** `os/arch[/variant]` to pick from an index or manifest list; default the host's (linux/amd64). */
  platform?: string;
  /** Explicit source kind (`--image-src`); otherwise detected from the reference. */
  sourceKind?: SourceKind;
}
