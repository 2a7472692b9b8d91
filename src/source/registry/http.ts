/**
 * One HTTP exchange with a registry (or its token service, or a blob redirect target), with the
 * transport policy applied: HTTPS unless the host was explicitly allowed plain HTTP, a custom CA
 * added to (not replacing) the system roots, a timeout, and network errors turned into messages
 * a user can act on. Uses node:http(s) rather than fetch because fetch cannot take a custom CA
 * without the undici package.
 */
import http, { type IncomingHttpHeaders, type IncomingMessage } from 'node:http';
import https from 'node:https';
import { rootCertificates } from 'node:tls';
import { RegistryError } from './errors.js';
import { hostWithoutPort } from './reference.js';

export interface TransportOptions {
  /** Extra trusted CA certificates (PEM), e.g. a private registry's. */
  ca?: Array<string | Buffer>;
  /** `host` or `host:port` entries that may be spoken to over plain HTTP. */
  insecureHosts?: string[];
  /** Socket inactivity limit (connect, headers, and gaps while a body streams). */
  timeoutMs?: number;
  userAgent?: string;
}

export interface HttpResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: IncomingMessage;
}

const NETWORK_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'ECONNRESET', 'EPIPE', 'EADDRNOTAVAIL']);
const TLS_CODE = /CERT|SELF_SIGNED|UNABLE_TO_(GET|VERIFY)|ERR_TLS|ERR_SSL|EPROTO/;

export const DEFAULT_TIMEOUT_MS = 30_000;

export class Transport {
  readonly #options: TransportOptions;
  readonly #httpsAgent: https.Agent;
  readonly #httpAgent: http.Agent;

  constructor(options: TransportOptions = {}) {
    this.#options = options;
    // `ca` replaces Node's bundled roots, so add them back: a custom CA must not break public registries.
    const ca = options.ca && options.ca.length > 0 ? [...rootCertificates, ...options.ca] : undefined;
    this.#httpsAgent = new https.Agent({ keepAlive: true, ca });
    this.#httpAgent = new http.Agent({ keepAlive: true });
  }

  /** True when `host` (`name[:port]`) was listed for plain HTTP, with or without its port. */
  allowsPlainHttp(host: string): boolean {
    const list = this.#options.insecureHosts ?? [];
    const h = host.toLowerCase();
    return list.some((entry) => {
      const e = entry.toLowerCase().replace(/^[a-z]+:\/\//, '').replace(/\/.*$/, '');
      if (e === h) return true;
      // An entry without a port allows every port of that host.
      return hostWithoutPort(e) === e && e === hostWithoutPort(h);
    });
  }

  /** `https://host` or, for an allowed host, `http://host`. */
  baseUrl(host: string): string {
    return `${this.allowsPlainHttp(host) ? 'http' : 'https'}://${host}`;
  }

  get timeoutMs(): number {
    return this.#options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  }

  /**
   * Sends one request and resolves once the response headers arrive; the caller reads or drains
   * `body`. `label` names the party in messages (the registry host) — never the URL, whose query
   * may carry a signature.
   */
  send(url: URL, init: { method?: string; headers?: Record<string, string>; label: string }): Promise<HttpResponse> {
    const label = init.label;
    if (url.protocol === 'http:' && !this.allowsPlainHttp(url.host)) {
      return Promise.reject(
        new RegistryError('insecure', `refusing plain HTTP to ${url.host}${url.host === label ? '' : ` (for ${label})`}`, `leftshift talks HTTPS only; allow this host explicitly with --insecure-registry ${url.host}`),
      );
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      return Promise.reject(new RegistryError('protocol', `${label} sent an unsupported URL scheme "${url.protocol}"`));
    }
    const lib = url.protocol === 'https:' ? https : http;
    const agent = url.protocol === 'https:' ? this.#httpsAgent : this.#httpAgent;
    const timeoutMs = this.timeoutMs;
    return new Promise<HttpResponse>((resolve, reject) => {
      let settled = false;
      let response: IncomingMessage | undefined;
      const req = lib.request(
        url,
        {
          method: init.method ?? 'GET',
          agent,
          timeout: timeoutMs,
          headers: { 'User-Agent': this.#options.userAgent ?? 'leftshift', ...init.headers },
        },
        (res) => {
          settled = true;
          response = res;
          // The socket timeout keeps guarding the body: a stalled stream fails instead of hanging.
          res.on('error', () => {}); // errors surface to whoever reads the body
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: res });
        },
      );
      req.on('timeout', () => {
        const err = new RegistryError('timeout', `${label} did not answer within ${Math.round(timeoutMs / 100) / 10}s`, 'check the address or network, or raise --timeout');
        // After the headers, the body reader must see the timeout, not a generic "aborted".
        response?.destroy(err);
        req.destroy(err);
      });
      req.on('error', (e: NodeJS.ErrnoException) => {
        if (settled) return;
        settled = true;
        reject(networkError(e, label, url.host));
      });
      req.end();
    });
  }

  /** Closes idle keep-alive sockets. */
  close(): void {
    this.#httpsAgent.destroy();
    this.#httpAgent.destroy();
  }
}

/** A Node network or TLS error, worded for the user. */
export function networkError(e: NodeJS.ErrnoException, label: string, host: string = label): RegistryError {
  if (e instanceof RegistryError) return e;
  const code = e.code ?? '';
  if (NETWORK_CODES.has(code)) {
    return new RegistryError('unreachable', `cannot reach ${label}: ${code} — check the address or network`, undefined, { cause: e });
  }
  if (TLS_CODE.test(code) || /certificate|ssl|tls/i.test(e.message)) {
    // A plain-HTTP server answering a TLS hello shows up as "wrong version number" / "packet length too long".
    const plain = /wrong version number|packet length too long|http request/i.test(e.message);
    const hint = plain
      ? `${host} seems to speak plain HTTP; if that is intended, allow it with --insecure-registry ${host}`
      : 'for a registry with a private or self-signed certificate, pass its CA with --registry-ca FILE';
    return new RegistryError('tls', `TLS connection to ${label} failed: ${code || e.message}`, hint, { cause: e });
  }
  return new RegistryError('unreachable', `cannot reach ${label}: ${code || e.message} — check the address or network`, undefined, { cause: e });
}

/** Reads a whole body, failing when it grows past `maxBytes` (a registry is untrusted input). */
export async function readBody(res: HttpResponse, maxBytes: number, label: string): Promise<Buffer> {
  const declared = Number(res.headers['content-length']);
  if (Number.isFinite(declared) && declared > maxBytes) {
    res.body.destroy();
    throw new RegistryError('too-large', `${label} sent ${declared} bytes, more than the ${maxBytes} allowed for this response`);
  }
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of res.body) {
      const b = chunk as Buffer;
      size += b.length;
      if (size > maxBytes) {
        res.body.destroy();
        throw new RegistryError('too-large', `${label} sent more than the ${maxBytes} bytes allowed for this response`);
      }
      chunks.push(b);
    }
  } catch (e) {
    if (e instanceof RegistryError) throw e;
    throw networkError(e as NodeJS.ErrnoException, label);
  }
  return Buffer.concat(chunks);
}

/** Discards a body we do not need so the keep-alive socket can be reused. */
export function drain(res: HttpResponse): void {
  res.body.resume();
}
