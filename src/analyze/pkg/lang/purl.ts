/**
 * Private, minimal purl builder for the language catalogers.
 *
 * TEMPORARY: src/sbom/purl.ts (another helper's) did not exist when this folder was written. It has
 * the same signature, so switching is a one-line import change in ./common.ts.
 *
 * packageurl-js does the percent-encoding and the per-type canonical forms (pypi lower-case, npm
 * `%40scope`); we only normalise what the purl spec leaves to us.
 */
import { PackageURL } from 'packageurl-js';

export interface PurlParts {
  type: string;
  namespace?: string;
  name: string;
  version?: string;
  qualifiers?: Record<string, string>;
  subpath?: string;
}

export function buildPurl(p: PurlParts): string {
  const qualifiers: Record<string, string> = {};
  for (const [k, v] of Object.entries(p.qualifiers ?? {})) if (v !== '') qualifiers[k] = v;
  return new PackageURL(
    p.type,
    p.namespace || undefined,
    p.name,
    p.version || undefined,
    Object.keys(qualifiers).length > 0 ? qualifiers : undefined,
    p.subpath || undefined,
  ).toString();
}
