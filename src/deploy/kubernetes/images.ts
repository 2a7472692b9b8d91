import { parseReference, hostWithoutPort, type RegistryReference } from '../../source/registry/reference.js';

export interface ImageInfo {
  /** As written in the manifest. */
  raw: string;
  ref: RegistryReference;
  /** No digest, and no tag or `latest`: what runs changes whenever someone pushes. */
  latest: boolean;
  /** Tag present and not `latest`, but no digest. */
  tagOnly: boolean;
}

/** Parses a container image; undefined for references Docker would reject (reported by nobody: the pod would not start). */
export function parseImage(raw: string | undefined): ImageInfo | undefined {
  if (raw === undefined || raw.trim() === '') return undefined;
  let ref: RegistryReference;
  try {
    ref = parseReference(raw);
  } catch {
    return undefined;
  }
  const latest = ref.digest === undefined && (ref.tag === undefined || ref.tag === 'latest');
  return { raw, ref, latest, tagOnly: ref.digest === undefined && ref.tag !== undefined && ref.tag !== 'latest' };
}

const IPV4 = /^\d{1,3}(?:\.\d{1,3}){3}$/;

/** `localhost:5000`, `127.0.0.1:5000`, `10.0.0.5:5000`, `[::1]:5000`: a registry named by address, not by a DNS name. */
export function isAddressRegistry(registry: string): boolean {
  const host = hostWithoutPort(registry);
  return host === 'localhost' || IPV4.test(host) || host.startsWith('[');
}

/**
 * True when `image` comes from one of `allowed`. An entry is a registry host (`ghcr.io`,
 * `registry.example.com:5000`) or a repository prefix (`ghcr.io/acme`, `docker.io/library`);
 * `docker.io`, `index.docker.io` and an empty registry all name Docker Hub.
 */
export function registryAllowed(image: ImageInfo, allowed: readonly string[]): boolean {
  const full = `${image.ref.registry}/${image.ref.repository}`;
  for (const entry of allowed) {
    const e = normaliseEntry(entry);
    if (e === '') continue;
    if (e === image.ref.registry || full === e || full.startsWith(`${e}/`)) return true;
  }
  return false;
}

function normaliseEntry(entry: string): string {
  let e = entry.trim().toLowerCase().replace(/^[a-z]+:\/\//, '').replace(/\/+$/, '');
  const slash = e.indexOf('/');
  const host = slash < 0 ? e : e.slice(0, slash);
  if (host === 'index.docker.io' || host === 'registry-1.docker.io') e = `docker.io${slash < 0 ? '' : e.slice(slash)}`;
  return e;
}
