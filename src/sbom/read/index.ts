/**
 * Reading existing SBOMs back into packages, for `leftshift sbom <file>`-style vulnerability scans.
 *
 * Formats: CycloneDX 1.4–1.6 JSON and SPDX 2.2/2.3 JSON, as written by leftshift itself, syft and
 * trivy. Packages are identified by their purl (type, namespace, name, version, `arch`/`epoch`/
 * `distro`/`upstream` qualifiers); components without a purl of a known ecosystem are skipped and
 * counted in `warnings`. What else each producer records is read where it is common:
 *
 * | fact            | leftshift                                | syft                                     | trivy                                    |
 * |-----------------|------------------------------------------|------------------------------------------|------------------------------------------|
 * | source package  | `leftshift:package:source:name/version`  | purl `upstream=` (`name` / `name@ver` / `x.src.rpm`), `syft:metadata:source*` | `aquasecurity:trivy:SrcName/SrcVersion/SrcRelease/SrcEpoch` |
 * | location        | `leftshift:location:path` (+ layer)      | `syft:location:N:path`                   | `aquasecurity:trivy:FilePath`            |
 * | found by        | `leftshift:package:foundBy`              | `syft:package:foundBy`                   | —                                        |
 * | OS              | `operating-system` component             | `operating-system` component             | `operating-system` component             |
 *
 * SPDX: the purl external reference, `licenseDeclared`, `sourceInfo` (ours: "found by X in path
 * (layer N, sha256:…); source package name version"; syft: "acquired package info from …: path"),
 * the OS from the package whose `primaryPackagePurpose` is OPERATING-SYSTEM (also spelled
 * OPERATING_SYSTEM), DEPENDS_ON/DEPENDENCY_OF relationships. Without an OS component the OS is
 * taken from the OS packages' `distro=` qualifier (`debian-12`, `alpine-3.19.1`).
 *
 * Layer *indices* are only known from our own SBOMs; another tool's layer ids are not kept (a
 * LayerRef needs the index).
 */
import { readFileSync } from 'node:fs';
import { parseSourceRpm } from '../../analyze/pkg/rpm/header.js';
import { familyFromId } from '../../analyze/os/families.js';
import { InputError } from '../../errors.js';
import type { OSInfo, Package, PackageLocation, PackageType } from '../package.js';
import { parsePurl, type ParsedPurl } from '../../vuln/vex/purl-match.js';

export type SbomDocumentFormat = 'cyclonedx' | 'spdx';

export interface DetectedSbom {
  format: SbomDocumentFormat;
  /** `1.5`, `2.3`... */
  specVersion: string;
}

export interface ReadSbomResult {
  format: SbomDocumentFormat;
  specVersion: string;
  packages: Package[];
  os?: OSInfo;
  /** What the SBOM describes (`debian:12`, `ghcr.io/acme/app:1.0`, a directory). */
  subjectName?: string;
  warnings: string[];
}

const TYPES = new Set<PackageType>(['deb', 'apk', 'rpm', 'npm', 'pypi', 'golang', 'maven', 'gem', 'composer', 'cargo', 'nuget']);
const OS_TYPES = new Set(['deb', 'apk', 'rpm']);
const CDX_VERSIONS = ['1.4', '1.5', '1.6'];
const SPDX_VERSIONS = ['2.2', '2.3'];

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() !== '' ? v : undefined);
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

/** Which SBOM format a parsed JSON document is; undefined when neither. */
export function detectSbomFormat(json: unknown): DetectedSbom | undefined {
  if (!isObject(json)) return undefined;
  if (json.bomFormat === 'CycloneDX') return { format: 'cyclonedx', specVersion: str(json.specVersion) ?? '' };
  const spdx = str(json.spdxVersion);
  if (spdx && /^SPDX-\d/.test(spdx)) return { format: 'spdx', specVersion: spdx.slice('SPDX-'.length) };
  return undefined;
}

export function readSbomFile(path: string): ReadSbomResult {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new InputError(`cannot read SBOM ${path}: ${(err as Error).message}`, undefined, { cause: err });
  }
  return readSbom(text, path);
}

/** Parses an SBOM document (JSON text). Throws InputError for anything that is not a supported SBOM. */
export function readSbom(text: string, source = 'SBOM'): ReadSbomResult {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new InputError(`${source}: not a JSON SBOM (${(err as Error).message})`, 'Only the JSON forms of CycloneDX and SPDX are read; convert tag-value or XML documents first.');
  }
  const detected = detectSbomFormat(json);
  if (!detected) throw new InputError(`${source}: not a CycloneDX or SPDX document (no bomFormat "CycloneDX" or spdxVersion)`);
  const doc = json as Json;
  if (detected.format === 'cyclonedx') {
    if (!CDX_VERSIONS.includes(detected.specVersion)) throw new InputError(`${source}: CycloneDX specVersion ${JSON.stringify(detected.specVersion)} is not supported (1.4–1.6)`);
    return readCycloneDx(doc, detected.specVersion);
  }
  if (!SPDX_VERSIONS.includes(detected.specVersion)) throw new InputError(`${source}: SPDX version ${JSON.stringify(detected.specVersion)} is not supported (2.2, 2.3)`);
  return readSpdx(doc, detected.specVersion);
}

// ---------------------------------------------------------------------------------------------
// Common: purl → package

interface Extras {
  sourceName?: string;
  sourceVersion?: string;
  epoch?: number;
  locations: PackageLocation[];
  foundBy?: string;
  licenses: string[];
  metadata?: Record<string, unknown>;
}

/** The ecosystem's own spelling of the name (`@scope/x`, `group:artifact`, module path, `vendor/pkg`). */
function ecosystemName(p: ParsedPurl): string {
  if (!p.namespace) return p.name;
  switch (p.type) {
    case 'npm':
    case 'golang':
    case 'composer':
      return `${p.namespace}/${p.name}`;
    case 'maven':
      return `${p.namespace}:${p.name}`;
    default:
      return p.name;
  }
}

/** `upstream=` qualifier forms: `glibc`, `gcc-12@12.2.0-14` (syft, deb), `openssl-3.0.7-27.el9.src.rpm` (rpm). */
function parseUpstream(value: string): { name: string; version?: string } {
  const rpm = parseSourceRpm(value);
  if (rpm) return rpm;
  const at = value.indexOf('@');
  if (at > 0) return { name: value.slice(0, at), version: value.slice(at + 1) };
  return { name: value };
}

function toPackage(purl: string, fallbackVersion: string | undefined, extras: Extras): Package | undefined {
  const p = parsePurl(purl);
  if (!p || !TYPES.has(p.type as PackageType)) return undefined;
  const type = p.type as PackageType;
  const version = p.version ?? fallbackVersion ?? '';
  const pkg: Package = {
    type,
    name: OS_TYPES.has(type) ? p.name : ecosystemName(p),
    version,
    purl,
    licenses: extras.licenses,
    locations: extras.locations,
    foundBy: extras.foundBy ?? 'sbom',
  };
  if (OS_TYPES.has(type) && p.namespace) pkg.namespace = p.namespace;
  if (p.qualifiers.arch) pkg.arch = p.qualifiers.arch;
  const epoch = extras.epoch ?? (p.qualifiers.epoch && /^\d+$/.test(p.qualifiers.epoch) ? Number(p.qualifiers.epoch) : undefined);
  if (type === 'rpm' && epoch !== undefined && !version.includes(':')) pkg.epoch = epoch;
  if (OS_TYPES.has(type)) {
    const up = p.qualifiers.upstream ? parseUpstream(p.qualifiers.upstream) : undefined;
    const name = extras.sourceName ?? up?.name;
    const srcVersion = extras.sourceVersion ?? up?.version;
    // dpkg and apk record a source for every package, and its version only when it differs from the
    // binary's (dpkg `Source: name (version)`; an apk origin always shares the package's version).
    if (type !== 'rpm') pkg.source = { name: name ?? p.name, version: srcVersion ?? version };
    else if (name) pkg.source = srcVersion ? { name, version: srcVersion } : { name };
  }
  if (extras.metadata && Object.keys(extras.metadata).length > 0) pkg.metadata = extras.metadata;
  return pkg;
}

function osFromDistro(packages: readonly Package[]): OSInfo | undefined {
  for (const pkg of packages) {
    if (!OS_TYPES.has(pkg.type)) continue;
    const distro = parsePurl(pkg.purl)?.qualifiers.distro;
    const m = distro ? /^(.+?)-(\d[\w.]*)$/.exec(distro) : null;
    if (m) return { family: familyFromId(m[1]), version: m[2] };
  }
  return undefined;
}

function resolveDependsOn(packages: Package[], refOf: Map<Package, string>, edges: Map<string, Set<string>>): void {
  const byRef = new Map<string, Package>();
  for (const [pkg, ref] of refOf) byRef.set(ref, pkg);
  for (const [pkg, ref] of refOf) {
    const targets = [...(edges.get(ref) ?? [])].map((r) => byRef.get(r)).filter((t): t is Package => t !== undefined && t.type === pkg.type);
    if (targets.length > 0) pkg.dependsOn = [...new Set(targets.map((t) => t.name))];
  }
  void packages;
}

// ---------------------------------------------------------------------------------------------
// CycloneDX

function cdxLicenses(c: Json): string[] {
  const out: string[] = [];
  for (const l of arr(c.licenses)) {
    if (!isObject(l)) continue;
    const expr = str(l.expression);
    if (expr) out.push(expr);
    if (isObject(l.license)) {
      const v = str(l.license.id) ?? str(l.license.name);
      if (v) out.push(v);
    }
  }
  return out;
}

function readCycloneDx(doc: Json, specVersion: string): ReadSbomResult {
  const warnings: string[] = [];
  const packages: Package[] = [];
  const refOf = new Map<Package, string>();
  let os: OSInfo | undefined;
  let skipped = 0;

  const visit = (c: unknown): void => {
    if (!isObject(c)) return;
    const type = str(c.type);
    if (type === 'operating-system' && !os) {
      const family = str(c.name);
      if (family) {
        os = { family: familyFromId(family), version: str(c.version) ?? '' };
        const description = str(c.description);
        if (description) os.name = description;
      }
    } else if (type !== 'operating-system') {
      const purl = str(c.purl);
      const props = new Map<string, string[]>();
      for (const p of arr(c.properties)) {
        if (!isObject(p)) continue;
        const name = str(p.name);
        const value = typeof p.value === 'string' ? p.value : undefined;
        if (name && value !== undefined) props.set(name, [...(props.get(name) ?? []), value]);
      }
      const prop = (name: string) => props.get(name)?.[0];
      const pkg = purl ? toPackage(purl, str(c.version), cdxExtras(c, props, prop)) : undefined;
      if (pkg) {
        packages.push(pkg);
        const ref = str(c['bom-ref']);
        if (ref) refOf.set(pkg, ref);
      } else if (type === 'library' || type === 'application' || type === 'framework' || purl) {
        skipped++;
      }
    }
    for (const child of arr(c.components)) visit(child);
  };
  for (const c of arr(doc.components)) visit(c);

  const edges = new Map<string, Set<string>>();
  for (const d of arr(doc.dependencies)) {
    if (!isObject(d) || !str(d.ref)) continue;
    edges.set(d.ref as string, new Set(arr(d.dependsOn).filter((x): x is string => typeof x === 'string')));
  }
  resolveDependsOn(packages, refOf, edges);

  const meta = isObject(doc.metadata) ? doc.metadata : {};
  const subject = isObject(meta.component) ? meta.component : undefined;
  let subjectName: string | undefined;
  if (subject) {
    const name = str(subject.name);
    const version = str(subject.version);
    if (name) subjectName = version ? `${name}${version.startsWith('sha256:') ? '@' : ':'}${version}` : name;
    // Our writer records the OS on the subject too; used when the BOM has no OS component.
    if (!os) {
      const props = arr(subject.properties).filter(isObject);
      const get = (n: string) => str(props.find((p) => p.name === n)?.value);
      const family = get('leftshift:image:os:family');
      if (family) os = { family, version: get('leftshift:image:os:version') ?? '' };
    }
  }
  os ??= osFromDistro(packages);
  if (skipped > 0) warnings.push(`${skipped} component(s) without a purl of a supported ecosystem were skipped`);
  return { format: 'cyclonedx', specVersion, packages, ...(os ? { os } : {}), ...(subjectName ? { subjectName } : {}), warnings };
}

function cdxExtras(c: Json, props: Map<string, string[]>, prop: (n: string) => string | undefined): Extras {
  const locations: PackageLocation[] = [];
  // Ours: path, then optionally its layer, repeated per location.
  const ordered = arr(c.properties).filter(isObject);
  for (const p of ordered) {
    if (p.name === 'leftshift:location:path' && typeof p.value === 'string') locations.push({ path: p.value });
    else if (p.name === 'leftshift:location:layer:diffID' && locations.length > 0) {
      const last = locations[locations.length - 1];
      last.layer = { diffID: String(p.value), index: -1 };
    } else if (p.name === 'leftshift:location:layer:index' && locations.length > 0) {
      const last = locations[locations.length - 1];
      if (last.layer) last.layer.index = Number(p.value);
    }
  }
  for (const l of locations) if (l.layer && !(l.layer.index >= 0)) delete l.layer;
  if (locations.length === 0) {
    const syft = [...props.keys()].filter((k) => /^syft:location:\d+:path$/.test(k)).sort((a, b) => Number(a.split(':')[2]) - Number(b.split(':')[2]));
    for (const k of syft) locations.push({ path: stripSlash(props.get(k)![0]) });
    for (const v of props.get('aquasecurity:trivy:FilePath') ?? []) locations.push({ path: stripSlash(v) });
  }
  if (locations.length === 0 && isObject(c.evidence)) {
    for (const o of arr(c.evidence.occurrences)) if (isObject(o) && str(o.location)) locations.push({ path: stripSlash(o.location as string) });
  }
  const metadata: Record<string, unknown> = {};
  for (const [k, v] of props) if (k.startsWith('leftshift:package:metadata:')) metadata[k.slice('leftshift:package:metadata:'.length)] = v[0];

  const trivySrc = prop('aquasecurity:trivy:SrcName');
  let trivyVersion: string | undefined;
  if (trivySrc && prop('aquasecurity:trivy:SrcVersion')) {
    const rel = prop('aquasecurity:trivy:SrcRelease');
    const ep = prop('aquasecurity:trivy:SrcEpoch');
    trivyVersion = `${ep && ep !== '0' ? `${ep}:` : ''}${prop('aquasecurity:trivy:SrcVersion')}${rel ? `-${rel}` : ''}`;
  }
  const epochProp = prop('leftshift:package:epoch');
  return {
    sourceName: prop('leftshift:package:source:name') ?? prop('syft:metadata:source') ?? trivySrc,
    sourceVersion: prop('leftshift:package:source:version') ?? prop('syft:metadata:sourceVersion') ?? trivyVersion,
    ...(epochProp && /^\d+$/.test(epochProp) ? { epoch: Number(epochProp) } : {}),
    locations,
    foundBy: prop('leftshift:package:foundBy') ?? prop('syft:package:foundBy'),
    licenses: cdxLicenses(c),
    metadata,
  };
}

function stripSlash(p: string): string {
  return p.replace(/^\/+/, '');
}

// ---------------------------------------------------------------------------------------------
// SPDX

function spdxPurl(p: Json): string | undefined {
  for (const r of arr(p.externalRefs)) {
    if (isObject(r) && r.referenceType === 'purl' && str(r.referenceLocator)) return r.referenceLocator as string;
  }
  return undefined;
}

function spdxLicenses(p: Json): string[] {
  const declared = str(p.licenseDeclared);
  if (!declared || declared === 'NOASSERTION' || declared === 'NONE') return [];
  return [declared];
}

/** Our `sourceInfo` and syft's. */
function spdxSourceInfo(info: string | undefined): Pick<Extras, 'locations' | 'foundBy' | 'sourceName' | 'sourceVersion'> {
  const out: Pick<Extras, 'locations' | 'foundBy' | 'sourceName' | 'sourceVersion'> = { locations: [] };
  if (!info) return out;
  const ours = /^found by (\S+)(?: in (.*?))?(?:; source package (\S+)(?: (\S+))?)?$/.exec(info);
  if (ours) {
    out.foundBy = ours[1];
    if (ours[2]) {
      for (const part of ours[2].split('; ')) {
        const m = /^(.*?)(?: \(layer (\d+), (sha256:[0-9a-f]+)\))?$/.exec(part);
        if (!m) continue;
        out.locations.push({ path: m[1], ...(m[2] ? { layer: { index: Number(m[2]), diffID: m[3] } } : {}) });
      }
    }
    if (ours[3]) out.sourceName = ours[3];
    if (ours[4]) out.sourceVersion = ours[4];
    return out;
  }
  const syft = /^acquired package info from (.+?): (.+)$/.exec(info);
  if (syft) for (const path of syft[2].split(', ')) out.locations.push({ path: stripSlash(path.trim()) });
  return out;
}

function readSpdx(doc: Json, specVersion: string): ReadSbomResult {
  const warnings: string[] = [];
  const packages: Package[] = [];
  const refOf = new Map<Package, string>();
  let os: OSInfo | undefined;
  let skipped = 0;
  const byId = new Map<string, Json>();
  for (const p of arr(doc.packages)) if (isObject(p) && str(p.SPDXID)) byId.set(p.SPDXID as string, p);

  const described = new Set<string>(arr(doc.documentDescribes).filter((x): x is string => typeof x === 'string'));
  const edges = new Map<string, Set<string>>();
  const addEdge = (from: string, to: string) => edges.set(from, new Set([...(edges.get(from) ?? []), to]));
  for (const r of arr(doc.relationships)) {
    if (!isObject(r)) continue;
    const a = str(r.spdxElementId);
    const b = str(r.relatedSpdxElement);
    if (!a || !b) continue;
    if (r.relationshipType === 'DESCRIBES' && a === 'SPDXRef-DOCUMENT') described.add(b);
    else if (r.relationshipType === 'DESCRIBED_BY' && b === 'SPDXRef-DOCUMENT') described.add(a);
    else if (r.relationshipType === 'DEPENDS_ON') addEdge(a, b);
    else if (r.relationshipType === 'DEPENDENCY_OF') addEdge(b, a);
  }

  for (const [id, p] of byId) {
    const purpose = str(p.primaryPackagePurpose);
    if (purpose === 'OPERATING-SYSTEM' || purpose === 'OPERATING_SYSTEM') {
      const name = str(p.name);
      if (name && !os) {
        os = { family: familyFromId(name), version: str(p.versionInfo) ?? '' };
        const description = str(p.description);
        if (description) os.name = description;
      }
      continue;
    }
    if (described.has(id)) continue;
    const purl = spdxPurl(p);
    const info = spdxSourceInfo(str(p.sourceInfo));
    const pkg = purl ? toPackage(purl, str(p.versionInfo), { ...info, licenses: spdxLicenses(p) }) : undefined;
    if (pkg) {
      packages.push(pkg);
      refOf.set(pkg, id);
    } else {
      skipped++;
    }
  }
  resolveDependsOn(packages, refOf, edges);

  let subjectName: string | undefined;
  const root = [...described].map((d) => byId.get(d)).find((p) => p !== undefined);
  if (root) {
    const name = str(root.name);
    const version = str(root.versionInfo);
    if (name) subjectName = version ? `${name}${version.startsWith('sha256:') ? '@' : ':'}${version}` : name;
  }
  subjectName ??= str(doc.name);
  os ??= osFromDistro(packages);
  if (skipped > 0) warnings.push(`${skipped} package(s) without a purl of a supported ecosystem were skipped`);
  return { format: 'spdx', specVersion, packages, ...(os ? { os } : {}), ...(subjectName ? { subjectName } : {}), warnings };
}
