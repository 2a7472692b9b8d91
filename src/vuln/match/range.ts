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
import type { OsvAffected, OsvEvent, OsvRange } from './osv.js';

/** Orders two versions of one ecosystem (`Debian:12`, `PyPI`...); throws for versions it cannot parse. */
export type VersionCompare = (ecosystem: string, a: string, b: string) => number;

export type RangeVerdict =
  | { status: 'affected'; fixed: string[]; lastAffected: string[]; via: 'range' | 'versions'; rangeType?: string }
  | { status: 'unaffected' }
  | { status: 'unknown'; reason: string };

/** Semantic Versioning 2.0 precedence, for `SEMVER` ranges (a leading `v`, as Go writes it, is ignored). */
export function compareSemver(a: string, b: string): number {
  const pa = parseSemver(a);
  const pb = parseSemver(b);
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

function parseSemver(v: string): { core: [bigint, bigint, bigint]; pre: string[] } {
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
  const list = events.filter((e) => e.limit === undefined);
  return [...list].sort((x, y) => {
    const zx = x.introduced === '0';
    const zy = y.introduced === '0';
    if (zx || zy) return zx && zy ? 0 : zx ? -1 : 1;
    const c = cmp(eventVersion(x) as string, eventVersion(y) as string);
    return c !== 0 ? c : kindRank(x) - kindRank(y);
  });
}

/** One range: affected / unaffected; throws when the comparator throws. */
function inRange(version: string, range: OsvRange, cmp: (a: string, b: string) => number): { affected: boolean; fixed: string[]; lastAffected: string[] } {
  const limits = range.events.map((e) => e.limit).filter((l): l is string => l !== undefined && l !== '*');
  if (limits.length > 0 && !limits.some((l) => cmp(version, l) < 0)) return { affected: false, fixed: [], lastAffected: [] };
  let affected = false;
  // The fix that ends the interval the version is in: the first `fixed`/`last_affected` above it.
  let closedBy: OsvEvent | undefined;
  const sorted = sortEvents(range.events, cmp);
  for (const e of sorted) {
    if (e.introduced !== undefined) {
      if (e.introduced === '0' || cmp(version, e.introduced) >= 0) affected = true;
    } else if (e.fixed !== undefined) {
      if (cmp(version, e.fixed) >= 0) affected = false;
    } else if (e.last_affected !== undefined) {
      if (cmp(version, e.last_affected) > 0) affected = false;
    }
  }
  if (affected) {
    closedBy = sorted.find((e) => (e.fixed !== undefined && cmp(version, e.fixed) < 0) || (e.last_affected !== undefined && cmp(version, e.last_affected) <= 0));
  }
  return {
    affected,
    fixed: closedBy?.fixed !== undefined ? [closedBy.fixed] : [],
    lastAffected: closedBy?.last_affected !== undefined ? [closedBy.last_affected] : [],
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
  const ecosystem = options.ecosystem ?? affected.package?.ecosystem ?? '';
  const semver = options.compareSemver ?? compareSemver;
  const problems: string[] = [];
  const fixed = new Set<string>();
  const lastAffected = new Set<string>();
  let hit: 'range' | 'versions' | undefined;
  let rangeType: string | undefined;
  let evaluated = 0;
  let gitOnly = 0;

  for (const range of affected.ranges ?? []) {
    if (range.type === 'GIT') {
      gitOnly++;
      continue;
    }
    if (range.type !== 'ECOSYSTEM' && range.type !== 'SEMVER') {
      problems.push(`range type ${range.type} is not supported`);
      continue;
    }
    const eco = (a: string, b: string) => compare(ecosystem, a, b);
    // SEMVER ranges use SemVer precedence; a version that is not strict SemVer (`1.2`, `2.0.0.1`)
    // falls back to the ecosystem's own ordering rather than being given up on.
    const cmp = range.type === 'SEMVER' ? (a: string, b: string) => {
      try {
        return semver(a, b);
      } catch {
        return eco(a, b);
      }
    } : eco;
    try {
      const r = inRange(version, range, cmp);
      evaluated++;
      if (r.affected) {
        hit ??= 'range';
        rangeType ??= range.type;
        r.fixed.forEach((f) => fixed.add(f));
        r.lastAffected.forEach((f) => lastAffected.add(f));
      }
    } catch (err) {
      problems.push(`${range.type} range not evaluated: ${(err as Error).message}`);
    }
  }

  if (affected.versions && affected.versions.length > 0) {
    let listed = affected.versions.includes(version);
    if (!listed) {
      for (const v of affected.versions) {
        try {
          if (compare(ecosystem, version, v) === 0) {
            listed = true;
            break;
          }
        } catch {
          // A listed version the comparator cannot read; exact string equality already failed.
        }
      }
    }
    evaluated++;
    if (listed) hit ??= 'versions';
  }

  if (hit) return { status: 'affected', fixed: [...fixed], lastAffected: [...lastAffected], via: hit, ...(rangeType ? { rangeType } : {}) };
  if (problems.length > 0) return { status: 'unknown', reason: problems.join('; ') };
  if (evaluated === 0 && gitOnly > 0) return { status: 'unknown', reason: 'only GIT ranges (commit hashes), which cannot be evaluated against a package version' };
  return { status: 'unaffected' };
}
