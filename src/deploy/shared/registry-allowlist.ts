/**
 * The `registry-allowlist` of .leftshift.yaml, matched the same way by every deploy platform
 * (Kubernetes, Compose, Nomad, `docker run`).
 *
 * Images are named as a pull resolves them, by the registry client's own parser: no registry is
 * Docker Hub (`docker.io`), a one-component Hub name is an official image (`nginx` is
 * `docker.io/library/nginx`), `index.docker.io` and `registry-1.docker.io` are Docker Hub too, and
 * the tag and digest play no part (the list says where images come from, not which version).
 *
 * An entry is `host[:port]` optionally followed by a repository path prefix:
 * - the host is compared case-insensitively, with the port: `registry.example.com:5000` and
 *   `registry.example.com` are different registries, as they are to Docker;
 * - `*.example.com` admits any subdomain of example.com (not example.com itself), for per-account
 *   hosts such as `*.dkr.ecr.eu-west-1.amazonaws.com`;
 * - a path prefix matches whole path segments: `ghcr.io/acme` admits `ghcr.io/acme/app` but not
 *   `ghcr.io/acme-evil/app`;
 * - Docker Hub aliases in an entry mean Docker Hub; an entry's path is taken literally, so
 *   `docker.io/library` admits the official images and `docker.io/bitnami` one organisation;
 * - a scheme (`https://`), trailing slashes, and a tag or digest on the entry are ignored.
 */
import { DOCKER_HUB, parseReference } from '../../source/registry/reference.js';

/** An image as the allow list sees it: `docker.io` for Docker Hub, `library/` on official images. */
export interface AllowlistImage {
  registry: string;
  repository: string;
}

interface Entry {
  /** Host without port, lower case; `*.suffix` keeps the leading `*`. */
  host: string;
  /** `:port` or '' (an entry without a port admits only images without one). */
  port: string;
  /** Path prefix without slashes at either end; '' admits the whole registry. */
  path: string;
}

// The names parseReference maps to Docker Hub on the image side, applied to entries here (entries
// are not image references, so they cannot go through the parser: `acme` would become a Hub path).
const HUB_ALIASES = new Set(['docker.io', 'index.docker.io', 'registry-1.docker.io']);

/**
 * The registry and repository an image reference pulls from; undefined when Docker would reject the
 * reference (nothing is pulled, so there is no registry to judge; other rules report broken files).
 */
export function allowlistImage(reference: string): AllowlistImage | undefined {
  try {
    const { registry, repository } = parseReference(reference);
    return { registry, repository };
  } catch {
    return undefined;
  }
}

/** True when some entry of `allowlist` admits `image` (see the module comment for the rules). */
export function registryAllowed(image: AllowlistImage, allowlist: readonly string[]): boolean {
  const { name: host, port } = splitPort(image.registry.toLowerCase());
  return allowlist.some((raw) => {
    const entry = parseEntry(raw);
    return entry !== undefined && entry.port === port && hostMatches(entry.host, host) && pathMatches(entry.path, image.repository);
  });
}

function parseEntry(raw: string): Entry | undefined {
  const text = raw.trim().toLowerCase().replace(/^[a-z][a-z0-9+.-]*:\/\//, '').replace(/\/+$/, '');
  if (text === '') return undefined;
  const slash = text.indexOf('/');
  const hostPort = slash < 0 ? text : text.slice(0, slash);
  let path = slash < 0 ? '' : text.slice(slash + 1);
  // A tag or digest names a version; only the repository part says where images come from.
  path = path.replace(/@.*$/, '').replace(/:[^/]*$/, '').replace(/^\/+|\/+$/g, '');
  const { name, port } = splitPort(hostPort);
  return { host: HUB_ALIASES.has(name) && port === '' ? DOCKER_HUB : name, port, path };
}

/** `host:5000` → host and `:5000`; IPv6 literals keep their brackets. */
function splitPort(hostPort: string): { name: string; port: string } {
  const m = /^(\[[^\]]*\]|[^:]*)(:\d+)?$/.exec(hostPort);
  return m ? { name: m[1], port: m[2] ?? '' } : { name: hostPort, port: '' };
}

function hostMatches(entryHost: string, host: string): boolean {
  if (!entryHost.startsWith('*.')) return entryHost === host;
  const suffix = entryHost.slice(1); // ".example.com"
  return host.endsWith(suffix) && host.length > suffix.length;
}

function pathMatches(prefix: string, repository: string): boolean {
  return prefix === '' || repository === prefix || repository.startsWith(`${prefix}/`);
}
