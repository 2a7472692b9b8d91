/**
 * A read-only client for the Docker Registry HTTP API V2 / OCI distribution spec: tags, manifests
 * and blobs, with anonymous, Basic and Bearer-token auth. Every byte fetched by digest (or announced
 * with `Docker-Content-Digest`) is verified. One client serves any number of registries; credentials
 * are looked up per registry so none is offered to a registry it was not meant for.
 *
 * Built to be reused by image sources: `resolveImage` walks tag → index → platform manifest →
 * config, and `openBlob` streams a layer while verifying it.
 */
import type { Readable } from 'node:stream';
import type { ImageConfig, Platform } from '../../image/types.js';
import {
  basicAuthorization,
  parseChallenge,
  pullScope,
  resolveCredentials,
  TokenCache,
  type Challenge,
  type CredentialResolution,
  type CredentialSources,
} from './auth.js';
import { DigestVerifier, digestOf, parseDigest } from './digest.js';
import { RegistryError } from './errors.js';
import { drain, networkError, readBody, Transport, type HttpResponse, type TransportOptions } from './http.js';
import { firstImage, formatPlatform, MANIFEST_ACCEPT, parseManifest, selectPlatform, type ImageManifest, type Manifest } from './manifest.js';
import { DOCKER_HUB, DOCKER_HUB_API_HOST, formatReference, manifestReference, repositoryName, type RegistryReference } from './reference.js';

export interface RegistryClientOptions extends TransportOptions {
  /** Where credentials come from; default: environment and docker config file only. */
  credentials?: CredentialSources;
  /** Manifests larger than this are refused (distribution's own limit is 4 MiB). */
  maxManifestBytes?: number;
  /** Config blobs larger than this are refused. */
  maxConfigBytes?: number;
  /** Stop following tag-list `Link` pages after this many. */
  maxTagPages?: number;
}

/** The registry-side coordinates a request needs. */
export type RepositoryRef = Pick<RegistryReference, 'registry' | 'apiHost' | 'repository'>;

export interface FetchedManifest {
  manifest: Manifest;
  /** Verified digest of `bytes`. */
  digest: string;
  bytes: Buffer;
}

export interface ResolvedImage {
  manifest: ImageManifest;
  manifestDigest: string;
  /** Raw, digest-verified bytes of the platform manifest (image sources validate them strictly). */
  manifestBytes: Buffer;
  /** The index (manifest list) the reference pointed to, when it was multi-platform. */
  indexDigest?: string;
  /** The platform picked from the index (or declared by the config). */
  platform?: Platform;
  configDigest: string;
  /** Raw, digest-verified config bytes. */
  configBytes: Buffer;
  config: ImageConfig;
}

export interface TagList {
  tags: string[];
  /** False when pagination was cut off at `maxTagPages`. */
  complete: boolean;
}

export interface PingResult {
  /** `Docker-Distribution-Api-Version`, when sent. */
  apiVersion?: string;
  /** True when `/v2/` answered 401: the registry wants auth (for this endpoint at least). */
  authRequired: boolean;
  /** Auth scheme of the challenge (`bearer`, `basic`), when there was one. */
  authScheme?: string;
}

const MiB = 1024 * 1024;
const ERROR_BODY_LIMIT = 64 * 1024;
const TOKEN_BODY_LIMIT = 1 * MiB;
const MAX_REDIRECTS = 5;
const REDIRECTS = new Set([301, 302, 303, 307, 308]);

interface HostState {
  credentials?: CredentialResolution;
  scheme?: 'basic' | 'bearer';
  bearer?: { realm: string; service?: string };
}

interface RequestOptions {
  method?: string;
  accept?: string;
  /** Token scope this request needs (`repository:x:pull`). */
  scope?: string;
  /** What is being fetched, for messages: `manifest registry/repo:tag`. */
  what: string;
}

/** Server text (registry error messages) quoted in ours: one short line, no control characters. */
function sanitize(text: string): string {
  const clean = text.replace(/[\u0000-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/g, ' ').trim();
  return clean.length > 200 ? `${clean.slice(0, 200)}…` : clean;
}

/** The `next` target of a `Link` header (RFC 8288), if any. */
export function parseLinkNext(header: string | undefined): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(/,(?=\s*<)/)) {
    const m = /^\s*<([^>]*)>\s*;(.*)$/.exec(part);
    if (m && /(?:^|;)\s*rel\s*=\s*"?(?:[^";]*\s)?next(?:\s[^";]*)?"?\s*(?:;|$)/i.test(m[2]!)) return m[1]!;
  }
  return undefined;
}

export class RegistryClient {
  readonly #transport: Transport;
  readonly #options: RegistryClientOptions;
  readonly #hosts = new Map<string, HostState>();
  readonly #tokens = new TokenCache();

  constructor(options: RegistryClientOptions = {}) {
    this.#options = options;
    this.#transport = new Transport(options);
  }

  /** `GET /v2/`: is this a registry, and does it want auth? */
  async ping(registry: string): Promise<PingResult> {
    const apiHost = registry === DOCKER_HUB ? DOCKER_HUB_API_HOST : registry;
    const url = new URL('/v2/', this.#transport.baseUrl(apiHost));
    const res = await this.#transport.send(url, { label: registry });
    drain(res);
    const apiVersion = headerValue(res.headers['docker-distribution-api-version']);
    if (res.status === 200) return { apiVersion, authRequired: false };
    if (res.status === 401) {
      const challenge = parseChallenge(headerValue(res.headers['www-authenticate']) ?? '');
      return { apiVersion, authRequired: true, authScheme: challenge?.scheme };
    }
    throw new RegistryError('protocol', `${registry} answered HTTP ${res.status} to /v2/: it does not look like a container registry`, 'check the address', { status: res.status });
  }

  /** All tags of the repository, following `Link` pagination. */
  async listTags(ref: RepositoryRef): Promise<TagList> {
    const name = repositoryName(ref);
    const maxPages = this.#options.maxTagPages ?? 100;
    const seen = new Set<string>();
    let url = new URL(`/v2/${ref.repository}/tags/list?n=1000`, this.#transport.baseUrl(ref.apiHost));
    const visited = new Set<string>();
    for (let page = 0; page < maxPages; page++) {
      visited.add(url.href);
      const res = await this.#request(ref, url, { scope: pullScope(ref.repository), what: `tags of ${name}` });
      if (res.status !== 200) throw await this.#statusError(res, ref, `tags of ${name}`, 'repository');
      const body = await readBody(res, 16 * MiB, ref.registry);
      let parsed: { tags?: unknown };
      try {
        parsed = JSON.parse(body.toString('utf8')) as { tags?: unknown };
      } catch {
        throw new RegistryError('protocol', `${ref.registry} sent a tag list for ${name} that is not JSON`);
      }
      // `tags: null` is what distribution sends for a repository whose tags were all deleted.
      if (parsed.tags !== null && parsed.tags !== undefined && !Array.isArray(parsed.tags)) throw new RegistryError('protocol', `${ref.registry} sent a malformed tag list for ${name}`);
      for (const t of (parsed.tags ?? []) as unknown[]) if (typeof t === 'string') seen.add(t);
      const next = parseLinkNext(headerValue(res.headers.link));
      if (next === undefined) return { tags: [...seen], complete: true };
      const nextUrl = new URL(next, url);
      // A Link to another host would make us send credentials there; a repeated one would loop.
      if (nextUrl.host !== url.host || nextUrl.protocol !== url.protocol) throw new RegistryError('protocol', `${ref.registry} sent a tag-list Link to another host (${nextUrl.host})`);
      if (visited.has(nextUrl.href)) return { tags: [...seen], complete: true };
      url = nextUrl;
    }
    return { tags: [...seen], complete: false };
  }

  /**
   * The manifest or index for a tag or digest (default: the reference's digest, else tag, else
   * `latest`). Its bytes are checked against the requested digest and `Docker-Content-Digest`.
   */
  async getManifest(ref: RepositoryRef & Partial<Pick<RegistryReference, 'tag' | 'digest'>>, reference?: string): Promise<FetchedManifest> {
    const target = reference ?? manifestReference({ ...ref, tag: ref.tag, digest: ref.digest });
    const what = `manifest ${describe(ref, target)}`;
    const url = new URL(`/v2/${ref.repository}/manifests/${target}`, this.#transport.baseUrl(ref.apiHost));
    const res = await this.#request(ref, url, { accept: MANIFEST_ACCEPT, scope: pullScope(ref.repository), what });
    if (res.status !== 200) throw await this.#statusError(res, ref, what, target.includes(':') ? 'digest' : 'tag');
    const bytes = await readBody(res, this.#options.maxManifestBytes ?? 4 * MiB, ref.registry);
    const requested = target.includes(':') ? parseDigest(target) : undefined;
    if (target.includes(':') && !requested) throw new RegistryError('protocol', `cannot verify ${what}: unsupported digest algorithm`);
    const announced = headerValue(res.headers['docker-content-digest']);
    const announcedParsed = announced ? parseDigest(announced) : undefined;
    const computed = digestOf(bytes, requested?.algorithm ?? announcedParsed?.algorithm ?? 'sha256');
    if (requested && computed !== target) throw this.#mismatch(what, target, computed);
    if (announcedParsed) {
      const forHeader = announcedParsed.algorithm === computed.split(':')[0] ? computed : digestOf(bytes, announcedParsed.algorithm);
      if (forHeader !== announced) throw this.#mismatch(what, announced!, forHeader);
    }
    const manifest = parseManifest(bytes, headerValue(res.headers['content-type']));
    if (typeof manifest === 'string') throw new RegistryError('protocol', `cannot read ${what}: ${manifest}`);
    return { manifest, digest: requested ? target : computed, bytes };
  }

  /**
   * Tag (or digest) → image for one platform: follows an index to the platform's manifest and
   * fetches the config. Without `platform`, linux/amd64. With `anyPlatform`, an index lacking the
   * platform yields its first image instead of an error (enough for dates and labels).
   */
  async resolveImage(
    ref: RepositoryRef & Partial<Pick<RegistryReference, 'tag' | 'digest'>>,
    options: { reference?: string; platform?: Platform; anyPlatform?: boolean } = {},
  ): Promise<ResolvedImage> {
    const top = await this.getManifest(ref, options.reference);
    let manifest: ImageManifest;
    let manifestDigest = top.digest;
    let manifestBytes = top.bytes;
    let indexDigest: string | undefined;
    let platform: Platform | undefined;
    if (top.manifest.kind === 'index') {
      const want = options.platform ?? { os: 'linux', architecture: 'amd64' };
      const picked = selectPlatform(top.manifest, want) ?? (options.anyPlatform ? firstImage(top.manifest) : undefined);
      const target = options.reference ?? manifestReference({ ...ref, tag: ref.tag, digest: ref.digest });
      if (!picked) {
        const available = top.manifest.manifests.filter((d) => d.platform && d.platform.os !== 'unknown').map((d) => formatPlatform(d.platform!));
        throw new RegistryError('not-found', `${describe(ref, target)} has no image for ${formatPlatform(want)} (available: ${available.join(', ') || 'none'})`, 'choose another with --platform');
      }
      const child = await this.getManifest(ref, picked.digest);
      if (child.manifest.kind !== 'manifest') throw new RegistryError('protocol', `${describe(ref, target)}: nested image indexes are not supported`);
      manifest = child.manifest;
      indexDigest = top.digest;
      manifestDigest = child.digest;
      manifestBytes = child.bytes;
      platform = picked.platform ? { os: picked.platform.os, architecture: picked.platform.architecture, variant: picked.platform.variant } : undefined;
    } else {
      manifest = top.manifest;
    }
    const configBytes = await this.getBlob(ref, manifest.config.digest, { maxBytes: this.#options.maxConfigBytes ?? 16 * MiB, expectedSize: manifest.config.size });
    let config: ImageConfig;
    try {
      config = JSON.parse(configBytes.toString('utf8')) as ImageConfig;
    } catch {
      throw new RegistryError('protocol', `the config of ${describe(ref, manifestDigest)} is not JSON`);
    }
    if (typeof config !== 'object' || config === null) throw new RegistryError('protocol', `the config of ${describe(ref, manifestDigest)} is not a JSON object`);
    if (!platform && config.os && config.architecture) platform = { os: config.os, architecture: config.architecture, variant: config.variant };
    return { manifest, manifestDigest, manifestBytes, indexDigest, platform, configDigest: manifest.config.digest, configBytes, config };
  }

  /**
   * `HEAD` of a blob: true when the registry has it, false on 404. For layers that may legitimately
   * be absent (non-distributable ones), so their absence is reported before a scan starts.
   */
  async hasBlob(ref: RepositoryRef, digest: string): Promise<boolean> {
    this.#checkDigest(ref, digest);
    const what = `blob ${describe(ref, digest)}`;
    const url = new URL(`/v2/${ref.repository}/blobs/${digest}`, this.#transport.baseUrl(ref.apiHost));
    const res = await this.#request(ref, url, { method: 'HEAD', scope: pullScope(ref.repository), what });
    if (res.status === 200) {
      drain(res);
      return true;
    }
    if (res.status === 404) {
      drain(res);
      return false;
    }
    throw await this.#statusError(res, ref, what, 'blob');
  }

  /** A whole blob (a config), verified against its digest and, when given, its size. */
  async getBlob(ref: RepositoryRef, digest: string, options: { maxBytes?: number; expectedSize?: number } = {}): Promise<Buffer> {
    const parsed = this.#checkDigest(ref, digest);
    const what = `blob ${describe(ref, digest)}`;
    const res = await this.#blobResponse(ref, digest, what);
    const bytes = await readBody(res, options.maxBytes ?? 16 * MiB, ref.registry);
    const actual = digestOf(bytes, parsed.algorithm);
    if (actual !== digest) throw this.#mismatch(what, digest, actual);
    if (options.expectedSize !== undefined && bytes.length !== options.expectedSize) {
      throw new RegistryError('digest-mismatch', `${what} is ${bytes.length} bytes, but its descriptor says ${options.expectedSize}`, 'the manifest and the stored blob disagree; the image is corrupt');
    }
    return bytes;
  }

  /**
   * Streams a blob (a layer). The stream errors with a `RegistryError` (kind `digest-mismatch`)
   * before it ends when the bytes do not match `digest` (or `expectedSize`), so a consumer that
   * waits for the end never accepts tampered content.
   */
  async openBlob(ref: RepositoryRef, digest: string, options: { expectedSize?: number } = {}): Promise<Readable> {
    const parsed = this.#checkDigest(ref, digest);
    const what = `blob ${describe(ref, digest)}`;
    const res = await this.#blobResponse(ref, digest, what);
    const verifier = new DigestVerifier(
      parsed,
      (problem) =>
        problem.reason === 'digest'
          ? this.#mismatch(what, digest, problem.actual)
          : new RegistryError('digest-mismatch', `${what} is ${problem.reason === 'oversize' ? 'larger than' : `${problem.size} bytes, not`} its descriptor size ${options.expectedSize}`, 'the image is corrupt or was tampered with'),
      options.expectedSize,
    );
    res.body.on('error', (e) => verifier.destroy(networkError(e as NodeJS.ErrnoException, ref.registry)));
    // A consumer that stops early releases the connection instead of leaving it half-read.
    verifier.on('close', () => {
      if (!res.body.complete) res.body.destroy();
    });
    res.body.pipe(verifier);
    return verifier;
  }

  /** Closes idle connections. Tokens are forgotten with the client. */
  close(): void {
    this.#transport.close();
  }

  // ---- internals ----

  #checkDigest(ref: RepositoryRef, digest: string): NonNullable<ReturnType<typeof parseDigest>> {
    const parsed = parseDigest(digest);
    if (!parsed) throw new RegistryError('protocol', `cannot verify blob ${describe(ref, digest)}: not a sha256/sha512 digest`);
    return parsed;
  }

  async #blobResponse(ref: RepositoryRef, digest: string, what: string): Promise<HttpResponse> {
    const url = new URL(`/v2/${ref.repository}/blobs/${digest}`, this.#transport.baseUrl(ref.apiHost));
    const res = await this.#request(ref, url, { scope: pullScope(ref.repository), what });
    if (res.status !== 200) throw await this.#statusError(res, ref, what, 'blob');
    return res;
  }

  #mismatch(what: string, expected: string, actual: string): RegistryError {
    return new RegistryError(
      'digest-mismatch',
      `digest mismatch for ${what}: expected ${expected}, got ${actual}`,
      'the registry (or something between it and you) served different bytes than the digest promises; do not use this image',
    );
  }

  #state(ref: RepositoryRef): HostState {
    let s = this.#hosts.get(ref.apiHost);
    if (!s) {
      s = {};
      this.#hosts.set(ref.apiHost, s);
    }
    s.credentials ??= resolveCredentials(ref.registry, this.#options.credentials ?? {});
    return s;
  }

  /**
   * Sends a request with whatever auth the host is known to want, answers one 401 challenge
   * (Bearer: fetch a token for the scope; Basic: send credentials) and retries once.
   */
  async #request(ref: RepositoryRef, url: URL, opts: RequestOptions): Promise<HttpResponse> {
    const state = this.#state(ref);
    let authorization = await this.#knownAuthorization(ref, state, opts.scope);
    let res = await this.#sendFollowing(url, opts, authorization, ref.registry);
    if (res.status === 401) {
      const challenge = parseChallenge(headerValue(res.headers['www-authenticate']) ?? '');
      drain(res);
      const retry = challenge ? await this.#answerChallenge(ref, state, challenge, opts.scope, authorization) : undefined;
      if (retry === undefined) throw this.#authError(ref, state, 401, opts.what);
      authorization = retry;
      res = await this.#sendFollowing(url, opts, authorization, ref.registry);
      if (res.status === 401) {
        drain(res);
        throw this.#authError(ref, state, 401, opts.what);
      }
    }
    if (res.status === 403) {
      drain(res);
      throw this.#authError(ref, state, 403, opts.what);
    }
    return res;
  }

  /** Follows redirects (blob storage on another host); credentials stay with the registry's host. */
  async #sendFollowing(url: URL, opts: RequestOptions, authorization: string | undefined, label: string): Promise<HttpResponse> {
    let current = url;
    for (let hop = 0; ; hop++) {
      const headers: Record<string, string> = {};
      if (opts.accept) headers.Accept = opts.accept;
      if (authorization && current.host === url.host && current.protocol === url.protocol) headers.Authorization = authorization;
      const res = await this.#transport.send(current, { method: opts.method, headers, label });
      const location = headerValue(res.headers.location);
      if (!REDIRECTS.has(res.status) || location === undefined) return res;
      drain(res);
      if (hop >= MAX_REDIRECTS) throw new RegistryError('protocol', `${label} redirected ${opts.what} more than ${MAX_REDIRECTS} times`);
      current = new URL(location, current);
    }
  }

  async #knownAuthorization(ref: RepositoryRef, state: HostState, scope: string | undefined): Promise<string | undefined> {
    if (state.scheme === 'basic' && state.credentials?.credentials) return basicAuthorization(state.credentials.credentials);
    if (state.scheme === 'bearer' && state.bearer) {
      const { realm, service } = state.bearer;
      const token = await this.#tokens.getOrFetch(TokenCache.key(realm, service, scope), () => this.#fetchToken(ref, state, realm, service, scope));
      return `Bearer ${token}`;
    }
    return undefined;
  }

  async #answerChallenge(ref: RepositoryRef, state: HostState, challenge: Challenge, scope: string | undefined, sent: string | undefined): Promise<string | undefined> {
    if (challenge.scheme === 'bearer') {
      const realm = challenge.params.realm;
      if (!realm) throw new RegistryError('protocol', `${ref.registry} asked for a Bearer token without naming a token service (realm)`);
      const service = challenge.params.service;
      const tokenScope = challenge.params.scope ?? scope;
      state.scheme = 'bearer';
      state.bearer = { realm, service };
      const key = TokenCache.key(realm, service, tokenScope);
      // The token we sent for this scope was refused: a fresh one is worth one try (expired,
      // revoked). The caller retries once, so a registry that keeps refusing cannot loop us.
      if (sent?.startsWith('Bearer ') && this.#tokens.get(key) === sent.slice('Bearer '.length)) this.#tokens.delete(key);
      const token = await this.#tokens.getOrFetch(key, () => this.#fetchToken(ref, state, realm, service, tokenScope));
      return `Bearer ${token}`;
    }
    if (challenge.scheme === 'basic') {
      state.scheme = 'basic';
      const creds = state.credentials?.credentials;
      if (!creds || sent?.startsWith('Basic ')) return undefined;
      return basicAuthorization(creds);
    }
    return undefined;
  }

  /** The token flow of the distribution spec: GET realm?service=&scope=, Basic auth when we have credentials. */
  async #fetchToken(ref: RepositoryRef, state: HostState, realm: string, service: string | undefined, scope: string | undefined): Promise<{ token: string; expiresInSeconds: number }> {
    let url: URL;
    try {
      url = new URL(realm);
    } catch {
      throw new RegistryError('protocol', `${ref.registry} named an invalid token service URL`);
    }
    if (service) url.searchParams.set('service', service);
    if (scope) url.searchParams.append('scope', scope);
    const creds = state.credentials?.credentials;
    const headers: Record<string, string> = {};
    if (creds) headers.Authorization = basicAuthorization(creds);
    const label = `${ref.registry}'s token service (${url.host})`;
    const res = await this.#transport.send(url, { headers, label });
    if (res.status === 401 || res.status === 403) {
      drain(res);
      throw this.#authError(ref, state, res.status, `a token for ${repositoryName(ref)}`);
    }
    if (res.status !== 200) {
      drain(res);
      throw new RegistryError('protocol', `${label} answered HTTP ${res.status}`, undefined, { status: res.status });
    }
    const body = await readBody(res, TOKEN_BODY_LIMIT, label);
    let parsed: { token?: unknown; access_token?: unknown; expires_in?: unknown };
    try {
      parsed = JSON.parse(body.toString('utf8')) as typeof parsed;
    } catch {
      throw new RegistryError('protocol', `${label} sent a response that is not JSON`);
    }
    const token = typeof parsed.token === 'string' && parsed.token !== '' ? parsed.token : parsed.access_token;
    if (typeof token !== 'string' || token === '') throw new RegistryError('protocol', `${label} sent no token`);
    // The spec's default lifetime is 60 s when expires_in is absent.
    const expiresInSeconds = typeof parsed.expires_in === 'number' && parsed.expires_in > 0 ? parsed.expires_in : 60;
    return { token, expiresInSeconds };
  }

  #authError(ref: RepositoryRef, state: HostState, status: number, what: string): RegistryError {
    const creds = state.credentials?.credentials;
    const repo = repositoryName(ref);
    const from = creds ? { flag: '--creds', env: 'LEFTSHIFT_REGISTRY_USER/LEFTSHIFT_REGISTRY_PASSWORD', 'docker-config': 'the docker config file', 'credential-helper': 'the docker credential helper' }[creds.origin] : '';
    if (status === 403) {
      return new RegistryError(
        'denied',
        `${ref.registry} denied access to ${what} (HTTP 403)`,
        creds ? `user "${creds.username}" (from ${from}) may not pull ${repo}` : `the registry refuses anonymous pulls of ${repo}; pass credentials with --creds USER:PASSWORD`,
        { status },
      );
    }
    if (creds) {
      return new RegistryError('auth', `${ref.registry} rejected the credentials for ${what} (HTTP 401)`, `check the user name "${creds.username}" and password from ${from}, and that the account may pull ${repo}`, { status });
    }
    const helper = state.credentials?.helper
      ? `; your docker config keeps this login in the credential helper "${state.credentials.helper}"${state.credentials.helperProblem ? `, but ${state.credentials.helperProblem}` : ''}`
      : '';
    return new RegistryError(
      'auth',
      `${ref.registry} requires authentication for ${what} (HTTP 401)`,
      `pass --creds USER:PASSWORD, set LEFTSHIFT_REGISTRY_USER and LEFTSHIFT_REGISTRY_PASSWORD, or docker login ${ref.registry}${helper}; some registries (Docker Hub) also answer this way for repositories that do not exist`,
      { status },
    );
  }

  /** A non-2xx answer, with the registry's own error code and message when it sent them. */
  async #statusError(res: HttpResponse, ref: RepositoryRef, what: string, target: 'repository' | 'tag' | 'digest' | 'blob'): Promise<RegistryError> {
    let code: string | undefined;
    let message: string | undefined;
    try {
      const body = await readBody(res, ERROR_BODY_LIMIT, ref.registry);
      const parsed = JSON.parse(body.toString('utf8')) as { errors?: Array<{ code?: unknown; message?: unknown }> };
      const first = parsed.errors?.[0];
      if (typeof first?.code === 'string') code = sanitize(first.code);
      if (typeof first?.message === 'string') message = sanitize(first.message);
    } catch {
      // Not a distribution error body (an HTML error page, a proxy): the status says enough.
    }
    const detail = code || message ? ` (${[code, message].filter(Boolean).join(': ')})` : '';
    const status = res.status;
    if (status === 404) {
      // The registry's code says what is missing; without one, what we asked for is the best guess.
      const missing =
        code === 'NAME_UNKNOWN' || target === 'repository' ? 'repository'
        : code === 'BLOB_UNKNOWN' || target === 'blob' ? 'blob'
        : code === 'MANIFEST_UNKNOWN' ? (target === 'digest' ? 'digest' : 'tag')
        : 'repository/tag';
      const subject = missing === 'repository' ? repositoryName(ref) : what.replace(/^(manifest|blob) /, '');
      const hint = missing === 'blob' ? 'the manifest refers to a blob the registry does not have' : 'check the repository name and tag';
      return new RegistryError('not-found', `no such ${missing}: ${subject}${detail}`, hint, { status });
    }
    if (status === 429) {
      const retry = headerValue(res.headers['retry-after']);
      return new RegistryError('rate-limited', `${ref.registry} rate-limited the request for ${what} (HTTP 429)${retry ? `, retry after ${sanitize(retry)}s` : ''}`, 'wait, or authenticate: registries such as Docker Hub allow more requests to logged-in users', { status });
    }
    return new RegistryError('protocol', `${ref.registry} answered HTTP ${status} for ${what}${detail}`, status >= 500 ? 'the registry had an internal problem; try again later' : undefined, { status });
  }
}

/** `registry/repo:tag` or `registry/repo@digest` for messages. */
function describe(ref: RepositoryRef, target: string): string {
  return formatReference({ ...ref, ...(target.includes(':') ? { digest: target } : { tag: target }) }, { full: ref.registry !== DOCKER_HUB });
}

function headerValue(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[0] : v;
}
