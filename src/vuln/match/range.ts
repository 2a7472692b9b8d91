/**
 * OSV affected-range evaluation, per the schema's "Evaluation" section
 * (https://ossf.github.io/osv-schema/#evaluation): events are sorted by version (introduced `0`
 * lowest), then walked in order, each `introduced` ≤ v turning the state on and each `fixed` ≤ v /
 * `last_affected` < v turning it off; `limit` events bound the range from above (v must be below
 * one of them; `*` is no limit). Several ranges and several `affected` entries are ORed, and an
 * explicit `versions` list matches too.
 *
 * Versions the comparator cannot order (it throws) give `unknown`, never a silent "not affected".
 */
import type { OsvAffected, OsvEvent } from './osv.js';

/** Orders two versions of one ecosystem (`Debian:12`, `PyPI`...); throws for versions it cannot parse. */
export type VersionCompare = (ecosystem: string, a: string, b: string) => number;

export type RangeVerdict =
  | { status: 'affected'; fixed: string[]; lastAffected: string[]; via: 'range' | 'versions'; rangeType?: string }
  | { status: 'unaffected' }
  | { status: 'unknown'; reason: string };

/** Semantic Versioning 2.0 precedence, for `SEMVER` ranges (a leading `v`, as Go writes it, is ignored). */
export function compareSemver(a: string, b: string): number {
  const pa = parseSemverCached(a);
  const pb = parseSemverCached(b);
  for (let i = 0; i < 3; i++) {
    if (pa.core[i] !== pb.core[i]) return pa.core[i] < pb.core[i] ? -1 : 1;
  }
  if (pa.pre.length === 0 || pb.pre.length === 0) return pb.pre.length - pa.pre.length === 0 ? 0 : pa.pre.length === 0 ? 1 : -1;
  for (let i = 0; i < Math.max(pa.pre.length, pb.pre.length); i++) {
    const x = pa.pre[i];
    const y = pb.pre[i];
    if (x === undefined) return -1;
    if (y === undefined) return 1;
    const xn = /^\d+$/.test(x);
    const yn = /^\d+$/.test(y);
    if (xn && yn) {
      const d = BigInt(x) - BigInt(y);
      if (d !== 0n) return d < 0n ? -1 : 1;
    } else if (xn !== yn) {
      return xn ? -1 : 1;
    } else if (x !== y) {
      return x < y ? -1 : 1;
    }
  }
  return 0;
}

type ParsedSemver = { core: [bigint, bigint, bigint]; pre: string[] };

// Matching compares one installed version against every event of every SEMVER range, and the same
// event versions recur across records: parsing (a regex and three BigInts) dominated without this.
// Kept small (cleared when full): the installed version is re-cached at once, and a cache holding
// every event version of a scan would only add to what the garbage collector has to move.
// Failures are remembered too, as the error to throw again. Parsed values are never mutated.
const semverCache = new Map<string, ParsedSemver | Error>();
const SEMVER_CACHE_MAX = 4_096;

function parseSemverCached(v: string): ParsedSemver {
  let hit = semverCache.get(v);
  if (hit === undefined) {
    try {
      hit = parseSemver(v);
    } catch (err) {
      hit = err as Error;
    }
    if (semverCache.size >= SEMVER_CACHE_MAX) semverCache.clear();
    semverCache.set(v, hit);
  }
  if (hit instanceof Error) throw hit;
  return hit;
}

function parseSemver(v: string): ParsedSemver {
  const m = /^v?(\d+)\.(\d+)\.(\d+)(?:-([0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*))?(?:\+[0-9A-Za-z-.]+)?$/.exec(v.trim());
  if (!m) throw new Error(`not a semantic version: ${JSON.stringify(v)}`);
  return { core: [BigInt(m[1]), BigInt(m[2]), BigInt(m[3])], pre: m[4] ? m[4].split('.') : [] };
}

function eventVersion(e: OsvEvent): string | undefined {
  return e.introduced ?? e.fixed ?? e.last_affected ?? e.limit;
}

/** Kind order for events at one version: introduced first, so `introduced X, fixed X` is empty. */
function kindRank(e: OsvEvent): number {
  if (e.introduced !== undefined) return 0;
  if (e.last_affected !== undefined) return 1;
  if (e.fixed !== undefined) return 2;
  return 3;
}

/** The spec's sort: by version, `introduced: "0"` below everything. Throws what the comparator throws. */
export function sortEvents(events: readonly OsvEvent[], cmp: (a: string, b: string) => number): OsvEvent[] {
  // filter() already copies: the caller's list is never reordered.
  return events.filter((e) => e.limit === undefined).sort((x, y) => {
    const zx = x.introduced === '0';
    const zy = y.introduced === '0';
    if (zx || zy) return zx && zy ? 0 : zx ? -1 : 1;
    const c = cmp(eventVersion(x) as string, eventVersion(y) as string);
    return c !== 0 ? c : kindRank(x) - kindRank(y);
  });
}

type Compare2 = (a: string, b: string) => number;

/**
 * What evaluating one range needs that does not depend on the version asked about, worked out once
 * per range and comparator, so a record evaluated for several installed versions (or packages) does
 * not redo it.
 */
interface PreparedRange {
  kind: 'range';
  type: 'ECOSYSTEM' | 'SEMVER';
  cmp: Compare2;
  events: readonly OsvEvent[];
  /** `limit` events other than `*`, on first need (a malformed range without events throws there, as before). */
  limits?: string[];
  /**
   * The spec-sorted events, or what sorting threw. Computed on first need, not up front: as before,
   * a version outside every limit never sorts the events, so never sees a sorting error.
   */
  sorted?: { ok: true; events: OsvEvent[] } | { ok: false; error: unknown };
}

/** Ranges that are not evaluated: GIT (counted) and types we do not support (reported). */
type SkippedRange = { kind: 'git' } | { kind: 'unsupported'; problem: string };

/** Marks "affected, and no fixed/last_affected event above the version closes the interval". */
const OPEN: OsvEvent = Object.freeze({});

function sortedEventsOf(r: PreparedRange): OsvEvent[] {
  if (!r.sorted) {
    try {
      r.sorted = { ok: true, events: sortEvents(r.events, r.cmp) };
    } catch (error) {
      r.sorted = { ok: false, error };
    }
  }
  if (!r.sorted.ok) throw r.sorted.error;
  return r.sorted.events;
}

/**
 * One range: undefined when the version is not in it, else the event that ends the interval the
 * version is in (the first `fixed`/`last_affected` above it), or OPEN. Throws when the comparator throws.
 */
function inRange(version: string, r: PreparedRange): OsvEvent | undefined {
  const cmp = r.cmp;
  const limits = (r.limits ??= r.events.map((e) => e.limit).filter((l): l is string => l !== undefined && l !== '*'));
  if (limits.length > 0 && !limits.some((l) => cmp(version, l) < 0)) return undefined;
  let affected = false;
  const sorted = sortedEventsOf(r);
  for (const e of sorted) {
    if (e.introduced !== undefined) {
      if (e.introduced === '0' || cmp(version, e.introduced) >= 0) affected = true;
    } else if (e.fixed !== undefined) {
      if (cmp(version, e.fixed) >= 0) affected = false;
    } else if (e.last_affected !== undefined) {
      if (cmp(version, e.last_affected) > 0) affected = false;
    }
  }
  if (!affected) return undefined;
  const closedBy = sorted.find((e) => (e.fixed !== undefined && cmp(version, e.fixed) < 0) || (e.last_affected !== undefined && cmp(version, e.last_affected) <= 0));
  return closedBy ?? OPEN;
}

/**
 * Which listed versions equal one installed version, remembered across the `affected[]` entries
 * evaluated for it. The records of one package often list the same releases (every PYSEC and GHSA
 * record of a library lists its affected versions), so without this most `versions` comparisons
 * were repeats. One instance serves one installed version and one comparator; answers are kept
 * per ecosystem, as that is what the comparator is given.
 */
export class ListedVersions {
  /** Per ecosystem, listed version → equal; made on first use (most packages never consult a list). */
  private known?: Map<string, Map<string, boolean>>;

  constructor(
    readonly version: string,
    private readonly compare: VersionCompare,
  ) {}

  /** Whether `listed` equals the installed version under `ecosystem`'s ordering (false when it cannot be read). */
  equals(ecosystem: string, listed: string): boolean {
    this.known ??= new Map();
    let answers = this.known.get(ecosystem);
    if (!answers) this.known.set(ecosystem, (answers = new Map()));
    let equal = answers.get(listed);
    if (equal === undefined) {
      try {
        equal = this.compare(ecosystem, this.version, listed) === 0;
      } catch {
        // A listed version the comparator cannot read; exact string equality is checked first.
        equal = false;
      }
      answers.set(listed, equal);
    }
    return equal;
  }

  /** Whether `versions` lists the installed version: verbatim, or equal under the ecosystem's ordering. */
  listedIn(versions: readonly string[], ecosystem: string): boolean {
    if (versions.includes(this.version)) return true;
    for (const v of versions) if (this.equals(ecosystem, v)) return true;
    return false;
  }
}

function pushNew(list: string[], value: string): void {
  if (!list.includes(value)) list.push(value);
}

/**
 * Evaluates one `affected[]` entry for an installed version (see prepareAffected). `listed`, for the
 * same version and comparator, shares `versions` comparisons with other entries evaluated for it.
 */
export type AffectedEvaluator = (version: string, listed?: ListedVersions) => RangeVerdict;

/**
 * Prepares one `affected[]` entry for evaluating any number of versions with one comparator: the
 * entry's limits are split off once and each range's events are sorted once, on first use.
 * `isAffected(v, a, compare, options)` is `prepareAffected(a, compare, options)(v)`; matching keeps
 * the evaluator per record and lookup, so the same entry asked about for several installed versions
 * (one library at several versions in an image) shares that work. The entry must not be mutated
 * while the evaluator is in use.
 */
export function prepareAffected(
  affected: OsvAffected,
  compare: VersionCompare,
  options: { ecosystem?: string; compareSemver?: (a: string, b: string) => number } = {},
): AffectedEvaluator {
  const ecosystem = options.ecosystem ?? affected.package?.ecosystem ?? '';
  const semver = options.compareSemver ?? compareSemver;
  const eco = (a: string, b: string) => compare(ecosystem, a, b);
  // SEMVER ranges use SemVer precedence; a version that is not strict SemVer (`1.2`, `2.0.0.1`)
  // falls back to the ecosystem's own ordering rather than being given up on.
  const semverOrEco = (a: string, b: string) => {
    try {
      return semver(a, b);
    } catch {
      return eco(a, b);
    }
  };
  const ranges = (affected.ranges ?? []).map((range): PreparedRange | SkippedRange => {
    if (range.type === 'GIT') return { kind: 'git' };
    if (range.type !== 'ECOSYSTEM' && range.type !== 'SEMVER') return { kind: 'unsupported', problem: `range type ${range.type} is not supported` };
    // Every field present from the start: one object shape, however far evaluation has got.
    return { kind: 'range', type: range.type, cmp: range.type === 'SEMVER' ? semverOrEco : eco, events: range.events, limits: undefined, sorted: undefined };
  });
  let gitOnly = 0;
  for (const r of ranges) if (r.kind === 'git') gitOnly++;
  const versions = affected.versions ?? [];
  return (version, listed) => {
    let problems: string[] | undefined;
    let hit: 'range' | 'versions' | undefined;
    let rangeType: string | undefined;
    let evaluated = 0;
    let fixed: string[] | undefined;
    let lastAffected: string[] | undefined;
    for (const r of ranges) {
      if (r.kind === 'git') continue;
      if (r.kind === 'unsupported') {
        (problems ??= []).push(r.problem);
        continue;
      }
      try {
        const closedBy = inRange(version, r);
        evaluated++;
        if (closedBy) {
          hit ??= 'range';
          rangeType ??= r.type;
          if (closedBy.fixed !== undefined) pushNew((fixed ??= []), closedBy.fixed);
          if (closedBy.last_affected !== undefined) pushNew((lastAffected ??= []), closedBy.last_affected);
        }
      } catch (err) {
        (problems ??= []).push(`${r.type} range not evaluated: ${(err as Error).message}`);
      }
    }
    // Once a range matched the list cannot change the verdict, so it is not compared against (a
    // PyPI/GHSA list can hold hundreds of versions, each one comparison).
    if (!hit && versions.length > 0) {
      evaluated++;
      const memo = listed?.version === version ? listed : new ListedVersions(version, compare);
      if (memo.listedIn(versions, ecosystem)) hit = 'versions';
    }
    if (hit) return { status: 'affected', fixed: fixed ?? [], lastAffected: lastAffected ?? [], via: hit, ...(rangeType ? { rangeType } : {}) };
    if (problems) return { status: 'unknown', reason: problems.join('; ') };
    if (evaluated === 0 && gitOnly > 0) return { status: 'unknown', reason: 'only GIT ranges (commit hashes), which cannot be evaluated against a package version' };
    return { status: 'unaffected' };
  };
}

/**
 * Whether `version` is affected according to one `affected[]` entry. `ecosystem` is the entry's
 * ecosystem and is what `compare` gets for ECOSYSTEM ranges and `versions` lists; SEMVER ranges use
 * `compareSemver` (or `options.compareSemver`). GIT ranges cannot be evaluated against a package
 * version and are skipped; when they are all there is, the verdict says so.
 */
export function isAffected(
  version: string,
  affected: OsvAffected,
  compare: VersionCompare,
  options: { ecosystem?: string; compareSemver?: (a: string, b: string) => number } = {},
): RangeVerdict {
  return prepareAffected(affected, compare, options)(version);
}
