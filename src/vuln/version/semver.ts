/**
 * Semantic Versioning 2.0.0 (npm, crates.io): `MAJOR.MINOR.PATCH[-pre][+build]`. Precedence
 * ignores build metadata; a prerelease sorts below its release; prerelease identifiers compare
 * numerically when all digits, ASCII-wise otherwise, numeric below alphanumeric, and a longer
 * identifier list wins when one is a prefix of the other. Leniency (npm/cargo practice):
 * surrounding whitespace and a leading `v` or `=` are accepted.
 */
import { type Cmp, InvalidVersionError, cmpAscii, cmpDigits } from './util.js';

export interface SemverVersion {
  major: string;
  minor: string;
  patch: string;
  prerelease: readonly string[];
  build: readonly string[];
}

const NUM = '0|[1-9][0-9]*';
const PRE_ID = `(?:${NUM}|[0-9]*[A-Za-z-][0-9A-Za-z-]*)`;
const SEMVER = new RegExp(
  `^(${NUM})\\.(${NUM})\\.(${NUM})(?:-(${PRE_ID}(?:\\.${PRE_ID})*))?(?:\\+([0-9A-Za-z-]+(?:\\.[0-9A-Za-z-]+)*))?$`,
);

export function parseSemver(v: string, scheme = 'semver'): SemverVersion {
  const s = v.trim().replace(/^[v=]/, '');
  const m = SEMVER.exec(s);
  if (!m) throw new InvalidVersionError(scheme, v, 'not MAJOR.MINOR.PATCH[-prerelease][+build]');
  return {
    major: m[1],
    minor: m[2],
    patch: m[3],
    prerelease: m[4] === undefined ? [] : m[4].split('.'),
    build: m[5] === undefined ? [] : m[5].split('.'),
  };
}

const ALL_DIGITS = /^[0-9]+$/;

/**
 * Prerelease precedence (SemVer 2.0 item 11). Shared with Go and NuGet; NuGet compares
 * alphanumeric identifiers case-insensitively, hence `fold`.
 */
export function comparePrerelease(a: readonly string[], b: readonly string[], fold = false): Cmp {
  if (a.length === 0 || b.length === 0) return a.length === b.length ? 0 : a.length === 0 ? 1 : -1;
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const x = a[i];
    const y = b[i];
    const xn = ALL_DIGITS.test(x);
    const yn = ALL_DIGITS.test(y);
    let c: Cmp;
    if (xn && yn) c = cmpDigits(x, y);
    else if (xn !== yn) c = xn ? -1 : 1;
    else c = fold ? cmpAscii(x.toLowerCase(), y.toLowerCase()) : cmpAscii(x, y);
    if (c !== 0) return c;
  }
  return a.length === b.length ? 0 : a.length < b.length ? -1 : 1;
}

export function compareSemverParsed(a: SemverVersion, b: SemverVersion): Cmp {
  return (
    cmpDigits(a.major, b.major) ||
    cmpDigits(a.minor, b.minor) ||
    cmpDigits(a.patch, b.patch) ||
    comparePrerelease(a.prerelease, b.prerelease)
  );
}

export function compareSemver(a: string, b: string): Cmp {
  return compareSemverParsed(parseSemver(a), parseSemver(b));
}
