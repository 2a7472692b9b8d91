/**
 * Package URL builder shared by every cataloger (https://github.com/package-url/purl-spec).
 *
 * Encoding, per-type normalisation (lower-casing deb/apk/npm names, pypi `_` → `-`, ...) and qualifier
 * sorting are left to `packageurl-js`, the reference implementation. This module only adds what callers
 * would otherwise get wrong: splitting the ecosystem's own spelling of a name (`@scope/name`,
 * `group:artifact`, `github.com/x/y`, `vendor/package`) into purl namespace + name, and dropping
 * empty qualifiers, which the spec says must not appear.
 */
import { PackageURL } from 'packageurl-js';
import type { PackageType } from './package.js';

export interface PurlParts {
  /** A purl type; the SBOM's package types plus anything else the spec knows (`generic`, `oci`...). */
  type: PackageType | (string & {});
  namespace?: string;
  name: string;
  version?: string;
  /** Undefined or empty values are dropped; keys are sorted in the output. */
  qualifiers?: Record<string, string | number | undefined>;
  subpath?: string;
}

/** Builds the canonical purl string. Never throws: input the library rejects is encoded by hand. */
export function buildPurl(parts: PurlParts): string {
  const { namespace, name } = splitName(parts.type, parts.namespace, parts.name);
  const qualifiers = cleanQualifiers(parts.qualifiers);
  const version = parts.version === '' ? undefined : parts.version;
  const subpath = parts.subpath === '' ? undefined : parts.subpath;
  try {
    return new PackageURL(parts.type, namespace, name, version, qualifiers, subpath).toString();
  } catch {
    // packageurl-js validates some types strictly (a golang version `v1.2` that is not full semver
    // throws). A package we found must still get an identifier, so encode it without the validation.
    return manualPurl(parts.type, namespace, name, version, qualifiers, subpath);
  }
}

/**
 * Ecosystems spell some names with their namespace inside; the purl keeps them apart.
 * An explicit `namespace` always wins over splitting.
 */
function splitName(type: string, namespace: string | undefined, name: string): { namespace?: string; name: string } {
  if (namespace) return { namespace, name };
  switch (type) {
    case 'npm': {
      // `@scope/name`: the scope, `@` included, is the namespace (the library encodes `@` as %40).
      const slash = name.indexOf('/');
      if (name.startsWith('@') && slash > 1) return { namespace: name.slice(0, slash), name: name.slice(slash + 1) };
      return { name };
    }
    case 'maven': {
      // `groupId:artifactId`, the way Maven coordinates are usually written.
      const colon = name.indexOf(':');
      if (colon > 0) return { namespace: name.slice(0, colon), name: name.slice(colon + 1) };
      return { name };
    }
    case 'golang':
    case 'composer': {
      // Go: module path minus the last element is the namespace; composer: `vendor/package`.
      const slash = name.lastIndexOf('/');
      if (slash > 0) return { namespace: name.slice(0, slash), name: name.slice(slash + 1) };
      return { name };
    }
    default:
      return { name };
  }
}

function cleanQualifiers(q: PurlParts['qualifiers']): Record<string, string> | undefined {
  if (!q) return undefined;
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(q)) {
    if (value === undefined || value === '') continue;
    out[key.toLowerCase()] = String(value);
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

/** Percent-encodes like the spec: unreserved characters and `:` stay, everything else is %XX. */
function enc(s: string): string {
  return encodeURIComponent(s).replace(/%3A/gi, ':').replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

function manualPurl(
  type: string,
  namespace: string | undefined,
  name: string,
  version: string | undefined,
  qualifiers: Record<string, string> | undefined,
  subpath: string | undefined,
): string {
  let out = `pkg:${type.toLowerCase()}/`;
  if (namespace) out += namespace.split('/').filter(Boolean).map(enc).join('/') + '/';
  out += enc(name);
  if (version !== undefined) out += `@${enc(version)}`;
  if (qualifiers) {
    const keys = Object.keys(qualifiers).sort();
    out += '?' + keys.map((k) => `${k}=${enc(qualifiers[k])}`).join('&');
  }
  if (subpath) out += '#' + subpath.split('/').filter((s) => s && s !== '.' && s !== '..').map(enc).join('/');
  return out;
}
