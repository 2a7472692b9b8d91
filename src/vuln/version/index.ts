/**
 * Version-scheme registry: one comparator per packaging ecosystem, selected by scheme name or
 * by OSV ecosystem name. Comparators return only the sign so callers can switch on it.
 */
import { type ApkVersion, compareApkParsed, parseApk } from './apk.js';
import { type DpkgVersion, compareDpkgParsed, parseDpkg } from './dpkg.js';
import { type RpmVersion, compareRpmParsed, parseRpm } from './rpm.js';
import { type SemverVersion, compareSemverParsed, parseSemver } from './semver.js';
import { type GoVersion, compareGoParsed, parseGo } from './go.js';
import { type Pep440Version, comparePep440Parsed, parsePep440 } from './pep440.js';
import { type MavenVersion, compareMavenParsed, parseMaven } from './maven.js';
import { type RubyGemsVersion, compareRubyGemsParsed, parseRubyGems } from './rubygems.js';
import { type ComposerVersion, compareComposerParsed, parseComposer } from './composer.js';
import { type NuGetVersion, compareNuGetParsed, parseNuGet } from './nuget.js';
import { type Cmp, UnknownEcosystemError } from './util.js';

export { type Cmp, InvalidVersionError, UnknownEcosystemError } from './util.js';

interface ParsedByScheme {
  dpkg: DpkgVersion;
  apk: ApkVersion;
  rpm: RpmVersion;
  semver: SemverVersion;
  go: GoVersion;
  pep440: Pep440Version;
  maven: MavenVersion;
  rubygems: RubyGemsVersion;
  composer: ComposerVersion;
  nuget: NuGetVersion;
}

export type Scheme = keyof ParsedByScheme;
export type ParsedVersion<S extends Scheme = Scheme> = ParsedByScheme[S];

interface Impl<T> {
  parse(v: string): T;
  compare(a: T, b: T): Cmp;
}

const IMPLS: { [S in Scheme]: Impl<ParsedByScheme[S]> } = {
  dpkg: { parse: parseDpkg, compare: compareDpkgParsed },
  apk: { parse: parseApk, compare: compareApkParsed },
  rpm: { parse: parseRpm, compare: compareRpmParsed },
  semver: { parse: (v) => parseSemver(v), compare: compareSemverParsed },
  go: { parse: parseGo, compare: compareGoParsed },
  pep440: { parse: parsePep440, compare: comparePep440Parsed },
  maven: { parse: parseMaven, compare: compareMavenParsed },
  rubygems: { parse: parseRubyGems, compare: compareRubyGemsParsed },
  composer: { parse: parseComposer, compare: compareComposerParsed },
  nuget: { parse: parseNuGet, compare: compareNuGetParsed },
};

export const SCHEMES: readonly Scheme[] = Object.keys(IMPLS) as Scheme[];

/** Parse `v` under `scheme`; throws InvalidVersionError when the scheme cannot read it. */
export function parseVersion<S extends Scheme>(scheme: S, v: string): ParsedVersion<S> {
  return (IMPLS[scheme] as Impl<ParsedByScheme[S]>).parse(v);
}

/** Compare two version strings under `scheme`; throws InvalidVersionError for unparsable input. */
export function compareVersions(scheme: Scheme, a: string, b: string): Cmp {
  const impl = IMPLS[scheme] as Impl<unknown>;
  return impl.compare(impl.parse(a), impl.parse(b));
}

/**
 * A comparator that parses each distinct version once. Matching compares the same installed
 * version against every event of every record, so parsing dominates without it. Unparsable
 * versions are remembered too and throw the same error each time.
 */
export function cachedComparator(): (scheme: Scheme, a: string, b: string) => Cmp {
  // One map per scheme (no key string is built per comparison), holding the parsed value itself:
  // matching fills it with tens of thousands of versions, and a wrapper object per entry doubled
  // what the garbage collector had to move. Failures, rare, live in their own map.
  const parsed = new Map<Scheme, Map<string, unknown>>();
  const failed = new Map<Scheme, Map<string, unknown>>();
  let size = 0;
  const parse = (scheme: Scheme, byVersion: Map<string, unknown>, v: string): unknown => {
    const hit = byVersion.get(v);
    if (hit !== undefined) return hit;
    const error = failed.get(scheme)?.get(v);
    if (error !== undefined) throw error;
    if (size > 200_000) {
      for (const m of parsed.values()) m.clear();
      failed.clear();
      size = 0;
    }
    size++;
    let value: unknown;
    try {
      value = (IMPLS[scheme] as Impl<unknown>).parse(v);
    } catch (err) {
      let errors = failed.get(scheme);
      if (!errors) failed.set(scheme, (errors = new Map()));
      errors.set(v, err);
      throw err;
    }
    byVersion.set(v, value);
    return value;
  };
  return (scheme, a, b) => {
    let byVersion = parsed.get(scheme);
    if (!byVersion) parsed.set(scheme, (byVersion = new Map()));
    return (IMPLS[scheme] as Impl<unknown>).compare(parse(scheme, byVersion, a), parse(scheme, byVersion, b));
  };
}

/**
 * Map an OSV ecosystem name (`Debian:12`, `Alpine:v3.20`, `PyPI`, ...) to its scheme. The part
 * after the first `:` is a release and does not change the scheme.
 */
export function schemeForEcosystem(osvEcosystem: string): Scheme {
  const scheme = ECOSYSTEMS.get(osvEcosystem.split(':')[0].trim().toLowerCase());
  if (!scheme) throw new UnknownEcosystemError(osvEcosystem);
  return scheme;
}

// A Map, not an object literal, so names like "constructor" cannot hit Object.prototype.
const ECOSYSTEMS = new Map<string, Scheme>(Object.entries({
  debian: 'dpkg',
  ubuntu: 'dpkg',
  alpine: 'apk',
  wolfi: 'apk',
  chainguard: 'apk',
  'red hat': 'rpm',
  'rocky linux': 'rpm',
  almalinux: 'rpm',
  opensuse: 'rpm',
  suse: 'rpm',
  mageia: 'rpm',
  openeuler: 'rpm',
  npm: 'semver',
  'crates.io': 'semver',
  go: 'go',
  pypi: 'pep440',
  maven: 'maven',
  rubygems: 'rubygems',
  packagist: 'composer',
  nuget: 'nuget',
}));
