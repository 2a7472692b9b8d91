/**
 * Image references as registries understand them: `[registry[:port]/]repo[:tag][@digest]`.
 * Follows the grammar of the distribution project's reference package, so a reference that
 * `docker pull` accepts parses the same way here and one it rejects fails here with a reason.
 */
import { InputError } from '../../errors.js';

/** The name users and Docker give Docker Hub; its API lives on another host. */
export const DOCKER_HUB = 'docker.io';
/** Where Docker Hub serves the registry API. */
export const DOCKER_HUB_API_HOST = 'registry-1.docker.io';

export interface RegistryReference {
  /** Registry host[:port] as named, lower-cased; `docker.io` for Docker Hub (and its aliases). */
  registry: string;
  /** Host[:port] the API is served from: `registry-1.docker.io` for Docker Hub, else `registry`. */
  apiHost: string;
  /** Full repository path as the API wants it (`library/node` for the official `node`). */
  repository: string;
  tag?: string;
  digest?: string;
}

const HUB_ALIASES = new Set(['docker.io', 'index.docker.io', 'registry-1.docker.io']);
// One path component: lower-case alphanumerics separated by `.`, `_`, `__` or dashes.
const PATH_COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const TAG = /^[\w][\w.-]{0,127}$/;
const DIGEST = /^[a-z0-9]+(?:[+._-][a-z0-9]+)*:[a-zA-Z0-9=_-]{32,}$/;
const DOMAIN_COMPONENT = /^(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])$/;
// Repository names are capped by the reference grammar (path length incl. registry).
const MAX_NAME_LENGTH = 255;

/** True for `host`, `host:port`, `1.2.3.4:5000` and `[::1]:5000`. */
export function isValidRegistryHost(host: string): boolean {
  const m = /^(\[[0-9a-fA-F:.]+\]|[^:]+)(?::(\d{1,5}))?$/.exec(host);
  if (!m) return false;
  if (m[2] !== undefined && Number(m[2]) > 65535) return false;
  const name = m[1]!;
  if (name.startsWith('[')) return true;
  return name.split('.').every((c) => DOMAIN_COMPONENT.test(c));
}

function invalid(input: string, why: string): InputError {
  return new InputError(`invalid image reference "${input}": ${why}`, 'expected [registry[:port]/]repository[:tag][@sha256:digest]');
}

/**
 * Parses a reference. Docker Hub defaults apply as in Docker: no registry means `docker.io`,
 * and a single-component repository there is an official image under `library/`.
 */
export function parseReference(input: string): RegistryReference {
  const text = input.trim();
  if (text === '') throw invalid(input, 'it is empty');
  let rest = text;
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
    if (!DIGEST.test(digest)) throw invalid(input, `"${digest}" is not a digest (algorithm:hex)`);
  }
  let registry = DOCKER_HUB;
  const slash = rest.indexOf('/');
  if (slash > 0) {
    const first = rest.slice(0, slash);
    // Docker's rule: the first component names a registry when it looks like a host.
    if (first.includes('.') || first.includes(':') || first === 'localhost' || first.toLowerCase() !== first) {
      if (!isValidRegistryHost(first)) throw invalid(input, `"${first}" is not a valid registry host`);
      registry = first.toLowerCase();
      rest = rest.slice(slash + 1);
    }
  }
  let tag: string | undefined;
  const colon = rest.lastIndexOf(':');
  if (colon >= 0 && colon > rest.lastIndexOf('/')) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
    if (!TAG.test(tag)) throw invalid(input, `"${tag}" is not a valid tag`);
  }
  if (rest === '') throw invalid(input, 'no repository name');
  for (const component of rest.split('/')) {
    if (!PATH_COMPONENT.test(component)) {
      throw invalid(input, component.toLowerCase() === component ? `"${component}" is not a valid repository name component` : 'repository names must be lower-case');
    }
  }
  if (HUB_ALIASES.has(registry)) registry = DOCKER_HUB;
  let repository = rest;
  if (registry === DOCKER_HUB && !repository.includes('/')) repository = `library/${repository}`;
  if (registry.length + 1 + repository.length > MAX_NAME_LENGTH) throw invalid(input, `the name is longer than ${MAX_NAME_LENGTH} characters`);
  return { registry, apiHost: registry === DOCKER_HUB ? DOCKER_HUB_API_HOST : registry, repository, tag, digest };
}

/** The tag or digest to ask the manifest endpoint for: the digest wins, `latest` by default. */
export function manifestReference(ref: RegistryReference): string {
  return ref.digest ?? ref.tag ?? 'latest';
}

/**
 * The reference as a user would write it: Docker Hub's `docker.io/library/` is left out unless
 * `full` is set.
 */
export function formatReference(ref: RegistryReference, options: { full?: boolean } = {}): string {
  let name: string;
  if (ref.registry === DOCKER_HUB && !options.full) {
    name = ref.repository.startsWith('library/') ? ref.repository.slice('library/'.length) : ref.repository;
  } else {
    name = `${ref.registry}/${ref.repository}`;
  }
  return `${name}${ref.tag !== undefined ? `:${ref.tag}` : ''}${ref.digest !== undefined ? `@${ref.digest}` : ''}`;
}

/** `registry/repository` for messages (no tag). */
export function repositoryName(ref: Pick<RegistryReference, 'registry' | 'repository'>): string {
  return `${ref.registry}/${ref.repository}`;
}

/** Same reference with another tag and no digest. */
export function withTag(ref: RegistryReference, tag: string): RegistryReference {
  return { registry: ref.registry, apiHost: ref.apiHost, repository: ref.repository, tag };
}

/** Host without the port, for loopback checks and matching. */
export function hostWithoutPort(host: string): string {
  if (host.startsWith('[')) return host.slice(0, host.indexOf(']') + 1);
  const colon = host.lastIndexOf(':');
  return colon >= 0 ? host.slice(0, colon) : host;
}
