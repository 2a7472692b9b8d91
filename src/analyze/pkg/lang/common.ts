/** Helpers shared by the language catalogers: package construction, paths, tolerant JSON and YAML. */
import { parse as parseYaml } from 'yaml';
import type { LayerRef } from '../../../image/fs-types.js';
import type { Package, PackageType } from '../../../sbom/package.js';
import type { AnalyzerOutput } from '../../analyzer.js';
import { buildPurl, type PurlParts } from '../../../sbom/purl.js';

export interface PackageInput {
  type: PackageType;
  name: string;
  version: string;
  /** purl parts besides `type` (taken from `type`); `name`/`version` default to the package's. */
  purl?: Omit<PurlParts, 'type'>;
  licenses?: string[];
  path: string;
  layer?: LayerRef;
  dependsOn?: string[];
  namespace?: string;
  files?: string[];
  metadata?: Record<string, unknown>;
  foundBy: string;
}

/**
 * Builds a Package, leaving out empty optional fields so cached JSON stays small and stable.
 * Returns an error string instead of throwing when the purl cannot be built (e.g. an empty name):
 * one odd record must not cost the whole file.
 */
export function makePackage(p: PackageInput): Package | string {
  let purl: string;
  try {
    purl = buildPurl({ type: p.type, name: p.name, version: p.version, ...p.purl });
  } catch (err) {
    return `cannot build purl for ${p.type} package ${JSON.stringify(p.name)}@${JSON.stringify(p.version)}: ${errorMessage(err)}`;
  }
  const pkg: Package = {
    type: p.type,
    name: p.name,
    version: p.version,
    purl,
    licenses: uniq((p.licenses ?? []).map((l) => l.trim()).filter((l) => l !== '')),
    locations: [p.layer ? { path: p.path, layer: p.layer } : { path: p.path }],
    foundBy: p.foundBy,
  };
  if (p.dependsOn && p.dependsOn.length > 0) pkg.dependsOn = uniq(p.dependsOn);
  if (p.namespace) pkg.namespace = p.namespace;
  if (p.files && p.files.length > 0) pkg.files = p.files;
  const metadata = compact(p.metadata ?? {});
  if (Object.keys(metadata).length > 0) pkg.metadata = metadata;
  return pkg;
}

/** Collects packages and warnings while parsing one file. */
export class OutputBuilder {
  readonly packages: Package[] = [];
  readonly warnings: string[] = [];
  ownedFiles: string[] = [];

  constructor(readonly path: string) {}

  add(p: PackageInput): void {
    const pkg = makePackage(p);
    if (typeof pkg === 'string') this.warn(pkg);
    else this.packages.push(pkg);
  }

  warn(message: string): void {
    this.warnings.push(`${this.path}: ${message}`);
  }

  /** A warning about a place inside the file (`app.war!/WEB-INF/lib/x.jar`), named in full instead. */
  warnAt(where: string, message: string): void {
    this.warnings.push(`${where}: ${message}`);
  }

  output(): AnalyzerOutput | undefined {
    const out: AnalyzerOutput = {};
    if (this.packages.length > 0) out.packages = this.packages;
    if (this.ownedFiles.length > 0) out.ownedFiles = this.ownedFiles;
    if (this.warnings.length > 0) out.warnings = this.warnings;
    return Object.keys(out).length > 0 ? out : undefined;
  }
}

export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

export function uniq<T>(xs: T[]): T[] {
  return [...new Set(xs)];
}

/** Drops `undefined`, empty strings and empty arrays/objects: metadata goes into caches and SBOMs. */
export function compact(o: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(o)) {
    if (v === undefined || v === null || v === '') continue;
    if (Array.isArray(v) && v.length === 0) continue;
    if (isRecord(v) && Object.keys(v).length === 0) continue;
    out[k] = v;
  }
  return out;
}

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The string value, or undefined for anything else (JSON from images is untrusted). */
export function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

/** Keys of a JSON object field (`dependencies: {a: "^1"}` → `['a']`); [] when absent or not an object. */
export function keysOf(v: unknown): string[] {
  return isRecord(v) ? Object.keys(v) : [];
}

/** UTF-8 text without a byte-order mark. */
export function text(content: Buffer): string {
  const s = content.toString('utf8');
  return s.charCodeAt(0) === 0xfeff ? s.slice(1) : s;
}

export type JsonResult = { ok: true; value: unknown } | { ok: false; error: string };

export function parseJson(s: string): JsonResult {
  try {
    return { ok: true, value: JSON.parse(s) as unknown };
  } catch (err) {
    return { ok: false, error: errorMessage(err) };
  }
}

/**
 * YAML (lock files) with the failsafe schema: every scalar stays a string, so `version: 1.10` is not
 * read as the number 1.1. Duplicate keys are tolerated. Same result shape as `parseJson`.
 */
export function parseYamlStrings(s: string): JsonResult {
  try {
    return { ok: true, value: parseYaml(s, { uniqueKeys: false, schema: 'failsafe' }) as unknown };
  } catch (err) {
    return { ok: false, error: errorMessage(err) };
  }
}

export function basename(path: string): string {
  const i = path.lastIndexOf('/');
  return i < 0 ? path : path.slice(i + 1);
}

/** Parent directory, '' for a top-level entry. */
export function dirname(path: string): string {
  const i = path.lastIndexOf('/');
  return i < 0 ? '' : path.slice(0, i);
}

/**
 * Joins a relative path onto a directory and resolves `.`/`..` lexically, keeping the result
 * relative to the image root. Returns undefined for paths that escape the root or are absolute
 * elsewhere (they cannot be matched against image files).
 */
export function joinPath(dir: string, rel: string): string | undefined {
  const parts = rel.startsWith('/') ? [] : dir.split('/').filter((p) => p !== '');
  for (const seg of rel.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') {
      if (parts.length === 0) return undefined;
      parts.pop();
    } else parts.push(seg);
  }
  return parts.join('/');
}

/** License values as packages write them: a string, `{type}`, or arrays of either. */
export function licenseStrings(v: unknown): string[] {
  if (typeof v === 'string') return [v];
  if (Array.isArray(v)) return v.flatMap(licenseStrings);
  if (isRecord(v)) {
    const t = str(v.type) ?? str(v.name);
    return t ? [t] : [];
  }
  return [];
}

/**
 * Runs a cataloger body so that it never throws: an exception from hostile input becomes a
 * warning, and whatever was found before it is kept.
 */
export function guarded(file: { path: string }, body: (out: OutputBuilder) => void): AnalyzerOutput | undefined {
  const out = new OutputBuilder(file.path);
  try {
    body(out);
  } catch (err) {
    out.warn(`unexpected error: ${errorMessage(err)}`);
  }
  return out.output();
}
