/**
 * Registry credentials and the auth challenge formats. Credentials are looked up per registry,
 * so a password meant for one registry is never offered to another.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { InputError } from '../../errors.js';
import { DOCKER_HUB, isValidRegistryHost } from './reference.js';

export interface Credentials {
  username: string;
  password: string;
}

/** Where a credential came from, for messages ("the password from --creds was rejected"). */
export type CredentialOrigin = 'flag' | 'env' | 'docker-config' | 'credential-helper';

export interface ResolvedCredentials extends Credentials {
  origin: CredentialOrigin;
}

/** One `--creds` value: scoped to a registry, or (without one) to whatever the caller decides. */
export interface CredentialSpec extends Credentials {
  registry?: string;
}

/**
 * Parses `USER:PASS` or `REGISTRY=USER:PASS`. The user name cannot contain `:` (Basic auth splits
 * on the first one), so the password keeps any later `:` or `=`.
 */
export function parseCredentialSpec(value: string): CredentialSpec {
  let registry: string | undefined;
  let rest = value;
  const eq = value.indexOf('=');
  if (eq > 0) {
    const left = value.slice(0, eq);
    // Only a host-looking left side is a scope; `user:pa=ss` stays a password containing `=`.
    if ((left.includes('.') || left === 'localhost' || /^[^:]+:\d+$/.test(left)) && isValidRegistryHost(left) && value.slice(eq + 1).includes(':')) {
      registry = normalizeRegistry(left);
      rest = value.slice(eq + 1);
    }
  }
  const colon = rest.indexOf(':');
  // The value itself is never echoed: it holds a password.
  if (colon <= 0) throw new InputError('--creds must be USER:PASSWORD or REGISTRY=USER:PASSWORD', 'the value given has no user name before ":"');
  return { registry, username: rest.slice(0, colon), password: rest.slice(colon + 1) };
}

/** Registry names as keys: lower-case, Docker Hub's aliases folded into `docker.io`. */
export function normalizeRegistry(host: string): string {
  const h = host.toLowerCase();
  return h === 'index.docker.io' || h === 'registry-1.docker.io' ? DOCKER_HUB : h;
}

/** What a `~/.docker/config.json` holds for registries (only the parts read here). */
interface DockerConfigFile {
  auths?: Record<string, { auth?: string; username?: string; password?: string; identitytoken?: string }>;
  credsStore?: string;
  credHelpers?: Record<string, string>;
}

/** The registry a docker config `auths` key names (`https://index.docker.io/v1/` → `docker.io`). */
function authsKeyRegistry(key: string): string {
  const host = key.replace(/^[a-z]+:\/\//i, '').replace(/\/.*$/, '');
  return normalizeRegistry(host);
}

export interface DockerConfigLookup {
  credentials?: Credentials;
  /** A credential helper (`credHelpers` or `credsStore`) holds this registry's login. */
  helper?: string;
}

/** The docker CLI's config file: `$DOCKER_CONFIG/config.json`, else `~/.docker/config.json`. */
export function defaultDockerConfigPath(env: NodeJS.ProcessEnv = process.env): string {
  return env.DOCKER_CONFIG ? join(env.DOCKER_CONFIG, 'config.json') : join(homedir(), '.docker', 'config.json');
}

/**
 * Credentials for `registry` from a docker config file. A missing or unreadable file means none;
 * a malformed entry is skipped rather than failing a whole run.
 */
export function lookupDockerConfig(registry: string, path: string): DockerConfigLookup {
  let parsed: DockerConfigFile;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8')) as DockerConfigFile;
  } catch {
    return {};
  }
  const want = normalizeRegistry(registry);
  for (const [key, entry] of Object.entries(parsed.auths ?? {})) {
    if (authsKeyRegistry(key) !== want || typeof entry !== 'object' || entry === null) continue;
    if (typeof entry.auth === 'string' && entry.auth !== '') {
      const decoded = Buffer.from(entry.auth, 'base64').toString('utf8');
      const colon = decoded.indexOf(':');
      if (colon > 0) return { credentials: { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) } };
    }
    if (typeof entry.username === 'string' && typeof entry.password === 'string') return { credentials: { username: entry.username, password: entry.password } };
  }
  const helper = Object.entries(parsed.credHelpers ?? {}).find(([k]) => authsKeyRegistry(k) === want)?.[1] ?? parsed.credsStore;
  return helper ? { helper } : {};
}

export interface CredentialSources {
  /** `--creds` values; a spec without `registry` applies to every registry. */
  specs?: CredentialSpec[];
  /** Environment for `LEFTSHIFT_REGISTRY_USER` / `LEFTSHIFT_REGISTRY_PASSWORD`; default `process.env`. */
  env?: NodeJS.ProcessEnv;
  /** When set, the env credentials apply only to these registries (see the outdated command). */
  envRegistries?: string[];
  /** Docker config file; `false` disables it. Default: `defaultDockerConfigPath()`. */
  dockerConfig?: string | false;
}

export interface CredentialResolution {
  credentials?: ResolvedCredentials;
  /** Set when the docker config names a credential helper that gave no usable login … */
  helper?: string;
  /** … and why (not installed, no login stored, an identity token). */
  helperProblem?: string;
}

/** The server URL a credential helper files a registry's login under (the docker CLI's convention). */
export function helperServerUrl(registry: string): string {
  return normalizeRegistry(registry) === DOCKER_HUB ? 'https://index.docker.io/v1/' : normalizeRegistry(registry);
}

const HELPER_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
const HELPER_TIMEOUT_MS = 15_000;

/**
 * Asks `docker-credential-<helper> get` for a registry's login, as the docker CLI does (the
 * credential-helper protocol: the server URL on stdin, `{"Username","Secret"}` on stdout). Only
 * helper names made of safe characters are run, found on PATH; nothing the helper prints is
 * repeated (it may hold the secret). An identity token (`<token>` as the user name) is an OAuth
 * refresh token, which the registry token flow here does not exchange: reported, not used.
 */
export function runCredentialHelper(helper: string, registry: string, env: NodeJS.ProcessEnv = process.env): { credentials?: Credentials; problem?: string } {
  if (!HELPER_NAME.test(helper)) return { problem: `the credential helper name "${helper.slice(0, 40)}" is not one leftshift runs` };
  const program = `docker-credential-${helper}`;
  const r = spawnSync(program, ['get'], { input: helperServerUrl(registry), encoding: 'utf8', timeout: HELPER_TIMEOUT_MS, env, stdio: ['pipe', 'pipe', 'pipe'], maxBuffer: 1024 * 1024 });
  // EPIPE: the helper exited without reading the server URL (a helper with nothing stored may);
  // its exit status below still says what happened.
  if (r.error && (r.error as NodeJS.ErrnoException).code !== 'EPIPE') {
    const code = (r.error as NodeJS.ErrnoException).code;
    return { problem: code === 'ENOENT' ? `${program} is not installed (not on PATH)` : `${program} failed to run (${code ?? 'error'})` };
  }
  if (r.status !== 0) return { problem: `${program} has no login for ${normalizeRegistry(registry)}` };
  let parsed: { Username?: unknown; Secret?: unknown };
  try {
    parsed = JSON.parse(r.stdout) as { Username?: unknown; Secret?: unknown };
  } catch {
    return { problem: `${program} answered with something other than JSON` };
  }
  if (typeof parsed.Username !== 'string' || typeof parsed.Secret !== 'string' || parsed.Secret === '') {
    return { problem: `${program} answered without a user name and secret` };
  }
  if (parsed.Username === '<token>') return { problem: `${program} holds an identity token for ${normalizeRegistry(registry)}, which leftshift cannot use` };
  return { credentials: { username: parsed.Username, password: parsed.Secret } };
}

/**
 * Credentials for one registry, first match wins: a `--creds` scoped to it, an unscoped `--creds`,
 * the environment, the docker config file (its `auths`, else the credential helper it names).
 */
export function resolveCredentials(registry: string, sources: CredentialSources): CredentialResolution {
  const want = normalizeRegistry(registry);
  const specs = sources.specs ?? [];
  const scoped = specs.find((s) => s.registry !== undefined && normalizeRegistry(s.registry) === want);
  const unscoped = specs.find((s) => s.registry === undefined);
  const flag = scoped ?? unscoped;
  if (flag) return { credentials: { username: flag.username, password: flag.password, origin: 'flag' } };
  const env = sources.env ?? process.env;
  const user = env.LEFTSHIFT_REGISTRY_USER;
  const password = env.LEFTSHIFT_REGISTRY_PASSWORD;
  const envApplies = sources.envRegistries === undefined || sources.envRegistries.some((r) => normalizeRegistry(r) === want);
  if (user && password !== undefined && envApplies) return { credentials: { username: user, password, origin: 'env' } };
  if (sources.dockerConfig === false) return {};
  const found = lookupDockerConfig(want, sources.dockerConfig ?? defaultDockerConfigPath(env));
  if (found.credentials) return { credentials: { ...found.credentials, origin: 'docker-config' } };
  if (!found.helper) return {};
  const fromHelper = runCredentialHelper(found.helper, want, env);
  if (fromHelper.credentials) return { credentials: { ...fromHelper.credentials, origin: 'credential-helper' } };
  return { helper: found.helper, ...(fromHelper.problem ? { helperProblem: fromHelper.problem } : {}) };
}

export function basicAuthorization(c: Credentials): string {
  return `Basic ${Buffer.from(`${c.username}:${c.password}`, 'utf8').toString('base64')}`;
}

/** One `WWW-Authenticate` challenge: scheme plus its parameters (`realm`, `service`, `scope`, `error`). */
export interface Challenge {
  scheme: string;
  params: Record<string, string>;
}

/**
 * Parses `WWW-Authenticate` (RFC 7235 auth-params, quoted strings with backslash escapes). Only
 * the first challenge is kept: registries send one.
 */
export function parseChallenge(header: string): Challenge | undefined {
  const m = /^\s*([A-Za-z][\w-]*)\s*/.exec(header);
  if (!m) return undefined;
  const scheme = m[1]!.toLowerCase();
  const params: Record<string, string> = {};
  let i = m[0].length;
  const re = /\s*([A-Za-z][\w-]*)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^\s,]*))\s*(?:,|$)/y;
  while (i < header.length) {
    re.lastIndex = i;
    const p = re.exec(header);
    if (!p) break;
    params[p[1]!.toLowerCase()] = p[2] !== undefined ? p[2].replace(/\\(.)/g, '$1') : p[3]!;
    i = re.lastIndex;
  }
  return { scheme, params };
}

/** The pull scope for a repository, as the token flow names it. */
export function pullScope(repository: string): string {
  return `repository:${repository}:pull`;
}

interface CachedToken {
  token: string;
  /** Epoch ms after which the token is not used again. */
  expiresAt: number;
}

/**
 * Bearer tokens by realm, service and scope. Concurrent requests for the same scope share one
 * token request instead of racing.
 */
export class TokenCache {
  #tokens = new Map<string, CachedToken>();
  #pending = new Map<string, Promise<string>>();

  static key(realm: string, service: string | undefined, scope: string | undefined): string {
    return `${realm}\u0000${service ?? ''}\u0000${scope ?? ''}`;
  }

  get(key: string, now = Date.now()): string | undefined {
    const t = this.#tokens.get(key);
    if (!t) return undefined;
    if (t.expiresAt <= now) {
      this.#tokens.delete(key);
      return undefined;
    }
    return t.token;
  }

  /** Returns the cached token or runs `fetch` once for all concurrent callers. */
  async getOrFetch(key: string, fetch: () => Promise<{ token: string; expiresInSeconds: number }>): Promise<string> {
    const cached = this.get(key);
    if (cached !== undefined) return cached;
    const pending = this.#pending.get(key);
    if (pending) return pending;
    const p = (async () => {
      try {
        const { token, expiresInSeconds } = await fetch();
        // Renew a little early so a token does not expire between check and use.
        this.#tokens.set(key, { token, expiresAt: Date.now() + Math.max(0, expiresInSeconds - 10) * 1000 });
        return token;
      } finally {
        this.#pending.delete(key);
      }
    })();
    this.#pending.set(key, p);
    return p;
  }

  /** Drops a token the registry refused (revoked, or scoped too narrowly). */
  delete(key: string): void {
    this.#tokens.delete(key);
  }
}
