/**
 * Package → vulnerability matching against OSV records.
 *
 * For every package: find its ecosystem key (ecosystemFor), ask the store for the records filed
 * under it, keep the `affected[]` entries for this ecosystem and name, evaluate them (range.ts),
 * then merge records that describe the same vulnerability (ids/aliases/upstream overlap, transitively)
 * into one match.
 *
 * Primary id of a merged match: the CVE when the group names exactly one CVE (what users, VEX
 * documents and other scanners key on); else the GHSA when it names exactly one; else the record id
 * (non-`x_` ids first, then the smallest by code-unit order, so output is deterministic). Every
 * other id is an alias. A DSA fixing several CVEs stays one match under the DSA id.
 * `related` ids are kept apart: OSV defines them as *different* vulnerabilities, so they are
 * neither merged on nor treated as aliases (a VEX statement about a related CVE must not suppress).
 */
import { fullName } from '../../sbom/document.js';
import type { OSInfo, Package, PackageLocation } from '../../sbom/package.js';
import { ecosystemFor, normalizeAdvisoryName, versionFor } from './ecosystem.js';
import type { OsvAffected, OsvRecord } from './osv.js';
import { isAffected, type VersionCompare } from './range.js';
import { severityOf, type CvssRating, type VulnSeverity } from './severity.js';

export interface MatchDeps {
  /** Records whose `affected[]` names this package in this ecosystem (`Debian:12`, `PyPI`...). */
  advisoriesFor: (ecosystem: string, name: string) => OsvRecord[];
  /** Orders versions of an ecosystem; throws on versions it cannot parse. */
  compare: VersionCompare;
  /**
   * Optional, faster form of advisoriesFor (same records, same order): each record's id, withdrawn
   * date and complete `affected[]`, with the full record decoded only for records that match.
   */
  candidatesFor?: (ecosystem: string, name: string) => MatchCandidate[];
}

/**
 * A record as matching first sees it. `matchRecord()` returns the record these fields came from, for
 * records that match; it may leave out what matching never reads (`credits`, `schema_version`).
 */
export interface MatchCandidate {
  id: string;
  withdrawn?: string;
  affected?: OsvAffected[];
  matchRecord(): OsvRecord;
}

export interface MatchedPackage {
  type: Package['type'];
  name: string;
  /** The version as installed (what the SBOM shows). */
  version: string;
  /** The version that was compared (the source version for distro packages). */
  comparedVersion: string;
  purl: string;
  sourceName?: string;
  locations: PackageLocation[];
}

export interface VulnerabilityMatch {
  /** Primary id (see module comment). */
  id: string;
  /** Every other id of the vulnerability: merged record ids, their `aliases` and `upstream`. */
  aliases: string[];
  /** `related` ids of the merged records (different vulnerabilities, for reference only). */
  related: string[];
  /** The OSV records this match was built from. */
  recordIds: string[];
  ecosystem: string;
  package: MatchedPackage;
  /** Versions that fix it (from the `fixed` events of the matching ranges); empty = no fix known. */
  fixedVersions: string[];
  /** `last_affected` bounds of the matching ranges, when the source gives those instead of fixes. */
  lastAffected: string[];
  severity: VulnSeverity;
  severitySource: 'cvss' | 'database' | 'score' | 'cvss_v2' | 'none';
  score?: number;
  vector?: string;
  /** Every CVSS v2/v3 vector of the merged records, scored. */
  cvss: CvssRating[];
  /** CVSS v4 vectors, not scored. */
  cvssV4: string[];
  title?: string;
  description?: string;
  /** Reference URLs, de-duplicated, advisories first. */
  references: Array<{ type: string; url: string }>;
  cwes: number[];
  published?: string;
  modified?: string;
  /**
   * Set when the source flags the advisory as informational rather than a vulnerability (RustSec
   * `informational: unsound|unmaintained|notice` in `affected[].database_specific`).
   */
  informational?: string;
  /** Non-fatal notes (unparseable CVSS vectors). */
  notes?: string[];
}

/** A record that names the package but could not be evaluated (unparseable version, GIT-only ranges). */
export interface UnevaluatedMatch {
  recordId: string;
  ecosystem: string;
  package: MatchedPackage;
  reason: string;
}

export interface MatchResult {
  matches: VulnerabilityMatch[];
  unevaluated: UnevaluatedMatch[];
}

/** Whether an `affected[].package.ecosystem` is the one asked for (`Ubuntu:22.04` also takes `Ubuntu:22.04:LTS`). */
export function sameEcosystem(query: string, entry: string): boolean {
  if (query === entry) return true;
  if (query.startsWith('Ubuntu:') && entry === `${query}:LTS`) return true;
  return false;
}

function matchedPackage(pkg: Package): MatchedPackage {
  const name = pkg.type === 'deb' || pkg.type === 'apk' || pkg.type === 'rpm' ? pkg.name : fullName(pkg);
  return {
    type: pkg.type,
    name,
    version: pkg.version,
    comparedVersion: versionFor(pkg),
    purl: pkg.purl,
    ...(pkg.source?.name && pkg.source.name !== pkg.name ? { sourceName: pkg.source.name } : {}),
    locations: pkg.locations,
  };
}

const CVE = /^CVE-\d{4}-\d{4,}$/;
const GHSA = /^GHSA(-[23456789cfghjmpqrvwx]{4}){3}$/;

function idsOf(record: OsvRecord): string[] {
  return [record.id, ...(record.aliases ?? []), ...(record.upstream ?? [])];
}

export function primaryId(recordIds: readonly string[], allIds: readonly string[]): string {
  const cves = [...new Set(allIds.filter((i) => CVE.test(i)))];
  if (cves.length === 1) return cves[0];
  const ghsas = [...new Set(allIds.filter((i) => GHSA.test(i)))];
  if (cves.length === 0 && ghsas.length === 1) return ghsas[0];
  const sorted = [...recordIds].sort((a, b) => {
    const xa = a.startsWith('x_') ? 1 : 0;
    const xb = b.startsWith('x_') ? 1 : 0;
    return xa - xb || (a < b ? -1 : a > b ? 1 : 0);
  });
  return sorted[0];
}

/** Groups records whose id sets overlap (union-find, transitive). Input order is kept within groups. */
export function groupRecords<T extends { record: OsvRecord }>(items: readonly T[]): T[][] {
  const parent = items.map((_, i) => i);
  const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i])));
  const owner = new Map<string, number>();
  items.forEach((item, i) => {
    for (const id of idsOf(item.record)) {
      const o = owner.get(id);
      if (o === undefined) owner.set(id, i);
      else parent[find(i)] = find(o);
    }
  });
  const groups = new Map<number, T[]>();
  items.forEach((item, i) => {
    const root = find(i);
    groups.set(root, [...(groups.get(root) ?? []), item]);
  });
  return [...groups.values()];
}

const CWE = /^CWE-(\d+)$/;

function cwesOf(record: OsvRecord): number[] {
  const raw = record.database_specific?.cwe_ids;
  if (!Array.isArray(raw)) return [];
  return raw.map((c) => (typeof c === 'string' ? CWE.exec(c)?.[1] : undefined)).filter((c): c is string => c !== undefined).map(Number);
}

const REF_ORDER = ['ADVISORY', 'WEB', 'REPORT', 'FIX', 'PACKAGE', 'ARTICLE', 'EVIDENCE', 'INTRODUCED', 'GIT', 'DETECTION', 'DISCUSSION'];

function compareVersionsSafe(compare: VersionCompare, ecosystem: string, a: string, b: string): number {
  try {
    return compare(ecosystem, a, b);
  } catch {
    return a < b ? -1 : a > b ? 1 : 0;
  }
}

/** Matches every package; records and ecosystems the store knows nothing about give no matches. */
export function matchPackages(packages: readonly Package[], os: OSInfo | undefined, deps: MatchDeps): MatchResult {
  const matches: VulnerabilityMatch[] = [];
  const unevaluated: UnevaluatedMatch[] = [];
  // The same package at several places (or several binaries of one source) asks the same question.
  // Per lookup, each record's entries for the package (depend only on the lookup key), computed once.
  const cache = new Map<string, Array<{ candidate: MatchCandidate; entries?: OsvAffected[] }>>();
  const lookup = (ecosystem: string, name: string): Array<{ candidate: MatchCandidate; entries?: OsvAffected[] }> => {
    const k = `${ecosystem}\u0000${name}`;
    let hit = cache.get(k);
    if (!hit) {
      hit = (deps.candidatesFor
        ? deps.candidatesFor(ecosystem, name)
        : deps.advisoriesFor(ecosystem, name).map((r) => ({ id: r.id, withdrawn: r.withdrawn, affected: r.affected, matchRecord: () => r }))
      ).map((candidate) => ({ candidate }));
      cache.set(k, hit);
    }
    return hit;
  };
  for (const pkg of packages) {
    const key = ecosystemFor(pkg, os);
    if (!key) continue;
    const mp = matchedPackage(pkg);
    const wanted = normalizeAdvisoryName(key.ecosystem, key.name);
    const seen = new Set<string>();
    const hits: Array<{ record: OsvRecord; affected: OsvAffected[]; fixed: string[]; lastAffected: string[] }> = [];
    for (const item of lookup(key.ecosystem, key.name)) {
      const record = item.candidate;
      if (record.withdrawn || seen.has(record.id)) continue;
      seen.add(record.id);
      const entries = (item.entries ??= (record.affected ?? []).filter(
        (a) => a.package && sameEcosystem(key.ecosystem, a.package.ecosystem) && normalizeAdvisoryName(key.ecosystem, a.package.name) === wanted,
      ));
      const matched: OsvAffected[] = [];
      const fixed = new Set<string>();
      const lastAffected = new Set<string>();
      const reasons: string[] = [];
      for (const entry of entries) {
        const verdict = isAffected(mp.comparedVersion, entry, deps.compare, { ecosystem: entry.package?.ecosystem ?? key.ecosystem });
        if (verdict.status === 'affected') {
          matched.push(entry);
          verdict.fixed.forEach((f) => fixed.add(f));
          verdict.lastAffected.forEach((f) => lastAffected.add(f));
        } else if (verdict.status === 'unknown') {
          reasons.push(verdict.reason);
        }
      }
      if (matched.length > 0) hits.push({ record: record.matchRecord(), affected: matched, fixed: [...fixed], lastAffected: [...lastAffected] });
      else if (reasons.length > 0) unevaluated.push({ recordId: record.id, ecosystem: key.ecosystem, package: mp, reason: [...new Set(reasons)].join('; ') });
    }
    for (const group of groupRecords(hits)) matches.push(buildMatch(group, key.ecosystem, mp, deps.compare));
  }
  return { matches, unevaluated };
}

function buildMatch(
  group: ReadonlyArray<{ record: OsvRecord; affected: OsvAffected[]; fixed: string[]; lastAffected: string[] }>,
  ecosystem: string,
  pkg: MatchedPackage,
  compare: VersionCompare,
): VulnerabilityMatch {
  const recordIds = group.map((g) => g.record.id);
  const allIds = [...new Set(group.flatMap((g) => idsOf(g.record)))];
  const id = primaryId(recordIds, allIds);
  const aliases = allIds.filter((i) => i !== id).sort();
  const related = [...new Set(group.flatMap((g) => g.record.related ?? []))].filter((r) => !allIds.includes(r)).sort();
  const sortVersions = (list: string[]) => [...new Set(list)].sort((a, b) => compareVersionsSafe(compare, ecosystem, a, b));
  const sev = severityOf(group);
  // The title/description of the record chosen as primary, else the first record with one.
  const ordered = [...group].sort((a, b) => (a.record.id === id ? -1 : b.record.id === id ? 1 : 0));
  const title = ordered.map((g) => g.record.summary).find((s) => s && s.trim());
  const description = ordered.map((g) => g.record.details).find((s) => s && s.trim());
  const refs = new Map<string, string>();
  for (const g of ordered) for (const r of g.record.references ?? []) if (r.url && !refs.has(r.url)) refs.set(r.url, r.type);
  const references = [...refs].map(([url, type]) => ({ type, url }));
  references.sort((a, b) => rank(a.type) - rank(b.type));
  const published = group.map((g) => g.record.published).filter((p): p is string => !!p).sort()[0];
  const modified = group.map((g) => g.record.modified).filter((p): p is string => !!p).sort().pop();
  const match: VulnerabilityMatch = {
    id,
    aliases,
    related,
    recordIds: [...recordIds].sort(),
    ecosystem,
    package: pkg,
    fixedVersions: sortVersions(group.flatMap((g) => g.fixed)),
    lastAffected: sortVersions(group.flatMap((g) => g.lastAffected)),
    severity: sev.severity,
    severitySource: sev.source,
    ...(sev.score !== undefined ? { score: sev.score } : {}),
    ...(sev.vector ? { vector: sev.vector } : {}),
    cvss: sev.ratings,
    cvssV4: sev.v4Vectors.map((v) => v.vector),
    ...(title ? { title: title.trim() } : {}),
    ...(description ? { description } : {}),
    references,
    cwes: [...new Set(group.flatMap((g) => cwesOf(g.record)))].sort((a, b) => a - b),
    ...(published ? { published } : {}),
    ...(modified ? { modified } : {}),
  };
  const informational = group
    .flatMap((g) => g.affected.map((a) => a.database_specific?.informational))
    .find((i): i is string => typeof i === 'string' && i !== '');
  if (informational) match.informational = informational;
  if (sev.problems.length > 0) match.notes = sev.problems;
  return match;
}

function rank(type: string): number {
  const i = REF_ORDER.indexOf(type);
  return i < 0 ? REF_ORDER.length : i;
}
