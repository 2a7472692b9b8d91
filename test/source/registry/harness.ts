/**
 * Test harness: a real `docker-registry` (CNCF distribution) on a free loopback port, a tiny token
 * server for the Bearer flow, self-signed certificates from `openssl`, and a pusher that builds real
 * images (gzip tar layer, config with a chosen `created`, Docker v2 or OCI manifest, OCI index)
 * and uploads them through the Registry HTTP API V2. Deliberately independent of the client under
 * test: it parses challenges and computes digests itself.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createHash, createPrivateKey, randomUUID, sign, X509Certificate } from 'node:crypto';
import { mkdtempSync, openSync, readFileSync, rmSync, writeFileSync, closeSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import tarStream from 'tar-stream';

export const REGISTRY_BIN = 'docker-registry';

/** Why registry tests cannot run here, or undefined when they can. */
export function registrySkipReason(): string | undefined {
  const r = spawnSync(REGISTRY_BIN, ['--version'], { encoding: 'utf8' });
  if (r.error || r.status !== 0) return `${REGISTRY_BIN} is not installed (apt-get install -y docker-registry); registry tests need a real registry`;
  return undefined;
}

export function opensslSkipReason(): string | undefined {
  const r = spawnSync('openssl', ['version'], { encoding: 'utf8' });
  return r.error || r.status !== 0 ? 'openssl is not installed; the TLS tests generate their certificate with it' : undefined;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as AddressInfo).port;
      srv.close(() => resolve(port));
    });
  });
}

const tempDirs: string[] = [];

/** A temporary directory, removed when the test process exits (certs, configs, outputs). */
export function tempDir(prefix = 'ls-registry-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  if (tempDirs.length === 0) {
    process.once('exit', () => {
      for (const d of tempDirs) rmSync(d, { recursive: true, force: true });
    });
  }
  tempDirs.push(dir);
  return dir;
}

export interface Cert {
  certFile: string;
  keyFile: string;
  certPem: string;
  keyPem: string;
}

/** A self-signed certificate for localhost / 127.0.0.1, made with openssl like an admin would. */
export function makeCert(dir: string, name: string): Cert {
  const certFile = join(dir, `${name}.crt`);
  const keyFile = join(dir, `${name}.key`);
  const r = spawnSync(
    'openssl',
    ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2', '-subj', '/CN=localhost', '-addext', 'subjectAltName=DNS:localhost,IP:127.0.0.1', '-keyout', keyFile, '-out', certFile],
    { encoding: 'utf8' },
  );
  if (r.status !== 0) throw new Error(`openssl failed: ${r.stderr}`);
  return { certFile, keyFile, certPem: readFileSync(certFile, 'utf8'), keyPem: readFileSync(keyFile, 'utf8') };
}

export interface RegistryServer {
  /** `127.0.0.1:PORT` */
  host: string;
  baseUrl: string;
  /** The registry's storage root (for corrupting blobs on purpose). */
  dataDir: string;
  stop(): Promise<void>;
}

export interface StartOptions {
  tls?: Cert;
  /** htpasswd file contents (bcrypt), for Basic auth. */
  htpasswd?: string;
  token?: { realm: string; service: string; issuer: string; rootCertFile: string };
}

export function htpasswdSkipReason(): string | undefined {
  const r = spawnSync('htpasswd', ['-Bbn', 'u', 'p'], { encoding: 'utf8' });
  return r.error || r.status !== 0 ? 'htpasswd is not installed (apt-get install -y apache2-utils); the Basic-auth tests need it' : undefined;
}

/** `htpasswd -Bbn user password` line. */
export function htpasswdLine(user: string, password: string): string {
  const r = spawnSync('htpasswd', ['-Bbn', user, password], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`htpasswd failed (apt-get install apache2-utils): ${r.stderr ?? r.error}`);
  return r.stdout.trim() + '\n';
}

/** Starts `docker-registry serve` in the background and waits until `/v2/` answers. */
export async function startRegistry(options: StartOptions = {}): Promise<RegistryServer> {
  const dir = tempDir();
  const dataDir = join(dir, 'data');
  const port = await freePort();
  const host = `127.0.0.1:${port}`;
  const lines = [
    'version: 0.1',
    'log: {level: warn, accesslog: {disabled: true}}',
    `storage: {filesystem: {rootdirectory: ${JSON.stringify(dataDir)}}, delete: {enabled: true}}`,
    options.tls
      ? `http: {addr: ${JSON.stringify(host)}, tls: {certificate: ${JSON.stringify(options.tls.certFile)}, key: ${JSON.stringify(options.tls.keyFile)}}}`
      : `http: {addr: ${JSON.stringify(host)}}`,
  ];
  if (options.htpasswd) {
    writeFileSync(join(dir, 'htpasswd'), options.htpasswd);
    lines.push(`auth: {htpasswd: {realm: leftshift-registry, path: ${JSON.stringify(join(dir, 'htpasswd'))}}}`);
  } else if (options.token) {
    const t = options.token;
    lines.push(`auth: {token: {realm: ${JSON.stringify(t.realm)}, service: ${JSON.stringify(t.service)}, issuer: ${JSON.stringify(t.issuer)}, rootcertbundle: ${JSON.stringify(t.rootCertFile)}}}`);
  }
  const config = join(dir, 'config.yml');
  writeFileSync(config, lines.join('\n') + '\n');
  const logFile = join(dir, 'registry.log');
  const logFd = openSync(logFile, 'w');
  const child: ChildProcess = spawn(REGISTRY_BIN, ['serve', config], { stdio: ['ignore', logFd, logFd] });
  closeSync(logFd);
  let exited = false;
  child.on('exit', () => (exited = true));
  const baseUrl = `${options.tls ? 'https' : 'http'}://${host}`;
  const deadline = Date.now() + 15_000;
  for (;;) {
    if (exited) throw new Error(`docker-registry exited at start:\n${readFileSync(logFile, 'utf8')}`);
    try {
      const res = await rawRequest('GET', `${baseUrl}/v2/`, { ca: options.tls?.certPem });
      if (res.status === 200 || res.status === 401) break;
    } catch {
      /* not listening yet */
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`docker-registry did not start within 15s:\n${readFileSync(logFile, 'utf8')}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    host,
    baseUrl,
    dataDir,
    async stop() {
      if (!exited && child.pid !== undefined) {
        const gone = new Promise<void>((r) => child.once('exit', () => r()));
        process.kill(child.pid, 'SIGTERM');
        await Promise.race([gone, new Promise((r) => setTimeout(r, 3000))]);
        if (!exited) process.kill(child.pid, 'SIGKILL');
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

/** Minimal HTTP(S) request for the harness (no auth logic, no redirects). */
export function rawRequest(method: string, url: string, opts: { headers?: Record<string, string>; body?: Buffer; ca?: string } = {}): Promise<RawResponse> {
  const u = new URL(url);
  const lib = u.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const req = lib.request(u, { method, headers: { ...opts.headers, ...(opts.body ? { 'Content-Length': String(opts.body.length) } : {}) }, ca: opts.ca, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(opts.body);
  });
}

export function sha256(b: Buffer): string {
  return `sha256:${createHash('sha256').update(b).digest('hex')}`;
}

/** A gzip-compressed tar with one regular file: a real layer. */
export async function makeLayer(files: Record<string, string>): Promise<{ gz: Buffer; diffId: string }> {
  const pack = tarStream.pack();
  const chunks: Buffer[] = [];
  const done = new Promise<void>((resolve, reject) => {
    pack.on('data', (c: unknown) => chunks.push(c as Buffer));
    pack.on('end', () => resolve());
    pack.on('error', reject);
  });
  for (const [name, content] of Object.entries(files)) {
    pack.entry({ name, mode: 0o644, mtime: new Date(0) }, content);
  }
  pack.finalize();
  await done;
  const tar = Buffer.concat(chunks);
  return { gz: gzipSync(tar), diffId: sha256(tar) };
}

export interface PushImageOptions {
  created: Date | string;
  /** Docker v2 media types (default) or OCI. */
  format?: 'docker' | 'oci';
  architecture?: string;
  os?: string;
  variant?: string;
  labels?: Record<string, string>;
}

export interface PushedImage {
  manifestDigest: string;
  manifestBytes: Buffer;
  manifestMediaType: string;
  configDigest: string;
  layerDigest: string;
}

export const MT = {
  dockerManifest: 'application/vnd.docker.distribution.manifest.v2+json',
  dockerConfig: 'application/vnd.docker.container.image.v1+json',
  dockerLayer: 'application/vnd.docker.image.rootfs.diff.tar.gzip',
  ociManifest: 'application/vnd.oci.image.manifest.v1+json',
  ociIndex: 'application/vnd.oci.image.index.v1+json',
  ociConfig: 'application/vnd.oci.image.config.v1+json',
  ociLayer: 'application/vnd.oci.image.layer.v1.tar+gzip',
};

/** `days` days before now, as a Date. */
export function daysAgo(days: number, now = Date.now()): Date {
  return new Date(now - days * 86_400_000);
}

/**
 * Pushes through the V2 API: blob uploads (POST + monolithic PUT) and manifest PUTs. Answers
 * Basic and Bearer challenges with the credentials it was given.
 */
export class Pusher {
  readonly #base: string;
  readonly #ca?: string;
  readonly #creds?: { user: string; password: string };
  readonly #tokens = new Map<string, string>();

  constructor(baseUrl: string, opts: { ca?: string; creds?: { user: string; password: string } } = {}) {
    this.#base = baseUrl;
    this.#ca = opts.ca;
    this.#creds = opts.creds;
  }

  async #send(method: string, url: string, headers: Record<string, string> = {}, body?: Buffer): Promise<RawResponse> {
    let auth: string | undefined = this.#tokens.get(new URL(url, this.#base).pathname.split('/')[2] ?? '');
    let res = await rawRequest(method, new URL(url, this.#base).href, { headers: auth ? { ...headers, Authorization: auth } : headers, body, ca: this.#ca });
    if (res.status !== 401) return res;
    const challenge = String(res.headers['www-authenticate'] ?? '');
    const basic = this.#creds ? `Basic ${Buffer.from(`${this.#creds.user}:${this.#creds.password}`).toString('base64')}` : undefined;
    if (/^basic/i.test(challenge)) {
      auth = basic;
    } else if (/^bearer/i.test(challenge)) {
      const param = (k: string) => new RegExp(`${k}="([^"]*)"`).exec(challenge)?.[1];
      const tokenUrl = new URL(param('realm')!);
      tokenUrl.searchParams.set('service', param('service') ?? '');
      const scope = param('scope');
      if (scope) tokenUrl.searchParams.set('scope', scope.replace(/:pull$/, ':pull,push'));
      const t = await rawRequest('GET', tokenUrl.href, { headers: basic ? { Authorization: basic } : {}, ca: this.#ca });
      if (t.status !== 200) throw new Error(`token request failed: ${t.status}`);
      auth = `Bearer ${(JSON.parse(t.body.toString()) as { token: string }).token}`;
      this.#tokens.set(new URL(url, this.#base).pathname.split('/')[2] ?? '', auth);
    }
    if (!auth) return res;
    res = await rawRequest(method, new URL(url, this.#base).href, { headers: { ...headers, Authorization: auth }, body, ca: this.#ca });
    return res;
  }

  async pushBlob(repo: string, blob: Buffer): Promise<string> {
    const digest = sha256(blob);
    const head = await this.#send('HEAD', `/v2/${repo}/blobs/${digest}`);
    if (head.status === 200) return digest;
    const start = await this.#send('POST', `/v2/${repo}/blobs/uploads/`);
    if (start.status !== 202) throw new Error(`upload start ${repo}: HTTP ${start.status} ${start.body.toString()}`);
    const location = new URL(String(start.headers.location), this.#base);
    location.searchParams.set('digest', digest);
    const put = await this.#send('PUT', location.href, { 'Content-Type': 'application/octet-stream' }, blob);
    if (put.status !== 201) throw new Error(`upload ${repo} ${digest}: HTTP ${put.status} ${put.body.toString()}`);
    return digest;
  }

  async pushManifest(repo: string, reference: string, mediaType: string, bytes: Buffer): Promise<string> {
    const res = await this.#send('PUT', `/v2/${repo}/manifests/${reference}`, { 'Content-Type': mediaType }, bytes);
    if (res.status !== 201) throw new Error(`manifest ${repo}:${reference}: HTTP ${res.status} ${res.body.toString()}`);
    return sha256(bytes);
  }

  /**
   * Builds and pushes a one-layer image whose config says it was created at `opts.created`;
   * with `tag` undefined the manifest is pushed by digest only (an index child).
   */
  async pushImage(repo: string, tag: string | undefined, opts: PushImageOptions): Promise<PushedImage> {
    const oci = opts.format === 'oci';
    const created = typeof opts.created === 'string' ? opts.created : opts.created.toISOString();
    const layer = await makeLayer({ 'etc/leftshift-fixture': `${repo}:${tag} ${created} ${opts.architecture ?? 'amd64'}\n` });
    const config = {
      architecture: opts.architecture ?? 'amd64',
      os: opts.os ?? 'linux',
      ...(opts.variant ? { variant: opts.variant } : {}),
      created,
      config: { Env: ['PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'], Cmd: ['/bin/sh'], Labels: opts.labels ?? {} },
      rootfs: { type: 'layers', diff_ids: [layer.diffId] },
      history: [{ created, created_by: `/bin/sh -c #(nop) ADD file:fixture in / # ${tag}` }],
    };
    const configBytes = Buffer.from(JSON.stringify(config));
    const configDigest = await this.pushBlob(repo, configBytes);
    const layerDigest = await this.pushBlob(repo, layer.gz);
    const mediaType = oci ? MT.ociManifest : MT.dockerManifest;
    const manifest = {
      schemaVersion: 2,
      mediaType,
      config: { mediaType: oci ? MT.ociConfig : MT.dockerConfig, size: configBytes.length, digest: configDigest },
      layers: [{ mediaType: oci ? MT.ociLayer : MT.dockerLayer, size: layer.gz.length, digest: layerDigest }],
    };
    const manifestBytes = Buffer.from(JSON.stringify(manifest, null, 2));
    const manifestDigest = await this.pushManifest(repo, tag ?? sha256(manifestBytes), mediaType, manifestBytes);
    return { manifestDigest, manifestBytes, manifestMediaType: mediaType, configDigest, layerDigest };
  }

  /** Pushes one image per platform (by digest) and an OCI index over them under `tag`. */
  async pushIndex(repo: string, tag: string, platforms: Array<PushImageOptions & { architecture: string }>): Promise<{ indexDigest: string; images: PushedImage[] }> {
    const images: PushedImage[] = [];
    for (const p of platforms) images.push(await this.pushImage(repo, undefined, { ...p, format: 'oci' }));
    const index = {
      schemaVersion: 2,
      mediaType: MT.ociIndex,
      manifests: [
        ...images.map((img, i) => ({
          mediaType: img.manifestMediaType,
          digest: img.manifestDigest,
          size: img.manifestBytes.length,
          platform: { os: platforms[i]!.os ?? 'linux', architecture: platforms[i]!.architecture, ...(platforms[i]!.variant ? { variant: platforms[i]!.variant } : {}) },
        })),
      ],
    };
    const bytes = Buffer.from(JSON.stringify(index));
    const indexDigest = await this.pushManifest(repo, tag, MT.ociIndex, bytes);
    return { indexDigest, images };
  }
}

/** Path of a blob's data file in the registry's filesystem storage. */
export function blobDataPath(dataDir: string, digest: string): string {
  const hex = digest.slice('sha256:'.length);
  return join(dataDir, 'docker', 'registry', 'v2', 'blobs', 'sha256', hex.slice(0, 2), hex, 'data');
}

/** Flips one byte in a stored blob, keeping its length: the registry then serves wrong bytes. */
export function corruptBlob(dataDir: string, digest: string, at?: number): void {
  const path = blobDataPath(dataDir, digest);
  const bytes = readFileSync(path);
  const i = at ?? bytes.length - 3;
  bytes[i] = bytes[i] === 0x20 ? 0x09 : 0x20;
  writeFileSync(path, bytes);
}

export interface TokenServer {
  realm: string;
  service: string;
  issuer: string;
  cert: Cert;
  /** Token requests seen, by scope ('' for none), and how many carried credentials. */
  requests: Array<{ scope: string; authenticated: boolean }>;
  stop(): Promise<void>;
}

function b64url(b: Buffer | string): string {
  return Buffer.from(b).toString('base64url');
}

/**
 * A token service like Docker Hub's: signs RS256 JWTs (x5c header) that distribution verifies
 * against the certificate. Valid credentials get the requested actions; anonymous callers get
 * pull on `publicRepos` only; wrong credentials get 401.
 */
export async function startTokenServer(dir: string, users: Record<string, string>, publicRepos: string[] = []): Promise<TokenServer> {
  const cert = makeCert(dir, 'token');
  const der = new X509Certificate(cert.certPem).raw;
  const key = createPrivateKey(cert.keyPem);
  const service = 'leftshift-registry';
  const issuer = 'leftshift-token-issuer';
  const requests: TokenServer['requests'] = [];
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const scope = url.searchParams.get('scope') ?? '';
    const auth = req.headers.authorization;
    let user: string | undefined;
    if (auth?.startsWith('Basic ')) {
      const [u, ...p] = Buffer.from(auth.slice(6), 'base64').toString().split(':');
      if (users[u!] === undefined || users[u!] !== p.join(':')) {
        requests.push({ scope, authenticated: false });
        res.writeHead(401, { 'Content-Type': 'application/json' }).end('{"details":"invalid credentials"}');
        return;
      }
      user = u;
    }
    requests.push({ scope, authenticated: user !== undefined });
    const access: Array<{ type: string; name: string; actions: string[] }> = [];
    const m = /^repository:([^:]+):(.+)$/.exec(scope);
    if (m) {
      const actions = user ? m[2]!.split(',') : publicRepos.includes(m[1]!) ? ['pull'] : [];
      access.push({ type: 'repository', name: m[1]!, actions });
    }
    const now = Math.floor(Date.now() / 1000);
    const header = b64url(JSON.stringify({ alg: 'RS256', typ: 'JWT', x5c: [der.toString('base64')] }));
    const claims = b64url(JSON.stringify({ iss: issuer, sub: user ?? '', aud: service, exp: now + 300, nbf: now - 10, iat: now, jti: randomUUID(), access }));
    const signature = b64url(sign('sha256', Buffer.from(`${header}.${claims}`), key));
    res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ token: `${header}.${claims}.${signature}`, expires_in: 300, issued_at: new Date().toISOString() }));
  });
  const port = await freePort();
  await new Promise<void>((r) => server.listen(port, '127.0.0.1', () => r()));
  return {
    realm: `http://127.0.0.1:${port}/token`,
    service,
    issuer,
    cert,
    requests,
    stop: () => new Promise<void>((r) => server.close(() => r())),
  };
}
