/**
 * Reference helpers: Docker-style name normalisation (`alpine` = `docker.io/library/alpine:latest`)
 * for matching tags recorded in archives, and the `PATH[:suffix]` split of transport references.
 */
import * as fs from 'node:fs/promises';

/**
 * Expands a familiar Docker reference to its full form: registry `docker.io` when the first
 * component is not a host (no `.` or `:`, not `localhost`), `library/` for official images,
 * tag `latest` when neither tag nor digest is given.
 */
export function normalizeReference(reference: string): string {
  let name = reference;
  let suffix = '';
  const at = name.indexOf('@');
  if (at >= 0) {
    suffix = name.slice(at);
    name = name.slice(0, at);
  }
  const lastSlash = name.lastIndexOf('/');
  const colon = name.lastIndexOf(':');
  if (colon > lastSlash) {
    suffix = name.slice(colon) + suffix;
    name = name.slice(0, colon);
  } else if (!suffix) {
    suffix = ':latest';
  }
  const first = name.split('/')[0]!;
  const hasHost = name.includes('/') && (first.includes('.') || first.includes(':') || first === 'localhost');
  if (!hasHost) name = name.includes('/') ? `docker.io/${name}` : `docker.io/library/${name}`;
  return `${name}${suffix}`;
}

export function sameReference(a: string, b: string): boolean {
  return a === b || normalizeReference(a) === normalizeReference(b);
}

async function exists(p: string): Promise<boolean> {
  try {
    await fs.stat(p);
    return true;
  } catch {
    return false;
  }
}

/**
 * Splits `PATH[:suffix]` (skopeo's `oci:DIR:tag`, `docker-archive:FILE:ref`): the whole string
 * when it names an existing path, else at the last `:` whose left side exists. A path that exists
 * wins, so a directory whose name contains `:` still works without a suffix.
 */
export async function splitPathSuffix(text: string): Promise<{ path: string; suffix?: string }> {
  if (await exists(text)) return { path: text };
  for (let colon = text.lastIndexOf(':'); colon > 0; colon = text.lastIndexOf(':', colon - 1)) {
    const candidate = text.slice(0, colon);
    if (await exists(candidate)) return { path: candidate, suffix: text.slice(colon + 1) };
  }
  return { path: text };
}
