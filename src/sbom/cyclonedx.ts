/**
 * CycloneDX 1.6 JSON (https://cyclonedx.org/docs/1.6/json/), written directly: the document is
 * plain data and the official schema is checked in tests, so a library would add weight, not safety.
 *
 * Shape: `metadata.component` is the scanned image (type `container`) or directory; `components`
 * holds the operating system (type `operating-system`) and one `library` per package; the
 * `dependencies` graph gives every component an entry and roots everything at the subject.
 */
import { randomUUID } from 'node:crypto';
import type { Finding } from '../findings/types.js';
import { TOOL_NAME, TOOL_VERSION } from '../version.js';
import {
  IdAllocator,
  displayVersion,
  groupAndName,
  isoSeconds,
  locationHash,
  resolveDependencies,
  sha256Of,
  sortPackages,
  subjectIdentity,
  topLevelPackages,
  type SbomFormat,
  type SbomInput,
  type SubjectIdentity,
} from './document.js';
import { isCycloneDxSpdxId } from './cyclonedx-spdx-ids.js';
import { normalizeLicense, singleLicenseId } from './license.js';
import type { OSInfo, Package, PackageLocation } from './package.js';

export interface CdxProperty {
  name: string;
  value: string;
}

export interface CdxHash {
  alg: 'SHA-256';
  content: string;
}

/** Either one SPDX expression, or a list of SPDX ids and named licenses (the schema's two shapes). */
export type CdxLicenses = [{ expression: string }] | Array<{ license: { id: string } | { name: string } }>;

export interface CdxComponent {
  type: 'application' | 'container' | 'library' | 'operating-system';
  'bom-ref': string;
  group?: string;
  name: string;
  version?: string;
  description?: string;
  hashes?: CdxHash[];
  licenses?: CdxLicenses;
  purl?: string;
  evidence?: { occurrences: Array<{ location: string }> };
  properties?: CdxProperty[];
}

export interface CdxDependency {
  ref: string;
  dependsOn: string[];
}

/**
 * A CycloneDX 1.6 `vulnerability`, the subset the vulnerability phase is expected to fill in.
 * `affects[].ref` must be a component `bom-ref` of the same BOM.
 */
export interface CdxVulnerability {
  'bom-ref'?: string;
  id: string;
  source?: { name?: string; url?: string };
  references?: Array<{ id: string; source: { name?: string; url?: string } }>;
  ratings?: Array<{
    source?: { name?: string; url?: string };
    score?: number;
    severity?: 'critical' | 'high' | 'medium' | 'low' | 'info' | 'none' | 'unknown';
    method?: 'CVSSv2' | 'CVSSv3' | 'CVSSv31' | 'CVSSv4' | 'OWASP' | 'SSVC' | 'other';
    vector?: string;
  }>;
  cwes?: number[];
  description?: string;
  recommendation?: string;
  advisories?: Array<{ title?: string; url: string }>;
  published?: string;
  updated?: string;
  affects: Array<{ ref: string; versions?: Array<{ version: string; status?: 'affected' | 'unaffected' | 'unknown' }> }>;
  properties?: CdxProperty[];
}

/** How vulnerability code finds the components a finding is about. */
export interface ComponentRefs {
  /** The bom-refs of every component with this purl (several when a package occurs at several places). */
  byPurl(purl: string): string[];
}

/**
 * The hook for the vulnerability phase: turns vulnerability findings into the BOM's
 * `vulnerabilities` section. Not implemented yet; `buildCycloneDx` calls it when given one.
 */
export type CdxVulnerabilityBuilder = (findings: readonly Finding[], refs: ComponentRefs) => CdxVulnerability[];

export interface CycloneDxOptions {
  vulnerabilities?: { findings: readonly Finding[]; build: CdxVulnerabilityBuilder };
}

export interface CdxBom {
  $schema: string;
  bomFormat: 'CycloneDX';
  specVersion: '1.6';
  serialNumber: string;
  version: 1;
  metadata: {
    timestamp: string;
    lifecycles?: Array<{ phase: 'post-build' }>;
    tools: { components: Array<{ type: 'application'; name: string; version: string }> };
    component: CdxComponent;
  };
  components: CdxComponent[];
  dependencies: CdxDependency[];
  vulnerabilities?: CdxVulnerability[];
}

/** Property names; all under `leftshift:` (the CycloneDX taxonomy has no standard names for these). */
const P = {
  packageType: 'leftshift:package:type',
  foundBy: 'leftshift:package:foundBy',
  arch: 'leftshift:package:arch',
  epoch: 'leftshift:package:epoch',
  sourceName: 'leftshift:package:source:name',
  sourceVersion: 'leftshift:package:source:version',
  metadata: 'leftshift:package:metadata:',
  path: 'leftshift:location:path',
  layerDiffID: 'leftshift:location:layer:diffID',
  layerIndex: 'leftshift:location:layer:index',
} as const;

export function buildCycloneDx(input: SbomInput, options: CycloneDxOptions = {}): CdxBom {
  const identity = subjectIdentity(input.subject);
  const refs = new IdAllocator();
  const root = rootComponent(input, identity, refs);
  const os = input.os ? osComponent(input.os, refs) : undefined;

  const packages = sortPackages(input.packages);
  const purlCount = new Map<string, number>();
  for (const pkg of packages) if (pkg.purl) purlCount.set(pkg.purl, (purlCount.get(pkg.purl) ?? 0) + 1);
  const components = packages.map((pkg) => packageComponent(pkg, bomRef(pkg, purlCount, refs)));

  const graph = resolveDependencies(packages);
  const top = topLevelPackages(graph).map((i) => components[i]['bom-ref']);
  const dependencies: CdxDependency[] = [
    { ref: root['bom-ref'], dependsOn: [...(os ? [os['bom-ref']] : []), ...top] },
    ...(os ? [{ ref: os['bom-ref'], dependsOn: [] }] : []),
    ...components.map((c, i) => ({ ref: c['bom-ref'], dependsOn: graph[i].map((t) => components[t]['bom-ref']) })),
  ];

  const bom: CdxBom = {
    $schema: 'http://cyclonedx.org/schema/bom-1.6.schema.json',
    bomFormat: 'CycloneDX',
    specVersion: '1.6',
    serialNumber: serialNumber(input.serialNumber),
    version: 1,
    metadata: {
      timestamp: isoSeconds(input.createdAt),
      // An image is a built artefact; a directory could be anything, so it gets no lifecycle claim.
      ...(input.subject.kind === 'image' ? { lifecycles: [{ phase: 'post-build' as const }] } : {}),
      tools: { components: [{ type: 'application', name: TOOL_NAME, version: TOOL_VERSION }] },
      component: root,
    },
    components: [...(os ? [os] : []), ...components],
    dependencies,
  };
  if (options.vulnerabilities) {
    const byPurl = new Map<string, string[]>();
    for (const c of components) if (c.purl) byPurl.set(c.purl, [...(byPurl.get(c.purl) ?? []), c['bom-ref']]);
    bom.vulnerabilities = options.vulnerabilities.build(options.vulnerabilities.findings, { byPurl: (purl) => byPurl.get(purl) ?? [] });
  }
  return bom;
}

export function renderCycloneDx(input: SbomInput, options?: CycloneDxOptions): string {
  return `${JSON.stringify(buildCycloneDx(input, options), null, 2)}\n`;
}

export const cyclonedxFormat: SbomFormat = {
  name: 'cyclonedx',
  aliases: ['cyclonedx-json', 'cdx'],
  description: 'CycloneDX 1.6 SBOM (JSON)',
  mediaType: 'application/vnd.cyclonedx+json; version=1.6',
  // The file name convention the CycloneDX specification recommends (`bom.cdx.json`).
  fileExtension: 'cdx.json',
  render: (input) => renderCycloneDx(input),
};

function serialNumber(given: string | undefined): string {
  const value = (given ?? randomUUID()).toLowerCase();
  const withPrefix = value.startsWith('urn:uuid:') ? value : `urn:uuid:${value}`;
  if (!/^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(withPrefix)) {
    throw new Error(`CycloneDX serialNumber must be a UUID (urn:uuid:…), got ${JSON.stringify(given)}`);
  }
  return withPrefix;
}

/**
 * The purl when only one package has it; otherwise (the same package at several places) the purl
 * plus the location, so each copy keeps the same ref across scans whatever else the image holds.
 */
function bomRef(pkg: Package, purlCount: ReadonlyMap<string, number>, refs: IdAllocator): string {
  const identity = pkg.purl || `leftshift:package:${pkg.type}/${pkg.name}@${displayVersion(pkg)}`;
  if (pkg.purl && purlCount.get(pkg.purl) === 1) return refs.allocate([identity]);
  const path = pkg.locations[0]?.path;
  return refs.allocate([...(path ? [`${identity}|${path}`] : []), `${identity}|${locationHash(pkg)}`]);
}

function rootComponent(input: SbomInput, identity: SubjectIdentity, refs: IdAllocator): CdxComponent {
  if (input.subject.kind === 'filesystem') {
    // A scanned directory is usually an application's tree; CycloneDX has no "directory" type.
    return { type: 'application', 'bom-ref': refs.allocate([`leftshift:filesystem:${identity.name}`]), name: identity.name };
  }
  const meta = input.subject.metadata;
  const properties: CdxProperty[] = [];
  const add = (name: string, value: string | undefined): void => {
    if (value) properties.push({ name: `leftshift:image:${name}`, value });
  };
  add('reference', meta.reference);
  add('sourceKind', meta.sourceKind);
  add('id', meta.configDigest);
  add('manifestDigest', meta.manifestDigest);
  for (const tag of meta.repoTags) add('tag', tag);
  for (const digest of meta.repoDigests) add('repoDigest', digest);
  add('platform:os', meta.platform?.os ?? meta.config.os);
  add('platform:architecture', meta.platform?.architecture ?? meta.config.architecture);
  add('platform:variant', meta.platform?.variant ?? meta.config.variant);
  if (input.os) {
    add('os:family', input.os.family);
    add('os:version', input.os.version);
    add('os:name', input.os.name);
  }
  // Labels carry provenance (org.opencontainers.image.source, .revision); `key=value` keeps property
  // names within the taxonomy's character set.
  const labels = meta.config.config?.Labels ?? {};
  for (const key of Object.keys(labels).sort()) add('label', `${key}=${labels[key]}`);
  for (const layer of input.subject.layers) add('layer:diffID', layer.diffID);

  const configHex = sha256Of(meta.configDigest);
  return {
    type: 'container',
    'bom-ref': refs.allocate([identity.purl ?? `leftshift:image:${identity.displayName}`]),
    name: identity.name,
    ...(identity.version ? { version: identity.version } : {}),
    ...(configHex ? { hashes: [{ alg: 'SHA-256' as const, content: configHex }] } : {}),
    ...(identity.purl ? { purl: identity.purl } : {}),
    ...(properties.length > 0 ? { properties } : {}),
  };
}

function osComponent(os: OSInfo, refs: IdAllocator): CdxComponent {
  const properties: CdxProperty[] = [];
  if (os.codename) properties.push({ name: 'leftshift:os:codename', value: os.codename });
  if (os.eol) {
    properties.push({ name: 'leftshift:os:eol:date', value: os.eol.date });
    properties.push({ name: 'leftshift:os:eol:passed', value: String(os.eol.passed) });
  }
  if (os.location) properties.push(...locationProperties(os.location));
  return {
    type: 'operating-system',
    'bom-ref': refs.allocate([`leftshift:os:${os.family}@${os.version}`]),
    name: os.family,
    ...(os.version ? { version: os.version } : {}),
    ...(os.name ? { description: os.name } : {}),
    ...(os.location ? { evidence: { occurrences: [{ location: os.location.path }] } } : {}),
    ...(properties.length > 0 ? { properties } : {}),
  };
}

function packageComponent(pkg: Package, ref: string): CdxComponent {
  const { group, name } = groupAndName(pkg);
  const version = displayVersion(pkg);
  const licenses = cdxLicenses(pkg.licenses);
  const properties: CdxProperty[] = [{ name: P.packageType, value: pkg.type }, { name: P.foundBy, value: pkg.foundBy }];
  if (pkg.arch) properties.push({ name: P.arch, value: pkg.arch });
  if (pkg.epoch !== undefined) properties.push({ name: P.epoch, value: String(pkg.epoch) });
  if (pkg.source) {
    properties.push({ name: P.sourceName, value: pkg.source.name });
    if (pkg.source.version) properties.push({ name: P.sourceVersion, value: pkg.source.version });
  }
  for (const key of Object.keys(pkg.metadata ?? {}).sort()) {
    const value = pkg.metadata?.[key];
    // Only scalar facts; nested structures have no faithful name/value form.
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
      properties.push({ name: `${P.metadata}${key}`, value: String(value) });
    }
  }
  for (const location of pkg.locations) properties.push(...locationProperties(location));
  const occurrences = [...new Set(pkg.locations.map((l) => l.path))].map((location) => ({ location }));
  return {
    type: 'library',
    'bom-ref': ref,
    ...(group ? { group } : {}),
    name,
    ...(version ? { version } : {}),
    ...(licenses ? { licenses } : {}),
    ...(pkg.purl ? { purl: pkg.purl } : {}),
    ...(occurrences.length > 0 ? { evidence: { occurrences } } : {}),
    properties,
  };
}

/** Path, then the layer it came from; repeated per location, in order. */
function locationProperties(location: PackageLocation): CdxProperty[] {
  const out: CdxProperty[] = [{ name: P.path, value: location.path }];
  if (location.layer) {
    out.push({ name: P.layerDiffID, value: location.layer.diffID });
    out.push({ name: P.layerIndex, value: String(location.layer.index) });
  }
  return out;
}

/**
 * An SPDX expression when every declared license was understood; otherwise a list with SPDX ids
 * for what was understood (a compound part goes in as a name: the list form has no expressions)
 * and the free text as named licenses. An id newer than CycloneDX 1.6's SPDX enum also goes in as
 * a name: the schema rejects it as `id`, while `expression` (used above) is a free string.
 */
export function cdxLicenses(raw: readonly string[]): CdxLicenses | undefined {
  const normalized = normalizeLicense(raw);
  if (normalized.expression) return [{ expression: normalized.expression }];
  const list: Array<{ license: { id: string } | { name: string } }> = [];
  for (const part of normalized.parts) {
    const id = singleLicenseId(part);
    list.push({ license: id && isCycloneDxSpdxId(id) ? { id } : { name: part } });
  }
  for (const text of normalized.unparsed) list.push({ license: { name: text } });
  return list.length > 0 ? list : undefined;
}
