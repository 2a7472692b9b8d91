/**
 * SPDX 2.3 JSON (https://spdx.github.io/spdx-spec/v2.3/), written directly.
 *
 * Shape: the document DESCRIBES one package for the subject (the image, purpose CONTAINER, or the
 * scanned directory); that package CONTAINS the operating system and every found package;
 * DEPENDS_ON relationships carry the dependency graph. Nothing was downloaded or read file by
 * file, so download location, concluded license and copyright are NOASSERTION and
 * `filesAnalyzed` is false.
 */
import { randomUUID } from 'node:crypto';
import { TOOL_NAME, TOOL_VERSION } from '../version.js';
import {
  IdAllocator,
  displayVersion,
  fullName,
  isoSeconds,
  locationHash,
  resolveDependencies,
  sha256Hex,
  sha256Of,
  sortPackages,
  subjectIdentity,
  type SbomFormat,
  type SbomInput,
  type SubjectIdentity,
} from './document.js';
import { joinAnd, licenseRefs, normalizeLicense, type NormalizedLicense } from './license.js';
import type { OSInfo, Package, PackageLocation } from './package.js';

const NOASSERTION = 'NOASSERTION';

export type SpdxPurpose = 'CONTAINER' | 'OPERATING_SYSTEM' | 'LIBRARY' | 'APPLICATION';

export interface SpdxPackage {
  SPDXID: string;
  name: string;
  versionInfo?: string;
  supplier: string;
  downloadLocation: string;
  filesAnalyzed: false;
  checksums?: Array<{ algorithm: 'SHA256'; checksumValue: string }>;
  licenseConcluded: string;
  licenseDeclared: string;
  copyrightText: string;
  description?: string;
  comment?: string;
  sourceInfo?: string;
  externalRefs?: Array<{ referenceCategory: 'PACKAGE-MANAGER'; referenceType: 'purl'; referenceLocator: string }>;
  primaryPackagePurpose: SpdxPurpose;
}

export interface SpdxRelationship {
  spdxElementId: string;
  relationshipType: 'DESCRIBES' | 'CONTAINS' | 'DEPENDS_ON';
  relatedSpdxElement: string;
}

export interface SpdxExtractedLicense {
  licenseId: string;
  extractedText: string;
  name?: string;
  comment?: string;
}

export interface SpdxDocument {
  spdxVersion: 'SPDX-2.3';
  dataLicense: 'CC0-1.0';
  SPDXID: 'SPDXRef-DOCUMENT';
  name: string;
  documentNamespace: string;
  creationInfo: { created: string; creators: string[] };
  packages: SpdxPackage[];
  hasExtractedLicensingInfos?: SpdxExtractedLicense[];
  relationships: SpdxRelationship[];
}

export function buildSpdx(input: SbomInput): SpdxDocument {
  const identity = subjectIdentity(input.subject);
  const ids = new IdAllocator();
  ids.reserve('SPDXRef-DOCUMENT');
  const packages = sortPackages(input.packages);
  const licenses = new LicenseRefs(packages.map((p) => normalizeLicense(p.licenses)));

  const root = rootPackage(input, identity, ids);
  const os = input.os ? osPackage(input.os, ids) : undefined;
  const baseCount = new Map<string, number>();
  for (const pkg of packages) baseCount.set(baseId(pkg), (baseCount.get(baseId(pkg)) ?? 0) + 1);
  const spdxPackages = packages.map((pkg, i) => packageEntry(pkg, spdxId(pkg, baseCount, ids), licenses.declared(i)));

  const relationships: SpdxRelationship[] = [{ spdxElementId: 'SPDXRef-DOCUMENT', relationshipType: 'DESCRIBES', relatedSpdxElement: root.SPDXID }];
  for (const p of [...(os ? [os] : []), ...spdxPackages]) {
    relationships.push({ spdxElementId: root.SPDXID, relationshipType: 'CONTAINS', relatedSpdxElement: p.SPDXID });
  }
  resolveDependencies(packages).forEach((targets, i) => {
    for (const t of targets) {
      relationships.push({ spdxElementId: spdxPackages[i].SPDXID, relationshipType: 'DEPENDS_ON', relatedSpdxElement: spdxPackages[t].SPDXID });
    }
  });

  const doc: SpdxDocument = {
    spdxVersion: 'SPDX-2.3',
    dataLicense: 'CC0-1.0',
    SPDXID: 'SPDXRef-DOCUMENT',
    name: identity.displayName,
    documentNamespace: input.documentNamespace ?? defaultNamespace(identity),
    creationInfo: { created: isoSeconds(input.createdAt), creators: [`Tool: ${TOOL_NAME}-${TOOL_VERSION}`] },
    packages: [root, ...(os ? [os] : []), ...spdxPackages],
    relationships,
  };
  const extracted = licenses.extracted();
  if (extracted.length > 0) doc.hasExtractedLicensingInfos = extracted;
  return doc;
}

export function renderSpdx(input: SbomInput): string {
  return `${JSON.stringify(buildSpdx(input), null, 2)}\n`;
}

export const spdxFormat: SbomFormat = {
  // "spdx-json" leaves "spdx-tag-value" free for the other SPDX serialisation; "spdx" is what people type.
  name: 'spdx-json',
  aliases: ['spdx'],
  description: 'SPDX 2.3 SBOM (JSON)',
  mediaType: 'application/spdx+json',
  fileExtension: 'spdx.json',
  render: renderSpdx,
};

/** SPDX idstrings allow letters, digits, `.` and `-` only. */
function idString(text: string): string {
  return text.replace(/[^A-Za-z0-9.-]+/g, '-').replace(/-{2,}/g, '-').replace(/^-+|-+$/g, '');
}

/**
 * The SPDX spec's suggested form, http://spdx.org/spdxdocs/<name>-<uuid>: the UUID makes every
 * document unique, the name makes it recognisable. Injected for reproducible output.
 */
function defaultNamespace(identity: SubjectIdentity): string {
  const name = idString(identity.displayName).slice(0, 100) || identity.kind;
  return `https://spdx.org/spdxdocs/${TOOL_NAME}-${identity.kind}-${name}-${randomUUID()}`;
}

function baseId(pkg: Package): string {
  return `SPDXRef-Package-${idString(`${pkg.type}-${fullName(pkg)}-${displayVersion(pkg)}`)}`;
}

/** `SPDXRef-Package-<type>-<name>-<version>`; copies of one package also get a hash of where they were found. */
function spdxId(pkg: Package, baseCount: ReadonlyMap<string, number>, ids: IdAllocator): string {
  const base = baseId(pkg);
  if (baseCount.get(base) === 1) return ids.allocate([base]);
  return ids.allocate([`${base}-${locationHash(pkg)}`]);
}

function rootPackage(input: SbomInput, identity: SubjectIdentity, ids: IdAllocator): SpdxPackage {
  const common = { supplier: NOASSERTION, downloadLocation: NOASSERTION, filesAnalyzed: false as const, licenseConcluded: NOASSERTION, licenseDeclared: NOASSERTION, copyrightText: NOASSERTION };
  if (input.subject.kind === 'filesystem') {
    return {
      SPDXID: ids.allocate([`SPDXRef-Filesystem-${idString(identity.name) || 'root'}`]),
      name: identity.name,
      ...common,
      // Matches the CycloneDX writer's choice for a scanned directory.
      primaryPackagePurpose: 'APPLICATION',
    };
  }
  const meta = input.subject.metadata;
  const configHex = sha256Of(meta.configDigest);
  const facts: string[] = [];
  if (meta.configDigest) facts.push(`image ID ${meta.configDigest}`);
  if (meta.manifestDigest) facts.push(`manifest digest ${meta.manifestDigest}`);
  if (meta.repoTags.length > 0) facts.push(`tags ${meta.repoTags.join(', ')}`);
  if (meta.repoDigests.length > 0) facts.push(`repo digests ${meta.repoDigests.join(', ')}`);
  const platform = meta.platform ?? (meta.config.os && meta.config.architecture ? { os: meta.config.os, architecture: meta.config.architecture, variant: meta.config.variant } : undefined);
  if (platform) facts.push(`platform ${[platform.os, platform.architecture, platform.variant].filter(Boolean).join('/')}`);
  if (input.os) facts.push(`operating system ${input.os.name ?? `${input.os.family} ${input.os.version}`}`);
  return {
    SPDXID: ids.allocate([`SPDXRef-Image-${idString(identity.name) || 'image'}`]),
    name: identity.name,
    ...(identity.version ? { versionInfo: identity.version } : {}),
    ...common,
    ...(configHex ? { checksums: [{ algorithm: 'SHA256' as const, checksumValue: configHex }] } : {}),
    ...(facts.length > 0 ? { comment: `${facts.join('; ')}.` } : {}),
    sourceInfo: `read from ${meta.reference} (${meta.sourceKind})`,
    ...(identity.purl ? { externalRefs: [purlRef(identity.purl)] } : {}),
    primaryPackagePurpose: 'CONTAINER',
  };
}

function osPackage(os: OSInfo, ids: IdAllocator): SpdxPackage {
  return {
    SPDXID: ids.allocate([`SPDXRef-OperatingSystem-${idString(`${os.family}-${os.version}`) || 'os'}`]),
    name: os.family,
    ...(os.version ? { versionInfo: os.version } : {}),
    supplier: NOASSERTION,
    downloadLocation: NOASSERTION,
    filesAnalyzed: false,
    licenseConcluded: NOASSERTION,
    licenseDeclared: NOASSERTION,
    copyrightText: NOASSERTION,
    ...(os.name ? { description: os.name } : {}),
    ...(os.location ? { sourceInfo: `identified from ${describeLocation(os.location)}` } : {}),
    primaryPackagePurpose: 'OPERATING_SYSTEM',
  };
}

function packageEntry(pkg: Package, id: string, licenseDeclared: string): SpdxPackage {
  const version = displayVersion(pkg);
  let sourceInfo = `found by ${pkg.foundBy}`;
  if (pkg.locations.length > 0) sourceInfo += ` in ${pkg.locations.map(describeLocation).join('; ')}`;
  if (pkg.source) sourceInfo += `; source package ${[pkg.source.name, pkg.source.version].filter(Boolean).join(' ')}`;
  return {
    SPDXID: id,
    name: fullName(pkg),
    ...(version ? { versionInfo: version } : {}),
    supplier: NOASSERTION,
    downloadLocation: NOASSERTION,
    filesAnalyzed: false,
    licenseConcluded: NOASSERTION,
    licenseDeclared,
    copyrightText: NOASSERTION,
    sourceInfo,
    ...(pkg.purl ? { externalRefs: [purlRef(pkg.purl)] } : {}),
    primaryPackagePurpose: 'LIBRARY',
  };
}

function purlRef(purl: string): { referenceCategory: 'PACKAGE-MANAGER'; referenceType: 'purl'; referenceLocator: string } {
  return { referenceCategory: 'PACKAGE-MANAGER', referenceType: 'purl', referenceLocator: purl };
}

function describeLocation(location: PackageLocation | NonNullable<OSInfo['location']>): string {
  const layer = location.layer ? ` (layer ${location.layer.index}, ${location.layer.diffID})` : '';
  return `${location.path}${layer}`;
}

/**
 * The document's license references. Free-text licenses become `LicenseRef-<text>` so that
 * `licenseDeclared` stays a valid expression while keeping what the package said; each is defined
 * once in `hasExtractedLicensingInfos`, as SPDX requires for every LicenseRef a document uses.
 */
class LicenseRefs {
  private readonly ids = new IdAllocator();
  private readonly byText = new Map<string, string>();
  /** LicenseRefs that came with the packages' own expressions (RPM's `LicenseRef-Fedora-…`). */
  private readonly foreign = new Set<string>();

  constructor(private readonly normalized: readonly NormalizedLicense[]) {
    // Refs the packages use themselves are reserved first, so a made-up ref can never collide with one.
    for (const n of normalized) {
      for (const part of n.parts) {
        for (const ref of licenseRefs(part)) {
          this.foreign.add(ref);
          this.ids.reserve(ref);
        }
      }
    }
  }

  declared(index: number): string {
    const n = this.normalized[index];
    if (n.expression) return n.expression;
    const terms = [...n.parts, ...n.unparsed.map((text) => this.refFor(text))];
    return terms.length > 0 ? joinAnd(terms) : NOASSERTION;
  }

  private refFor(text: string): string {
    let ref = this.byText.get(text);
    if (!ref) {
      const readable = idString(text);
      // Long texts are shortened; the hash keeps two texts with a common start apart.
      const base = readable.length > 48 ? `${readable.slice(0, 40).replace(/-+$/, '')}-${sha256Hex(text).slice(0, 8)}` : readable || sha256Hex(text).slice(0, 8);
      ref = this.ids.allocate([`LicenseRef-${base}`]);
      this.byText.set(text, ref);
    }
    return ref;
  }

  extracted(): SpdxExtractedLicense[] {
    const out: SpdxExtractedLicense[] = [];
    for (const [text, licenseId] of this.byText) {
      out.push({ licenseId, extractedText: text, name: text.length <= 80 ? text : `${text.slice(0, 77)}...`, comment: 'License as declared by the package; not an SPDX License List identifier.' });
    }
    for (const licenseId of [...this.foreign].sort()) {
      out.push({
        licenseId,
        // The package metadata named the license but did not include its text.
        extractedText: `${licenseId} as declared in package metadata; the license text was not available to ${TOOL_NAME}.`,
        name: licenseId.slice('LicenseRef-'.length),
      });
    }
    return out.sort((a, b) => (a.licenseId < b.licenseId ? -1 : a.licenseId > b.licenseId ? 1 : 0));
  }
}
