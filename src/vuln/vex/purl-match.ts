/** Package URL comparison for VEX and SBOM reading. */
import { PackageURL } from 'packageurl-js';

export interface ParsedPurl {
  type: string;
  namespace?: string;
  name: string;
  version?: string;
  qualifiers: Record<string, string>;
  subpath?: string;
}

/** Parses a purl; undefined when it is not one. */
export function parsePurl(text: string): ParsedPurl | undefined {
  if (typeof text !== 'string' || !text.startsWith('pkg:')) return undefined;
  try {
    const p = PackageURL.fromString(text);
    return {
      type: p.type,
      ...(p.namespace ? { namespace: p.namespace } : {}),
      name: p.name,
      ...(p.version ? { version: p.version } : {}),
      qualifiers: { ...(p.qualifiers ?? {}) },
      ...(p.subpath ? { subpath: p.subpath } : {}),
    };
  } catch {
    return undefined;
  }
}

/**
 * Whether a VEX product purl covers a package purl: type, namespace and name equal; the version
 * equal when the VEX purl has one (a version-less purl covers every version); every qualifier the
 * VEX purl gives equal (a VEX purl without qualifiers ignores the package's `arch`/`distro`).
 */
export function purlCovers(pattern: string, purl: string): boolean {
  if (pattern === purl) return true;
  const a = parsePurl(pattern);
  const b = parsePurl(purl);
  if (!a || !b) return false;
  if (a.type !== b.type || (a.namespace ?? '') !== (b.namespace ?? '') || a.name !== b.name) return false;
  if (a.version !== undefined && a.version !== b.version) return false;
  for (const [k, v] of Object.entries(a.qualifiers)) if (b.qualifiers[k] !== v) return false;
  if (a.subpath && a.subpath !== b.subpath) return false;
  return true;
}
