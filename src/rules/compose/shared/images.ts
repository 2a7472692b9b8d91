import { parseImageRef } from '../../../dockerfile/parse.js';
import type { ImageRef } from '../../../dockerfile/model.js';
import type { ImageValue } from '../../../deploy/compose/shared/container.js';

/**
 * An image reference from a deploy file, split the way Docker does it. Transport prefixes that
 * Podman and Nomad accept (`docker://`, `https://`) are dropped first; undefined for references
 * that are not known statically.
 */
export function imageRefOf(image: ImageValue): ImageRef | undefined {
  if (image.unresolved) return undefined;
  const text = image.text.trim().replace(/^(?:docker|https?):\/\//i, '');
  if (text === '' || /\s|\$|\{\{/.test(text)) return undefined;
  const ref = parseImageRef(image.raw, text);
  return ref.repository === '' ? undefined : ref;
}

/** `latest` explicitly, or no tag and no digest (which Docker resolves to `latest`). */
export function isLatest(ref: ImageRef): 'latest' | 'untagged' | undefined {
  if (ref.digest !== undefined) return undefined;
  if (ref.tag === undefined) return 'untagged';
  return ref.tag === 'latest' ? 'latest' : undefined;
}

/** Registry host the image is pulled from; Docker Hub is `docker.io`. */
export function registryOf(ref: ImageRef): string {
  return (ref.registry ?? 'docker.io').toLowerCase();
}

/** `registry/repository` with Docker Hub spelled out, the form allow-list entries are matched against. */
export function qualifiedName(ref: ImageRef): string {
  const repo = ref.registry === undefined && !ref.repository.includes('/') ? `library/${ref.repository}` : ref.repository;
  return `${registryOf(ref)}/${repo}`;
}

/**
 * True when an allow-list entry admits the image. Entries are a registry (`ghcr.io`), a registry
 * with a path prefix (`ghcr.io/acme`, `docker.io/library`), or a wildcard host (`*.dkr.ecr.eu-west-1.amazonaws.com`).
 * `docker.io`, `index.docker.io` and `registry-1.docker.io` all mean Docker Hub.
 */
export function registryAllowed(ref: ImageRef, allowed: readonly string[]): boolean {
  const name = qualifiedName(ref);
  const host = registryOf(ref);
  return allowed.some((raw) => {
    const entry = raw.trim().toLowerCase().replace(/^[a-z]+:\/\//, '').replace(/\/+$/, '').replace(/^(?:index|registry-1)\.docker\.io(?=\/|$)/, 'docker.io');
    if (entry === '') return false;
    const slash = entry.indexOf('/');
    const entryHost = slash < 0 ? entry : entry.slice(0, slash);
    const entryPath = slash < 0 ? '' : entry.slice(slash + 1);
    const hostOk = entryHost.startsWith('*.') ? host.endsWith(entryHost.slice(1)) && host.length > entryHost.length - 1 : host === entryHost;
    if (!hostOk) return false;
    const path = name.slice(host.length + 1);
    return entryPath === '' || path === entryPath || path.startsWith(entryPath + '/');
  });
}
