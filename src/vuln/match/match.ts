/**
 * Package → vulnerability matching against OSV records.
 *
 * For every package: find its ecosystem keys (lookupKeysFor), ask the store for the records filed
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
import { lookupKeysFor, normalizeAdvisoryName, RED_HAT_PREFIX, versionFor, type EcosystemKey } from './ecosystem.js';
import type { OsvAffected, OsvRecord } from './osv.js';
import { ListedVersions, prepareAffected, type AffectedEvaluator, type VersionCompare } from './range.js';
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

/**
 * Whether an `affected[].package.ecosystem` is the one asked for: `Ubuntu:22.04` also takes
 * `Ubuntu:22.04:LTS`; `Red Hat:enterprise_linux:9` takes each repository of it
 * (`Red Hat:enterprise_linux:9::appstream`), not `…:90` nor `Red Hat:enterprise_linux_eus:9.4`.
 */
export function sameEcosystem(query: string, entry: string): boolean {
  if (query === entry) return true;
  if (query.startsWith('Ubuntu:') && entry === `${query}:LTS`) return true;
  if (query.startsWith(RED_HAT_PREFIX) && entry.startsWith(`${query}::`)) return true;
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
    const group = groups.get(root);
    if (group) group.push(item);
    else groups.set(root, [item]);
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

/** One record of a lookup, with its entries for the looked-up package prepared on first use. */
interface LookupItem {
  candidate: MatchCandidate;
  entries?: PreparedEntry[];
}

interface PreparedEntry {
  entry: OsvAffected;
  evaluate: AffectedEvaluator;
}

/** A record that applies to one package version: its matched entries and the fixes they name. */
type RecordHit = { record: OsvRecord; affected: OsvAffected[]; fixed: string[]; lastAffected: string[] };

/**
 * The record's `affected[]` entries for the looked-up package, each with its evaluator. They depend
 * only on the lookup key and the comparator, so they are worked out once per lookup and shared by
 * every package (and version) that asks the same question.
 */
function prepareEntries(record: MatchCandidate, ecosystem: string, wanted: string, compare: VersionCompare): PreparedEntry[] {
  const out: PreparedEntry[] = [];
  for (const a of record.affected ?? []) {
    if (!a.package || !sameEcosystem(ecosystem, a.package.ecosystem) || normalizeAdvisoryName(ecosystem, a.package.name) !== wanted) continue;
    out.push({ entry: a, evaluate: prepareAffected(a, compare, { ecosystem: a.package.ecosystem }) });
  }
  return out;
}

/**
 * Evaluates a record's entries for one version: the hit when any entry says affected, else why
 * entries could not be evaluated (distinct reasons joined), else undefined (unaffected).
 */
function evaluateRecord(record: MatchCandidate, entries: readonly PreparedEntry[], listed: ListedVersions): RecordHit | string | undefined {
  // Most records do not match: nothing is allocated for them.
  let hit: RecordHit | undefined;
  let reasons: string[] | undefined;
  for (const { entry, evaluate } of entries) {
    const verdict = evaluate(listed.version, listed);
    if (verdict.status === 'affected') {
      if (!hit) hit = { record: record.matchRecord(), affected: [], fixed: [], lastAffected: [] };
      hit.affected.push(entry);
      for (const f of verdict.fixed) if (!hit.fixed.includes(f)) hit.fixed.push(f);
      for (const f of verdict.lastAffected) if (!hit.lastAffected.includes(f)) hit.lastAffected.push(f);
    } else if (verdict.status === 'unknown' && !reasons?.includes(verdict.reason)) {
      (reasons ??= []).push(verdict.reason);
    }
  }
  return hit ?? reasons?.join('; ');
}

/** Matches every package; records and ecosystems the store knows nothing about give no matches. */
export function matchPackages(packages: readonly Package[], os: OSInfo | undefined, deps: MatchDeps): MatchResult {
  const matches: VulnerabilityMatch[] = [];
  const unevaluated: UnevaluatedMatch[] = [];
  const keyLists = packages.map((pkg) => lookupKeysFor(pkg, os));
  const lookups = new Lookups(deps, keyLists.flat());
  packages.forEach((pkg, i) => {
    const keys = keyLists[i]!;
    const key = keys[0];
    if (!key) return;
    const mp = matchedPackage(pkg);
    const hits: RecordHit[] = [];
    const listed = new ListedVersions(mp.comparedVersion, deps.compare);
    forEachRecord(keys, lookups, deps.compare, (record, entries) => {
      const r = evaluateRecord(record, entries, listed);
      if (typeof r === 'string') unevaluated.push({ recordId: record.id, ecosystem: key.ecosystem, package: mp, reason: r });
      else if (r) hits.push(r);
    });
    for (const group of groupRecords(hits)) matches.push(buildMatch(group, key.ecosystem, mp, deps.compare));
  });
  return { matches, unevaluated };
}

/**
 * Calls `visit` for each record a package's lookups name, once, with its entries for any of the
 * keys (a record found under the binary and the source name of an rpm gets the entries of both).
 * A callback, not a generator: this is the matcher's inner loop.
 */
function forEachRecord(
  keys: readonly EcosystemKey[],
  lookups: Lookups,
  compare: VersionCompare,
  visit: (record: MatchCandidate, entries: readonly PreparedEntry[]) => void,
): void {
  if (keys.length === 1) {
    // The common case, kept free of the merging below.
    const key = keys[0]!;
    const wanted = normalizeAdvisoryName(key.ecosystem, key.name);
    const seen = new Set<string>();
    for (const item of lookups.take(key)) {
      const record = item.candidate;
      if (record.withdrawn || seen.has(record.id)) continue;
      seen.add(record.id);
      const entries = (item.entries ??= prepareEntries(record, key.ecosystem, wanted, compare));
      if (entries.length > 0) visit(record, entries);
    }
    return;
  }
  const merged = new Map<string, { record: MatchCandidate; entries: PreparedEntry[] }>();
  for (const key of keys) {
    const wanted = normalizeAdvisoryName(key.ecosystem, key.name);
    for (const item of lookups.take(key)) {
      const record = item.candidate;
      if (record.withdrawn) continue;
      const entries = (item.entries ??= prepareEntries(record, key.ecosystem, wanted, compare));
      if (entries.length === 0) continue;
      const known = merged.get(record.id);
      if (!known) merged.set(record.id, { record, entries: [...entries] });
      else for (const e of entries) if (!known.entries.some((k) => k.entry === e.entry)) known.entries.push(e);
    }
  }
  for (const { record, entries } of merged.values()) visit(record, entries);
}

/**
 * The store's answers, one lookup per (ecosystem, name). The same package at several places (or
 * several binaries of one source) asks the same question, so an answer, with each record's
 * entries prepared for evaluation, is kept until the last package that asks for it is done, and
 * then dropped: holding every answer to the end of a large scan only gave the garbage collector
 * more to copy.
 */
class Lookups {
  private readonly answers = new Map<string, LookupItem[]>();
  /** Packages still to ask, per lookup. */
  private readonly pending = new Map<string, number>();

  constructor(
    private readonly deps: MatchDeps,
    keys: ReadonlyArray<EcosystemKey | undefined>,
  ) {
    for (const key of keys) {
      if (!key) continue;
      const k = Lookups.id(key);
      this.pending.set(k, (this.pending.get(k) ?? 0) + 1);
    }
  }

  private static id(key: EcosystemKey): string {
    return `${key.ecosystem}\u0000${key.name}`;
  }

  /** The answer for one package's lookup (asked of the store on first use). */
  take(key: EcosystemKey): LookupItem[] {
    const k = Lookups.id(key);
    const left = (this.pending.get(k) ?? 1) - 1;
    this.pending.set(k, left);
    let answer = this.answers.get(k);
    if (!answer) {
      answer = this.ask(key.ecosystem, key.name);
      if (left > 0) this.answers.set(k, answer);
    } else if (left <= 0) {
      this.answers.delete(k);
    }
    return answer;
  }

  private ask(ecosystem: string, name: string): LookupItem[] {
    const { deps } = this;
    const records: MatchCandidate[] = deps.candidatesFor
      ? deps.candidatesFor(ecosystem, name)
      : deps.advisoriesFor(ecosystem, name).map((r) => ({ id: r.id, withdrawn: r.withdrawn, affected: r.affected, matchRecord: () => r }));
    return records.map((candidate) => ({ candidate }));
  }
}

/** Every id of the group's records (ids, aliases, upstream), first occurrence first. */
function idsOfGroup(group: readonly RecordHit[]): Set<string> {
  const ids = new Set<string>();
  for (const { record } of group) {
    ids.add(record.id);
    for (const a of record.aliases ?? []) ids.add(a);
    for (const u of record.upstream ?? []) ids.add(u);
  }
  return ids;
}

/** The group's records, the primary one first (the rest in group order). */
function primaryFirst(group: readonly RecordHit[], id: string): readonly RecordHit[] {
  if (group.length === 1) return group;
  return [...group].sort((a, b) => (a.record.id === id ? -1 : b.record.id === id ? 1 : 0));
}

/** The first non-blank value of a record field, in `ordered` order. */
function firstText(ordered: readonly RecordHit[], field: 'summary' | 'details'): string | undefined {
  for (const g of ordered) {
    const s = g.record[field];
    if (s && s.trim()) return s;
  }
  return undefined;
}

/** Reference URLs, de-duplicated (first type seen wins), advisories first. */
function referencesOf(ordered: readonly RecordHit[]): Array<{ type: string; url: string }> {
  const seen = new Set<string>();
  const references: Array<{ type: string; url: string }> = [];
  for (const g of ordered) {
    for (const r of g.record.references ?? []) {
      if (!r.url || seen.has(r.url)) continue;
      seen.add(r.url);
      references.push({ type: r.type, url: r.url });
    }
  }
  // Array.prototype.sort is stable: same-rank references keep their order.
  return references.sort((a, b) => rank(a.type) - rank(b.type));
}

/** The smallest (`latest` false) or largest non-empty value of a date field, compared as strings. */
function extremeDate(group: readonly RecordHit[], field: 'published' | 'modified', latest: boolean): string | undefined {
  let best: string | undefined;
  for (const { record } of group) {
    const d = record[field];
    if (d && (best === undefined || (latest ? d > best : d < best))) best = d;
  }
  return best;
}

function buildMatch(group: readonly RecordHit[], ecosystem: string, pkg: MatchedPackage, compare: VersionCompare): VulnerabilityMatch {
  const recordIds = group.map((g) => g.record.id);
  const idSet = idsOfGroup(group);
  const allIds = [...idSet];
  const id = primaryId(recordIds, allIds);
  const aliases = allIds.filter((i) => i !== id).sort();
  const relatedSet = new Set<string>();
  for (const { record } of group) for (const r of record.related ?? []) if (!idSet.has(r)) relatedSet.add(r);
  const related = [...relatedSet].sort();
  const sortVersions = (lists: Array<readonly string[]>): string[] => {
    // One record's list has no repeats already (see evaluateRecord); merged lists may.
    const unique = lists.length === 1 ? lists[0].slice() : [...new Set(lists.flat())];
    return unique.length < 2 ? unique : unique.sort((a, b) => compareVersionsSafe(compare, ecosystem, a, b));
  };
  const sev = severityOf(group);
  // The title/description of the record chosen as primary, else the first record with one.
  const ordered = primaryFirst(group, id);
  const title = firstText(ordered, 'summary');
  const description = firstText(ordered, 'details');
  const references = referencesOf(ordered);
  const published = extremeDate(group, 'published', false);
  const modified = extremeDate(group, 'modified', true);
  const cwes = new Set<number>();
  for (const { record } of group) for (const c of cwesOf(record)) cwes.add(c);
  const match: VulnerabilityMatch = {
    id,
    aliases,
    related,
    recordIds: recordIds.sort(),
    ecosystem,
    package: pkg,
    fixedVersions: sortVersions(group.map((g) => g.fixed)),
    lastAffected: sortVersions(group.map((g) => g.lastAffected)),
    severity: sev.severity,
    severitySource: sev.source,
    ...(sev.score !== undefined ? { score: sev.score } : {}),
    ...(sev.vector ? { vector: sev.vector } : {}),
    cvss: sev.ratings,
    cvssV4: sev.v4Vectors.map((v) => v.vector),
    ...(title ? { title: title.trim() } : {}),
    ...(description ? { description } : {}),
    references,
    cwes: [...cwes].sort((a, b) => a - b),
    ...(published ? { published } : {}),
    ...(modified ? { modified } : {}),
  };
  const informational = informationalOf(group);
  if (informational) match.informational = informational;
  if (sev.problems.length > 0) match.notes = sev.problems;
  return match;
}

/** RustSec's `informational` flag of the first matched entry that has one. */
function informationalOf(group: readonly RecordHit[]): string | undefined {
  for (const g of group) {
    for (const a of g.affected) {
      const i = a.database_specific?.informational;
      if (typeof i === 'string' && i !== '') return i;
    }
  }
  return undefined;
}

function rank(type: string): number {
  const i = REF_ORDER.indexOf(type);
  return i < 0 ? REF_ORDER.length : i;
}
