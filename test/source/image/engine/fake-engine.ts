/**
 * A stand-in engine for failure modes a real one will not produce on demand: an HTTP server on a
 * unix socket (or TCP, optionally TLS) answering `/_ping`, `/version`, image inspect and export
 * like the Docker Engine API, serving real docker-archive bytes built by build-image.ts, and able
 * to cut, reset or poison the export stream. Every request path is recorded.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import * as path from 'node:path';
import { buildImage, buildTar, dockerArchiveFiles, packFiles, type BuiltImage, type FileMap } from '../../../image/build-image.js';

export interface FakeImage {
  /** Names the engine resolves (exact match), e.g. `myapp:dev`. */
  names: string[];
  image: BuiltImage;
  /** The export bytes (a docker save tar). */
  archive: Buffer;
  /** Inspect overrides (a tag that moved between inspect and export). */
  inspect?: Partial<{ Id: string; RootFS: { Type: string; Layers: string[] } }>;
}

export type ExportMode =
  | { kind: 'full' }
  /** Sends this many bytes, then ends the response cleanly. */
  | { kind: 'cut'; after: number }
  /** Sends this many bytes, then destroys the connection. */
  | { kind: 'reset'; after: number }
  /** Sends this many bytes, then Docker's in-band error line, then ends. */
  | { kind: 'in-band-error'; after: number; message: string }
  /** Sends this many bytes, then nothing (a hung engine). */
  | { kind: 'stall'; after: number };

export interface FakeEngineOptions {
  apiVersion?: string;
  podman?: boolean;
  images?: FakeImage[];
  exportMode?: ExportMode;
  /** TCP instead of a unix socket; with TLS when a key and cert are given. */
  tcp?: { tls?: { key: string; cert: string } };
}

export interface FakeEngine {
  /** `unix:///…/engine.sock` or `tcp://127.0.0.1:PORT`. */
  url: string;
  requests: string[];
  options: FakeEngineOptions;
  close(): Promise<void>;
}

function send(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const bytes = Buffer.from(typeof body === 'string' ? body : JSON.stringify(body));
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': String(bytes.length), ...headers });
  res.end(bytes);
}

export async function startFakeEngine(dir: string, options: FakeEngineOptions): Promise<FakeEngine> {
  const requests: string[] = [];
  const sockets = new Set<Socket>();
  const apiHeaders = (): Record<string, string> => ({ 'Api-Version': options.apiVersion ?? '1.43', ...(options.podman ? { 'Libpod-Api-Version': '4.3.1' } : {}) });
  const handler = (req: http.IncomingMessage, res: http.ServerResponse): void => {
    const url = req.url ?? '';
    requests.push(url);
    if (url === '/_ping') return send(res, 200, 'OK', apiHeaders());
    if (url === '/version') {
      return send(
        res,
        200,
        { Version: options.podman ? '4.3.1' : '24.0.7', ApiVersion: options.apiVersion ?? '1.43', MinAPIVersion: '1.12', Components: [{ Name: options.podman ? 'Podman Engine' : 'Engine' }] },
        apiHeaders(),
      );
    }
    const m = /^\/v[\d.]+\/images\/(.+)\/(json|get)(\?.*)?$/.exec(url);
    if (!m) return send(res, 404, { message: `page not found: ${url}` });
    const name = decodeURIComponent(m[1]!);
    const found = (options.images ?? []).find((i) => i.names.includes(name) || i.image.configDigest === name);
    if (!found) return send(res, 404, { message: `No such image: ${name}` });
    if (m[2] === 'json') {
      return send(res, 200, {
        Id: found.image.configDigest,
        RepoTags: found.names.filter((n) => !n.startsWith('sha256:')),
        RepoDigests: [`${found.names[0]!.split(':')[0]}@${found.image.manifestDigest}`],
        Os: 'linux',
        Architecture: 'amd64',
        Size: found.archive.length,
        RootFS: { Type: 'layers', Layers: found.image.layers.map((l) => l.diffID) },
        ...found.inspect,
      });
    }
    const mode = options.exportMode ?? { kind: 'full' };
    res.writeHead(200, { 'Content-Type': 'application/x-tar' });
    if (mode.kind === 'full') return void res.end(found.archive);
    res.write(found.archive.subarray(0, mode.after), () => {
      if (mode.kind === 'cut') res.end();
      else if (mode.kind === 'reset') res.socket?.destroy();
      else if (mode.kind === 'stall') return;
      else res.end(`{"errorDetail":{"message":${JSON.stringify(mode.message)}},"error":${JSON.stringify(mode.message)}}\r\n`);
    });
  };
  let server: http.Server | https.Server;
  let url: string;
  if (options.tcp) {
    server = options.tcp.tls ? https.createServer({ key: options.tcp.tls.key, cert: options.tcp.tls.cert }, handler) : http.createServer(handler);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `tcp://127.0.0.1:${(server.address() as AddressInfo).port}`;
  } else {
    server = http.createServer(handler);
    const socket = path.join(dir, `engine-${Math.random().toString(36).slice(2, 8)}.sock`);
    await new Promise<void>((resolve) => server.listen(socket, resolve));
    url = `unix://${socket}`;
  }
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  return {
    url,
    requests,
    options,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

/** A small image: base files, an app layer with a whiteout, uncompressed layers like an engine's. */
export async function smallImage(id: string): Promise<BuiltImage> {
  const base = await buildTar([
    { name: 'etc/', type: 'directory' },
    { name: 'etc/os-release', content: `ID=${id}\n` },
    { name: 'etc/secret', content: 'remove me' },
  ]);
  const app = await buildTar([
    { name: 'app/main', content: `app of ${id}` },
    { name: 'etc/.wh.secret', content: '' },
  ]);
  return buildImage({
    layers: [
      { tar: base, compression: 'none', createdBy: 'ADD rootfs.tar /' },
      { tar: app, compression: 'none', createdBy: 'COPY app /app' },
    ],
  });
}

/**
 * A docker save archive in the shape podman and skopeo write: `<diffID>.tar` layers listed by
 * manifest.json, `<id>/layer.tar` symlinks beside them (build-image's `legacy` style lists the
 * symlinks instead, which podman load refuses: "blob size mismatch").
 */
export function podmanStyleFiles(image: BuiltImage, repoTags: string[]): FileMap {
  const files = dockerArchiveFiles([{ image, repoTags }], 'legacy');
  const manifest = JSON.parse((files.get('manifest.json') as Buffer).toString()) as Array<{ Layers: string[] }>;
  manifest[0]!.Layers = image.layers.map((l) => `${l.diffID.slice('sha256:'.length)}.tar`);
  files.set('manifest.json', Buffer.from(JSON.stringify(manifest)));
  return files;
}

/** Packs `files` with the named members first (to put manifest.json before the layers). */
export async function packInOrder(files: FileMap, first: readonly string[]): Promise<Buffer> {
  const ordered: FileMap = new Map();
  for (const name of first) ordered.set(name, files.get(name)!);
  for (const [name, content] of files) if (!ordered.has(name)) ordered.set(name, content);
  return packFiles(ordered);
}

export function opensslSkipReason(): string | false {
  const r = spawnSync('openssl', ['version'], { encoding: 'utf8' });
  return r.error || r.status !== 0 ? 'openssl is not installed; the TLS test makes its certificate with it' : false;
}

/** A self-signed certificate for 127.0.0.1 (it is its own CA). */
export function selfSignedCert(dir: string): { key: string; cert: string; certFile: string } {
  const keyFile = path.join(dir, 'server.key');
  const certFile = path.join(dir, 'server.crt');
  const r = spawnSync(
    'openssl',
    ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2', '-subj', '/CN=localhost', '-addext', 'subjectAltName=DNS:localhost,IP:127.0.0.1', '-keyout', keyFile, '-out', certFile],
    { encoding: 'utf8' },
  );
  if (r.status !== 0) throw new Error(`openssl failed: ${r.stderr}`);
  return { key: fs.readFileSync(keyFile, 'utf8'), cert: fs.readFileSync(certFile, 'utf8'), certFile };
}
