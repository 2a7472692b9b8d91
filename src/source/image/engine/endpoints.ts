/**
 * Where to find a local engine's API, following the conventions the `docker` and `podman`
 * clients use, so `leftshift scan myapp:dev` finds the same engine `docker run myapp:dev` would.
 *
 * Supported endpoint URLs: `unix:///path.sock`, `tcp://host[:port]` (TLS when DOCKER_TLS_VERIFY
 * or DOCKER_TLS is set, with `ca.pem`/`cert.pem`/`key.pem` from DOCKER_CERT_PATH, default
 * `~/.docker`; the server certificate is always verified, unlike `docker --tls` without
 * `--tlsverify`, because a scanner must not trust whatever answers). `ssh://`, `npipe://` and
 * `fd://` are refused with a message: they need an ssh client or Windows named pipes.
 *
 * Lookup order:
 * - `docker` (explicit `--image-src docker`): one endpoint, chosen as the docker CLI does:
 *   DOCKER_HOST, else the current docker context (DOCKER_CONTEXT, else `currentContext` of
 *   `$DOCKER_CONFIG/config.json`; Docker Desktop installs one whose socket is not
 *   /var/run/docker.sock), else unix:///var/run/docker.sock.
 * - `podman` (explicit): CONTAINER_HOST (podman-remote's variable), then the rootless socket
 *   `$XDG_RUNTIME_DIR/podman/podman.sock` (`/run/user/<uid>/…` when XDG_RUNTIME_DIR is unset),
 *   then the rootful `/run/podman/podman.sock`.
 * - automatic: DOCKER_HOST, the docker context, /var/run/docker.sock, then the podman list;
 *   duplicates (DOCKER_HOST pointing at podman's socket) are asked once.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { EngineError } from './errors.js';

export type EngineFamily = 'docker' | 'podman';

export interface TlsMaterial {
  /** PEM contents; undefined when the file does not exist (system CAs / no client cert). */
  ca?: Buffer;
  cert?: Buffer;
  key?: Buffer;
  /** Where they were looked for, for messages. */
  dir: string;
}

export type EngineTransport = { kind: 'unix'; socketPath: string } | { kind: 'tcp'; host: string; port: number; tls?: TlsMaterial };

export interface EngineEndpoint {
  /** The URL as configured: `unix:///var/run/docker.sock`, `tcp://10.0.0.5:2376`. */
  url: string;
  /** Where the endpoint came from: `DOCKER_HOST`, `docker context "desktop-linux"`, `default Docker socket`. */
  origin: string;
  /** Which engine the lookup expects here; the engine that answers decides the reported kind. */
  family: EngineFamily;
  transport: EngineTransport;
}

/** `DOCKER_HOST unix:///x.sock`: how messages name an endpoint. */
export function describeEndpoint(endpoint: EngineEndpoint): string {
  return `${endpoint.origin} ${endpoint.url}`;
}

export const DEFAULT_DOCKER_SOCKET = '/var/run/docker.sock';
export const ROOTFUL_PODMAN_SOCKET = '/run/podman/podman.sock';

/** What endpoint lookup reads from the environment; tests pass their own. */
export interface EndpointEnvironment {
  env: NodeJS.ProcessEnv;
  homedir: string;
  uid: number;
}

export function processEnvironment(): EndpointEnvironment {
  return { env: process.env, homedir: os.homedir(), uid: typeof process.getuid === 'function' ? process.getuid() : -1 };
}

/**
 * Parses an endpoint URL (DOCKER_HOST syntax). `tls` applies to tcp only; an EngineError
 * ('unavailable') for schemes leftshift cannot speak, so the message names the variable.
 */
export function parseEndpoint(url: string, origin: string, family: EngineFamily, tls?: TlsMaterial): EngineEndpoint {
  const trimmed = url.trim();
  const scheme = /^([a-z]+):\/\//i.exec(trimmed)?.[1]?.toLowerCase();
  if (scheme === 'unix') {
    const socketPath = trimmed.slice('unix://'.length);
    if (!socketPath.startsWith('/')) throw unsupported(url, origin, 'a unix socket needs an absolute path (unix:///path/to.sock)');
    return { url: trimmed, origin, family, transport: { kind: 'unix', socketPath } };
  }
  if (scheme === 'tcp' || scheme === 'http' || scheme === 'https') {
    let parsed: URL;
    try {
      // The URL class knows ports and IPv6 brackets; tcp is not a special scheme, so use http.
      parsed = new URL(`http://${trimmed.slice(scheme.length + 3)}`);
    } catch {
      throw unsupported(url, origin, 'expected tcp://host[:port]');
    }
    const useTls = tls !== undefined || scheme === 'https';
    const port = parsed.port ? Number(parsed.port) : useTls ? 2376 : 2375;
    const host = parsed.hostname.replace(/^\[(.*)\]$/, '$1');
    return { url: trimmed, origin, family, transport: { kind: 'tcp', host, port, ...(useTls ? { tls: tls ?? { dir: '(system CAs)' } } : {}) } };
  }
  if (scheme === 'ssh') throw unsupported(url, origin, 'ssh:// endpoints are not supported; forward the socket (ssh -L /tmp/docker.sock:/var/run/docker.sock host) and use unix://');
  if (scheme === 'npipe') throw unsupported(url, origin, 'Windows named pipes are not supported');
  if (!scheme && trimmed.startsWith('/')) return parseEndpoint(`unix://${trimmed}`, origin, family, tls);
  throw unsupported(url, origin, 'supported: unix:///path.sock and tcp://host[:port]');
}

function unsupported(url: string, origin: string, why: string): EngineError {
  return new EngineError('unavailable', `cannot use ${origin}=${url}: ${why}`);
}

function readIfExists(file: string): Buffer | undefined {
  try {
    return fs.readFileSync(file);
  } catch {
    return undefined;
  }
}

/** TLS material from DOCKER_CERT_PATH when DOCKER_TLS_VERIFY / DOCKER_TLS ask for TLS. */
export function dockerTlsFromEnv(environment: EndpointEnvironment): TlsMaterial | undefined {
  const { env } = environment;
  if (!env.DOCKER_TLS_VERIFY && !env.DOCKER_TLS) return undefined;
  const dir = env.DOCKER_CERT_PATH || dockerConfigDir(environment);
  return tlsFromDir(dir);
}

function tlsFromDir(dir: string): TlsMaterial {
  const material: TlsMaterial = { dir };
  const ca = readIfExists(path.join(dir, 'ca.pem'));
  const cert = readIfExists(path.join(dir, 'cert.pem'));
  const key = readIfExists(path.join(dir, 'key.pem'));
  if (ca) material.ca = ca;
  if (cert && key) {
    material.cert = cert;
    material.key = key;
  }
  return material;
}

function dockerConfigDir(environment: EndpointEnvironment): string {
  return environment.env.DOCKER_CONFIG || path.join(environment.homedir, '.docker');
}

/**
 * The endpoint of the current docker context, when one other than `default` is selected.
 * Contexts live in `$DOCKER_CONFIG/contexts/meta/<sha256 of the name>/meta.json`
 * (`Endpoints.docker.Host`), their TLS files in `contexts/tls/<same>/docker/`.
 */
export function dockerContextEndpoint(environment: EndpointEnvironment): EngineEndpoint | undefined {
  const configDir = dockerConfigDir(environment);
  let name = environment.env.DOCKER_CONTEXT;
  if (!name) {
    const config = readIfExists(path.join(configDir, 'config.json'));
    if (config) {
      try {
        const parsed = JSON.parse(config.toString('utf8')) as { currentContext?: unknown };
        if (typeof parsed.currentContext === 'string') name = parsed.currentContext;
      } catch {
        // A broken config.json is the docker CLI's problem to report; here it just selects nothing.
      }
    }
  }
  if (!name || name === 'default') return undefined;
  const id = createHash('sha256').update(name).digest('hex');
  const origin = `docker context "${name}"`;
  const meta = readIfExists(path.join(configDir, 'contexts', 'meta', id, 'meta.json'));
  if (!meta) throw new EngineError('unavailable', `${origin} is selected but not defined in ${configDir}/contexts`, 'select another with `docker context use`, or set DOCKER_HOST');
  let host: unknown;
  try {
    host = (JSON.parse(meta.toString('utf8')) as { Endpoints?: { docker?: { Host?: unknown } } }).Endpoints?.docker?.Host;
  } catch {
    host = undefined;
  }
  if (typeof host !== 'string' || host === '') throw new EngineError('unavailable', `${origin} has no docker endpoint in its meta.json`);
  const tlsDir = path.join(configDir, 'contexts', 'tls', id, 'docker');
  const tls = fs.existsSync(tlsDir) ? tlsFromDir(tlsDir) : undefined;
  return parseEndpoint(host, origin, 'docker', host.startsWith('tcp://') ? tls : undefined);
}

/** A lookup step: an endpoint, or the reason the step could not produce one (bad DOCKER_HOST). */
export type Candidate = { endpoint: EngineEndpoint } | { origin: string; error: EngineError };

function attempt(origin: string, make: () => EngineEndpoint | undefined): Candidate[] {
  try {
    const endpoint = make();
    return endpoint ? [{ endpoint }] : [];
  } catch (err) {
    if (err instanceof EngineError) return [{ origin, error: err }];
    throw err;
  }
}

function dockerCandidates(environment: EndpointEnvironment, all: boolean): Candidate[] {
  const { env } = environment;
  const out: Candidate[] = [];
  if (env.DOCKER_HOST) {
    out.push(...attempt('DOCKER_HOST', () => parseEndpoint(env.DOCKER_HOST!, 'DOCKER_HOST', 'docker', dockerTlsFromEnv(environment))));
    // The docker CLI uses DOCKER_HOST alone when it is set.
    if (!all) return out;
  }
  const context = attempt('docker context', () => dockerContextEndpoint(environment));
  out.push(...context);
  if (!all && context.length > 0) return out;
  out.push({ endpoint: parseEndpoint(`unix://${DEFAULT_DOCKER_SOCKET}`, 'default Docker socket', 'docker') });
  return out;
}

function podmanCandidates(environment: EndpointEnvironment): Candidate[] {
  const { env, uid } = environment;
  const out: Candidate[] = [];
  if (env.CONTAINER_HOST) out.push(...attempt('CONTAINER_HOST', () => parseEndpoint(env.CONTAINER_HOST!, 'CONTAINER_HOST', 'podman')));
  const runtimeDir = env.XDG_RUNTIME_DIR || (uid > 0 ? `/run/user/${uid}` : undefined);
  if (runtimeDir) out.push({ endpoint: parseEndpoint(`unix://${path.join(runtimeDir, 'podman', 'podman.sock')}`, 'podman rootless socket', 'podman') });
  out.push({ endpoint: parseEndpoint(`unix://${ROOTFUL_PODMAN_SOCKET}`, 'podman rootful socket', 'podman') });
  return out;
}

/** The endpoints to ask, in order (see the file comment); duplicates removed. */
export function candidateEndpoints(family: EngineFamily | undefined, environment: EndpointEnvironment = processEnvironment()): Candidate[] {
  const list =
    family === 'docker'
      ? dockerCandidates(environment, false)
      : family === 'podman'
        ? podmanCandidates(environment)
        : [...dockerCandidates(environment, true), ...podmanCandidates(environment)];
  const seen = new Set<string>();
  return list.filter((c) => {
    if (!('endpoint' in c)) return true;
    const key = c.endpoint.transport.kind === 'unix' ? `unix:${path.resolve(c.endpoint.transport.socketPath)}` : `tcp:${c.endpoint.transport.host}:${c.endpoint.transport.port}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
