/**
 * Builds real image bytes for tests: layer tars (tar-stream's pack side), gzip (zlib), zstd (the
 * `zstd` CLI when installed), OCI layouts / archives and docker-archives with computed digests.
 * Nothing is hand-typed: every digest is the sha256 of the bytes written.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { after } from 'node:test';
import * as tar from 'tar-stream';

export function sha256(bytes: Buffer | string): string {
  return `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
}

export interface TarEntrySpec {
  name: string;
  type?: 'file' | 'directory' | 'symlink' | 'link' | 'character-device' | 'fifo';
  content?: string | Buffer;
  linkname?: string;
  mode?: number;
  uid?: number;
  pax?: Record<string, string>;
}

/** A tar made by tar-stream's pack side (ustar, pax for long names), with end-of-archive blocks. */
export async function buildTar(entries: readonly TarEntrySpec[]): Promise<Buffer> {
  const pack = tar.pack();
  const chunks: Buffer[] = [];
  const done = new Promise<void>((resolve, reject) => {
    pack.on('data', (c: unknown) => {
      chunks.push(c as Buffer);
    });
    pack.on('end', () => resolve());
    pack.on('error', reject);
  });
  for (const e of entries) {
    const type = e.type ?? 'file';
    const content = type === 'file' ? Buffer.from(e.content ?? '') : undefined;
    await new Promise<void>((resolve, reject) => {
      const header: Partial<tar.Header> & { name: string } = {
        name: e.name,
        type,
        mode: e.mode ?? (type === 'directory' ? 0o755 : 0o644),
        uid: e.uid ?? 0,
        gid: 0,
        mtime: new Date(1700000000000),
        ...(e.linkname !== undefined ? { linkname: e.linkname } : {}),
        ...(content ? { size: content.length } : {}),
      };
      if (e.pax) header.pax = e.pax;
      if (content) pack.entry(header, content, (err) => (err ? reject(err) : resolve()));
      else pack.entry(header, (err) => (err ? reject(err) : resolve()));
    });
  }
  pack.finalize();
  await done;
  return Buffer.concat(chunks);
}

/** A raw 512-byte tar header (for GNU extensions tar-stream does not write); checksum computed. */
export function rawHeader(fields: { name: string; typeflag: string; size: number; gnu?: boolean; linkname?: string; sizeBase256?: boolean }): Buffer {
  const block = Buffer.alloc(512);
  block.write(fields.name.slice(0, 100), 0, 'utf8');
  block.write('0000644\0', 100, 'latin1');
  block.write('0000000\0', 108, 'latin1');
  block.write('0000000\0', 116, 'latin1');
  if (fields.sizeBase256) {
    block[124] = 0x80;
    let v = fields.size;
    for (let i = 135; i > 124; i--) {
      block[i] = v % 256;
      v = Math.floor(v / 256);
    }
  } else {
    block.write(fields.size.toString(8).padStart(11, '0') + '\0', 124, 'latin1');
  }
  block.write('14544000000\0', 136, 'latin1');
  block.write(fields.typeflag, 156, 'latin1');
  if (fields.linkname) block.write(fields.linkname, 157, 'utf8');
  if (fields.gnu) block.write('ustar  \0', 257, 'latin1');
  else block.write('ustar\x0000', 257, 'latin1');
  block.fill(0x20, 148, 156);
  let sum = 0;
  for (const b of block) sum += b;
  block.write(sum.toString(8).padStart(6, '0') + '\0 ', 148, 'latin1');
  return block;
}

export function pad(data: Buffer): Buffer {
  const rest = data.length % 512;
  return rest === 0 ? data : Buffer.concat([data, Buffer.alloc(512 - rest)]);
}

/** Drops the end-of-archive blocks and the last entry's padding, as umoci insert 0.4.7 writes. */
export function stripTarEnd(tarBytes: Buffer, lastDataLength: number): Buffer {
  const withoutEnd = tarBytes.subarray(0, tarBytes.length - 1024);
  const padding = (512 - (lastDataLength % 512)) % 512;
  return withoutEnd.subarray(0, withoutEnd.length - padding);
}

let zstdChecked: boolean | undefined;
export function zstdAvailable(): boolean {
  if (zstdChecked === undefined) {
    try {
      execFileSync('zstd', ['--version'], { stdio: 'ignore' });
      zstdChecked = true;
    } catch {
      zstdChecked = false;
    }
  }
  return zstdChecked;
}

export type Compression = 'none' | 'gzip' | 'zstd';

export function compress(data: Buffer, compression: Compression): Buffer {
  if (compression === 'gzip') return zlib.gzipSync(data, { level: 6 });
  if (compression === 'zstd') return execFileSync('zstd', ['-q', '-c', '-3'], { input: data, maxBuffer: 1 << 30 });
  return data;
}

const OCI_LAYER: Record<Compression, string> = {
  none: 'application/vnd.oci.image.layer.v1.tar',
  gzip: 'application/vnd.oci.image.layer.v1.tar+gzip',
  zstd: 'application/vnd.oci.image.layer.v1.tar+zstd',
};
const DOCKER_LAYER: Record<Compression, string> = {
  none: 'application/vnd.docker.image.rootfs.diff.tar',
  gzip: 'application/vnd.docker.image.rootfs.diff.tar.gzip',
  zstd: 'application/vnd.docker.image.rootfs.diff.tar.zstd',
};

export interface LayerSpec {
  tar: Buffer;
  compression?: Compression;
  createdBy?: string;
  mediaType?: string;
  /** Stored bytes differ from what the descriptor's digest names (digest computed on other bytes). */
  wrongDigest?: boolean;
  /** The config's diff_id names other bytes. */
  wrongDiffID?: boolean;
}

export interface BuiltLayer {
  blob: Buffer;
  digest: string;
  diffID: string;
  mediaType: string;
  size: number;
}

export interface Platform {
  os: string;
  architecture: string;
  variant?: string;
}

export interface ImageSpec {
  layers: LayerSpec[];
  platform?: Platform;
  /** Docker v2 schema 2 media types instead of OCI ones. */
  docker?: boolean;
  env?: string[];
}

export interface BuiltImage {
  layers: BuiltLayer[];
  config: Buffer;
  configDigest: string;
  manifest: Buffer;
  manifestDigest: string;
  manifestMediaType: string;
  platform: Platform;
  /** Every blob by digest (layers, config, manifest). */
  blobs: Map<string, Buffer>;
}

export function buildImage(spec: ImageSpec): BuiltImage {
  const platform = spec.platform ?? { os: 'linux', architecture: 'amd64' };
  const layers: BuiltLayer[] = spec.layers.map((l) => {
    const compression = l.compression ?? 'gzip';
    const blob = compress(l.tar, compression);
    return {
      blob,
      digest: l.wrongDigest ? sha256(Buffer.concat([blob, Buffer.from('other bytes')])) : sha256(blob),
      diffID: l.wrongDiffID ? sha256(Buffer.concat([l.tar, Buffer.from('other bytes')])) : sha256(l.tar),
      mediaType: l.mediaType ?? (spec.docker ? DOCKER_LAYER : OCI_LAYER)[compression],
      size: blob.length,
    };
  });
  const configObject = {
    architecture: platform.architecture,
    os: platform.os,
    ...(platform.variant ? { variant: platform.variant } : {}),
    created: '2024-01-01T00:00:00Z',
    config: { Env: spec.env ?? ['PATH=/usr/bin'], Cmd: ['/bin/sh'] },
    rootfs: { type: 'layers', diff_ids: layers.map((l) => l.diffID) },
    history: spec.layers.flatMap((l, i) => [
      { created: '2024-01-01T00:00:00Z', created_by: l.createdBy ?? `step ${i}` },
      { created: '2024-01-01T00:00:00Z', created_by: 'ENV X=1', empty_layer: true },
    ]),
  };
  const config = Buffer.from(JSON.stringify(configObject));
  const configDigest = sha256(config);
  const manifestMediaType = spec.docker ? 'application/vnd.docker.distribution.manifest.v2+json' : 'application/vnd.oci.image.manifest.v1+json';
  const manifest = Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: manifestMediaType,
      config: {
        mediaType: spec.docker ? 'application/vnd.docker.container.image.v1+json' : 'application/vnd.oci.image.config.v1+json',
        digest: configDigest,
        size: config.length,
      },
      layers: layers.map((l) => ({ mediaType: l.mediaType, digest: l.digest, size: l.size })),
    }),
  );
  const manifestDigest = sha256(manifest);
  const blobs = new Map<string, Buffer>([
    [configDigest, config],
    [manifestDigest, manifest],
  ]);
  for (const l of layers) blobs.set(l.digest, l.blob);
  return { layers, config, configDigest, manifest, manifestDigest, manifestMediaType, platform, blobs };
}

export type FileMap = Map<string, Buffer | { symlink: string }>;

function blobName(digest: string): string {
  return `blobs/${digest.replace(':', '/')}`;
}

export interface IndexEntry {
  image: BuiltImage;
  refName?: string;
  containerdName?: string;
  /** Record the platform on the index descriptor. */
  withPlatform?: boolean;
}

/** Files of an OCI layout; `nested` puts the entries in a nested index (or Docker manifest list). */
export function ociLayoutFiles(entries: readonly IndexEntry[], options: { nested?: 'oci' | 'docker'; nestedRefName?: string } = {}): FileMap {
  const files: FileMap = new Map();
  files.set('oci-layout', Buffer.from(JSON.stringify({ imageLayoutVersion: '1.0.0' })));
  const descriptors = entries.map((e) => {
    for (const [digest, bytes] of e.image.blobs) files.set(blobName(digest), bytes);
    const annotations: Record<string, string> = {};
    if (e.refName) annotations['org.opencontainers.image.ref.name'] = e.refName;
    if (e.containerdName) annotations['io.containerd.image.name'] = e.containerdName;
    return {
      mediaType: e.image.manifestMediaType,
      digest: e.image.manifestDigest,
      size: e.image.manifest.length,
      ...(e.withPlatform ? { platform: e.image.platform } : {}),
      ...(Object.keys(annotations).length ? { annotations } : {}),
    };
  });
  let top = descriptors;
  if (options.nested) {
    const mediaType = options.nested === 'docker' ? 'application/vnd.docker.distribution.manifest.list.v2+json' : 'application/vnd.oci.image.index.v1+json';
    const nested = Buffer.from(JSON.stringify({ schemaVersion: 2, mediaType, manifests: descriptors }));
    files.set(blobName(sha256(nested)), nested);
    top = [
      {
        mediaType,
        digest: sha256(nested),
        size: nested.length,
        ...(options.nestedRefName ? { annotations: { 'org.opencontainers.image.ref.name': options.nestedRefName } } : {}),
      },
    ];
  }
  files.set('index.json', Buffer.from(JSON.stringify({ schemaVersion: 2, mediaType: 'application/vnd.oci.image.index.v1+json', manifests: top })));
  return files;
}

/**
 * Files of a `docker save` archive:
 * - `legacy`: `<diffid hex>.tar` layers, `<id>/layer.tar` symlinks to them referenced by
 *   manifest.json, `<config hex>.json`, `repositories` (the skopeo / Docker ≤ 24 shape);
 * - `docker25`: an OCI layout plus manifest.json pointing into blobs/ (Docker ≥ 25).
 */
export function dockerArchiveFiles(images: ReadonlyArray<{ image: BuiltImage; repoTags: string[] }>, style: 'legacy' | 'docker25'): FileMap {
  if (style === 'docker25') {
    const files = ociLayoutFiles(images.map((i) => ({ image: i.image, refName: i.repoTags[0]?.split(':').pop(), containerdName: i.repoTags[0] })));
    const manifest = images.map(({ image, repoTags }) => ({
      Config: blobName(image.configDigest),
      RepoTags: repoTags,
      Layers: image.layers.map((l) => blobName(l.digest)),
    }));
    files.set('manifest.json', Buffer.from(JSON.stringify(manifest)));
    files.set('repositories', Buffer.from('{}'));
    return files;
  }
  const files: FileMap = new Map();
  const manifest = images.map(({ image, repoTags }) => {
    const layerPaths = image.layers.map((l, i) => {
      const hex = l.diffID.slice('sha256:'.length);
      files.set(`${hex}.tar`, l.blob);
      const id = createHash('sha256').update(`${image.configDigest}/${i}`).digest('hex');
      files.set(`${id}/VERSION`, Buffer.from('1.0'));
      files.set(`${id}/layer.tar`, { symlink: `../${hex}.tar` });
      return `${id}/layer.tar`;
    });
    files.set(`${image.configDigest.slice('sha256:'.length)}.json`, image.config);
    return { Config: `${image.configDigest.slice('sha256:'.length)}.json`, RepoTags: repoTags, Layers: layerPaths };
  });
  files.set('manifest.json', Buffer.from(JSON.stringify(manifest)));
  files.set('repositories', Buffer.from('{}'));
  return files;
}

export function writeFiles(dir: string, files: FileMap): string {
  for (const [name, content] of files) {
    const target = path.join(dir, name);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    if (Buffer.isBuffer(content)) fs.writeFileSync(target, content);
    else fs.symlinkSync(content.symlink, target);
  }
  return dir;
}

/** Packs a FileMap as a tar (directories implied by paths are added first, as archivers do). */
export async function packFiles(files: FileMap): Promise<Buffer> {
  const dirs = new Set<string>();
  for (const name of files.keys()) {
    const parts = name.split('/');
    for (let i = 1; i < parts.length; i++) dirs.add(parts.slice(0, i).join('/'));
  }
  const entries: TarEntrySpec[] = [...dirs].sort().map((d) => ({ name: `${d}/`, type: 'directory' as const }));
  for (const [name, content] of files) {
    if (Buffer.isBuffer(content)) entries.push({ name, content });
    else entries.push({ name, type: 'symlink', linkname: content.symlink });
  }
  return buildTar(entries);
}

export function tempDir(prefix = 'ls-img-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/**
 * A maker of temp dirs (tempDir(prefix)) that are all removed after the calling test file's tests.
 * Call it once at a test file's top level: `const tmp = tempDirs();`.
 */
export function tempDirs(prefix?: string): () => string {
  const dirs: string[] = [];
  after(() => {
    for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
  });
  return () => {
    const d = tempDir(prefix);
    dirs.push(d);
    return d;
  };
}

/** Minimal in-memory ImageSource over a built image (counts openLayer calls). */
export interface MemorySource {
  metadata: import('../../src/image/types.js').ImageMetadata;
  layers: import('../../src/image/types.js').LayerDescriptor[];
  openLayer(layer: import('../../src/image/types.js').LayerDescriptor): Promise<NodeJS.ReadableStream>;
  close(): Promise<void>;
  opened: number[];
}

export function memorySource(image: BuiltImage, options: { chunkSize?: number } = {}): MemorySource {
  const opened: number[] = [];
  const compressionOf = (mediaType: string): Compression => (mediaType.endsWith('zstd') ? 'zstd' : mediaType.endsWith('gzip') ? 'gzip' : 'none');
  const layers = image.layers.map((l, index) => ({
    index,
    digest: l.digest,
    diffID: l.diffID,
    mediaType: l.mediaType,
    size: l.size,
    compression: compressionOf(l.mediaType),
    createdBy: `step ${index}`,
  }));
  return {
    metadata: { reference: 'memory', sourceKind: 'oci-layout', repoTags: [], repoDigests: [], config: JSON.parse(image.config.toString()) },
    layers,
    opened,
    async openLayer(layer) {
      opened.push(layer.index);
      const blob = image.layers[layer.index]!.blob;
      const size = options.chunkSize ?? 64 * 1024;
      const chunks: Buffer[] = [];
      for (let i = 0; i < blob.length; i += size) chunks.push(blob.subarray(i, i + size));
      const { Readable } = await import('node:stream');
      return Readable.from(chunks);
    },
    async close() {},
  };
}
