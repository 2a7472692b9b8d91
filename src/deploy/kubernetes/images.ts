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
