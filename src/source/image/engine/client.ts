/**
 * A small client for the Docker Engine API, which podman serves too (its "compat" API). Only
 * what reading an image needs: `GET /_ping` (is anyone there, is it podman), `GET /version`
 * (API version range), `GET /images/{name}/json` (does it exist: ID, tags, digests, diff IDs)
 * and `GET /images/{name}/get` (the `docker save` tar stream).
 *
 * API version negotiation as the docker CLI does it: requests go to `/v<version>/…` with the
 * lower of the server's `ApiVersion` and the newest this client knows; a server older than the
 * oldest this client knows is refused. Errors name the endpoint and say what to do.
 */
import http, { type ClientRequest, type IncomingMessage } from 'node:http';
import https from 'node:https';
import type { Platform } from '../../../image/types.js';
import { TOOL_NAME, TOOL_VERSION } from '../../../version.js';
import { describeEndpoint, type EngineEndpoint } from './endpoints.js';
import { EngineError } from './errors.js';

/** Oldest API with everything used here (`RootFS` in image inspect came with 1.23). */
export const MIN_API_VERSION = '1.24';
/** Newest API this client knows; 1.48 added the `platform` parameter of image export. */
export const MAX_API_VERSION = '1.48';
const PLATFORM_PARAM_API = '1.48';

/** Largest JSON answer read (an inspect of an image with a huge config stays far below). */
const MAX_JSON_BYTES = 16 * 1024 * 1024;

export interface EngineInfo {
  /** The server is podman (its answers carry `Libpod-Api-Version`). */
  podman: boolean;
  /** The API version requests use. */
  apiVersion: string;
  /** `Docker Engine 27.3.1`, `Podman Engine 4.3.1`, for messages. */
  product: string;
}

/** The fields of `GET /images/{name}/json` leftshift uses. */
export interface ImageInspect {
  Id: string;
  RepoTags: string[];
  RepoDigests: string[];
  /** Uncompressed layer digests (diff IDs), bottom first. */
  diffIDs: string[];
  /** Sum of layer sizes as the engine reports it; a hint for the spool, not exact. */
  Size?: number;
  Os?: string;
  Architecture?: string;
}

export interface ClientOptions {
  /** Limit for connecting and for each small request (default 15 s). */
  timeoutMs?: number;
  /**
   * Longest silence allowed while an export streams (default 10 min). Engines write the whole
   * export to their own temp storage before the first byte (podman 4.3: ~85% of the time), so
   * this must cover that, not just gaps between chunks.
   */
  exportIdleTimeoutMs?: number;
}

/** `1.41` → [1, 41]; compares numerically (1.9 < 1.41). */
export function compareApiVersions(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

/** The version to speak: the lower of the server's and ours; undefined when the server is too old. */
export function negotiateApiVersion(serverVersion: string | undefined): string | undefined {
  if (!serverVersion || !/^\d+\.\d+$/.test(serverVersion)) return MAX_API_VERSION;
  if (compareApiVersions(serverVersion, MIN_API_VERSION) < 0) return undefined;
  return compareApiVersions(serverVersion, MAX_API_VERSION) < 0 ? serverVersion : MAX_API_VERSION;
}

/** Image names go into the path as Docker's router expects them: `/`, `:` and `@` kept. */
export function encodeImageName(name: string): string {
  return encodeURIComponent(name).replace(/%2F/gi, '/').replace(/%3A/gi, ':').replace(/%40/g, '@');
}

class RequestTimeout extends Error {
  constructor(ms: number) {
    super(`no answer within ${ms >= 1000 ? `${Math.round(ms / 1000)} s` : `${ms} ms`}`);
    this.name = 'RequestTimeout';
  }
}

const TLS_CODE = /CERT|SELF_SIGNED|UNABLE_TO_(GET|VERIFY)|ERR_TLS|ERR_SSL|EPROTO/;

/** A few words on why a connection failed: `no socket`, `connection refused (…)`, … */
export function connectionReason(err: unknown): string {
  const code = (err as NodeJS.ErrnoException | undefined)?.code ?? '';
  if (code === 'ENOENT' || code === 'ENOTDIR') return 'no socket';
  if (code === 'ECONNREFUSED') return 'connection refused (the engine is not running)';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (err instanceof RequestTimeout) return err.message;
  if (TLS_CODE.test(code)) return `TLS failed: ${(err as Error).message}`;
  return (err as Error | undefined)?.message ?? String(err);
}

/** Turns a socket-level failure into an EngineError naming the endpoint and what to do. */
export function connectionError(endpoint: EngineEndpoint, err: unknown): EngineError {
  const code = (err as NodeJS.ErrnoException).code ?? '';
  const where = describeEndpoint(endpoint);
  const socket = endpoint.transport.kind === 'unix' ? endpoint.transport.socketPath : undefined;
  let hint =
    endpoint.family === 'podman'
      ? 'start the podman API: `systemctl --user start podman.socket` (rootless), `sudo systemctl start podman.socket`, or `podman system service --time=0 &`'
      : 'start Docker (Docker Desktop, or `sudo systemctl start docker`), or point DOCKER_HOST at a running engine';
  let message = `cannot connect to the engine at ${where}: ${connectionReason(err)}`;
  if (code === 'ENOENT' || code === 'ENOTDIR') {
    message = `no engine at ${where}: the socket does not exist`;
  } else if (code === 'ECONNREFUSED' && socket) {
    message = `no engine at ${where}: connection refused (the engine is not running; the socket file is stale)`;
  } else if (code === 'EACCES' || code === 'EPERM') {
    hint =
      endpoint.family === 'podman'
        ? 'use your own (rootless) podman socket, or run leftshift as the socket owner'
        : `your user may not use ${socket ?? 'this endpoint'}: add it to the docker group (then log in again), use rootless Docker, or run with sudo`;
  } else if (err instanceof RequestTimeout) {
    hint = 'check that the engine is healthy (`docker info` / `podman info`)';
  } else if (TLS_CODE.test(code)) {
    hint = 'check DOCKER_CERT_PATH (ca.pem, cert.pem, key.pem) and that the host name matches the certificate';
  }
  return new EngineError('unavailable', message, hint, { cause: err });
}

export class EngineClient {
  readonly endpoint: EngineEndpoint;
  private readonly timeoutMs: number;
  private readonly exportIdleTimeoutMs: number;
  private info?: EngineInfo;

  constructor(endpoint: EngineEndpoint, options: ClientOptions = {}) {
    this.endpoint = endpoint;
    this.timeoutMs = options.timeoutMs ?? 15_000;
    this.exportIdleTimeoutMs = options.exportIdleTimeoutMs ?? 10 * 60_000;
  }

  private get where(): string {
    return describeEndpoint(this.endpoint);
  }

  /** Starts a GET; resolves with the response head. Connection failures become EngineErrors. */
  private send(urlPath: string, timeoutMs: number): { req: ClientRequest; response: Promise<IncomingMessage>; timedOut(): RequestTimeout | undefined } {
    const t = this.endpoint.transport;
    const common = { method: 'GET', path: urlPath, agent: false as const, headers: { 'User-Agent': `${TOOL_NAME}/${TOOL_VERSION}` } };
    let req: ClientRequest;
    if (t.kind === 'unix') req = http.request({ ...common, socketPath: t.socketPath });
    else if (t.tls) {
      req = https.request({
        ...common,
        host: t.host,
        port: t.port,
        ...(t.tls.ca ? { ca: t.tls.ca } : {}),
        ...(t.tls.cert && t.tls.key ? { cert: t.tls.cert, key: t.tls.key } : {}),
      });
    } else req = http.request({ ...common, host: t.host, port: t.port });
    let timeout: RequestTimeout | undefined;
    req.setTimeout(timeoutMs, () => {
      timeout = new RequestTimeout(timeoutMs);
      req.destroy(timeout);
    });
    const response = new Promise<IncomingMessage>((resolve, reject) => {
      req.once('response', (res) => {
        // Later failures surface on the response body (its iterator throws); keep the request's
        // own 'error' event from going unhandled.
        req.on('error', () => {});
        resolve(res);
      });
      req.once('error', (err) => reject(connectionError(this.endpoint, err)));
    });
    req.end();
    return { req, response, timedOut: () => timeout };
  }

  private async readBody(res: IncomingMessage, what: string): Promise<Buffer> {
    const chunks: Buffer[] = [];
    let total = 0;
    try {
      for await (const chunk of res as AsyncIterable<Buffer>) {
        total += chunk.length;
        if (total > MAX_JSON_BYTES) {
          res.destroy();
          throw new EngineError('protocol', `${this.where}: the answer to ${what} exceeds ${MAX_JSON_BYTES} bytes`);
        }
        chunks.push(chunk);
      }
    } catch (err) {
      if (err instanceof EngineError) throw err;
      throw connectionError(this.endpoint, err);
    }
    return Buffer.concat(chunks);
  }

  private async getJson(urlPath: string, what: string): Promise<{ status: number; value: unknown; headers: IncomingMessage['headers'] }> {
    const { response } = this.send(urlPath, this.timeoutMs);
    const res = await response;
    const body = await this.readBody(res, what);
    let value: unknown;
    try {
      value = body.length > 0 ? JSON.parse(body.toString('utf8')) : undefined;
    } catch {
      value = body.toString('utf8').slice(0, 200);
    }
    return { status: res.statusCode ?? 0, value, headers: res.headers };
  }

  private httpError(what: string, status: number, value: unknown): EngineError {
    const message = typeof value === 'object' && value !== null && typeof (value as { message?: unknown }).message === 'string' ? (value as { message: string }).message : String(value ?? '');
    return new EngineError('protocol', `${this.where} answered ${what} with HTTP ${status}${message ? `: ${message}` : ''}`);
  }

  /** Pings the engine and negotiates the API version (once). */
  async connect(): Promise<EngineInfo> {
    if (this.info) return this.info;
    const ping = await this.getJson('/_ping', 'GET /_ping');
    if (ping.status !== 200) throw this.httpError('GET /_ping', ping.status, ping.value);
    const podman = ping.headers['libpod-api-version'] !== undefined;
    const version = await this.getJson('/version', 'GET /version');
    if (version.status !== 200 || typeof version.value !== 'object' || version.value === null) throw this.httpError('GET /version', version.status, version.value);
    const v = version.value as { ApiVersion?: unknown; Version?: unknown; Components?: Array<{ Name?: unknown }> };
    const serverApi = typeof v.ApiVersion === 'string' ? v.ApiVersion : undefined;
    const apiVersion = negotiateApiVersion(serverApi);
    const name = typeof v.Components?.[0]?.Name === 'string' ? v.Components[0].Name : podman ? 'Podman Engine' : 'Docker Engine';
    const product = `${name} ${typeof v.Version === 'string' ? v.Version : '(unknown version)'}`;
    if (apiVersion === undefined) {
      throw new EngineError('protocol', `${product} at ${this.where} speaks API ${serverApi}, older than ${MIN_API_VERSION}, the oldest leftshift supports`, 'upgrade the engine');
    }
    this.info = { podman, apiVersion, product };
    return this.info;
  }

  /** Image inspect; undefined when the engine has no such image (404). */
  async inspectImage(name: string): Promise<ImageInspect | undefined> {
    const { apiVersion } = await this.connect();
    const what = `image inspect of '${name}'`;
    const { status, value } = await this.getJson(`/v${apiVersion}/images/${encodeImageName(name)}/json`, what);
    if (status === 404) return undefined;
    if (status !== 200) throw this.httpError(what, status, value);
    if (typeof value !== 'object' || value === null) throw new EngineError('protocol', `${this.where}: ${what} is not a JSON object`);
    const raw = value as Record<string, unknown>;
    const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((s): s is string => typeof s === 'string') : []);
    if (typeof raw.Id !== 'string') throw new EngineError('protocol', `${this.where}: ${what} has no Id`);
    const rootfs = raw.RootFS as { Layers?: unknown } | undefined;
    return {
      Id: raw.Id.includes(':') ? raw.Id : `sha256:${raw.Id}`,
      RepoTags: strings(raw.RepoTags),
      RepoDigests: strings(raw.RepoDigests),
      diffIDs: strings(rootfs?.Layers),
      ...(typeof raw.Size === 'number' ? { Size: raw.Size } : {}),
      ...(typeof raw.Os === 'string' ? { Os: raw.Os } : {}),
      ...(typeof raw.Architecture === 'string' ? { Architecture: raw.Architecture } : {}),
    };
  }

  /**
   * Starts the export (`docker save`) of one image. The caller reads `body` and must call
   * `abort()` when it stops early. 404 here means the image went away since inspect.
   */
  async exportImage(name: string, platform?: Platform): Promise<{ body: AsyncIterable<Buffer>; abort(): void }> {
    const { apiVersion } = await this.connect();
    let query = '';
    if (platform && compareApiVersions(apiVersion, PLATFORM_PARAM_API) >= 0) {
      // A multi-platform image in a containerd-backed Docker exports every platform otherwise.
      query = `?platform=${encodeURIComponent(JSON.stringify(platform))}`;
    }
    const what = `the export of '${name}'`;
    const { req, response, timedOut } = this.send(`/v${apiVersion}/images/${encodeImageName(name)}/get${query}`, this.exportIdleTimeoutMs);
    const res = await response;
    if (res.statusCode !== 200) {
      const body = await this.readBody(res, what);
      let value: unknown = body.toString('utf8').slice(0, 500);
      try {
        value = JSON.parse(body.toString('utf8'));
      } catch {
        // Not JSON: the text itself is the message.
      }
      throw this.httpError(what, res.statusCode ?? 0, value);
    }
    // A silent engine is cut by the idle timeout; the socket then reports a bare "aborted".
    async function* body(): AsyncGenerator<Buffer> {
      try {
        for await (const chunk of res as AsyncIterable<Buffer>) yield chunk;
      } catch (err) {
        throw timedOut() ?? err;
      }
    }
    return {
      body: body(),
      abort: () => {
        res.destroy();
        req.destroy();
      },
    };
  }
}
