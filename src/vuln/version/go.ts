/**
 * Go module versions (golang.org/x/mod/semver semantics): `vMAJOR[.MINOR[.PATCH[-pre][+build]]]`,
 * where `v1` and `v1.2` abbreviate `v1.0.0` and `v1.2.0`. `+incompatible` is build metadata and
 * so does not affect order; pseudo-versions (`v0.0.0-20210101000000-abcdef123456`,
 * `v1.2.4-0.2021...`, `v1.2.3-pre.0.2021...`) are ordinary prereleases and sort as such, which
 * is exactly how the Go tool orders them. OSV's Go ecosystem omits the `v`, so it is optional.
 */
import { type SemverVersion, compareSemverParsed, parseSemver } from './semver.js';
import { type Cmp, InvalidVersionError } from './util.js';

export type GoVersion = SemverVersion;

const SHORT = /^(0|[1-9][0-9]*)(?:\.(0|[1-9][0-9]*))?$/;

export function parseGo(v: string): GoVersion {
  const s = v.trim().replace(/^v/, '');
  // Full versions are exactly SemVer 2.0 (parseSemver also tolerates `=` and a second `v`; Go does not).
  if (!/^[v=]/.test(s) && s.split('.').length >= 3) return parseSemver(s, 'go');
  // Shorthand forms carry no prerelease or build (x/mod/semver rejects `v1.2-pre`).
  const short = SHORT.exec(s);
  if (short) return { major: short[1], minor: short[2] ?? '0', patch: '0', prerelease: [], build: [] };
  throw new InvalidVersionError('go', v, 'not a Go module version (vMAJOR[.MINOR[.PATCH[-pre][+build]]])');
}

/** True for a pseudo-version: a prerelease whose last two identifiers are a 14-digit UTC time and a 12-hex revision. */
export function isPseudoVersion(v: GoVersion): boolean {
  const p = v.prerelease.join('.');
  return /(^|[.-])(0\.)?[0-9]{14}-[0-9a-f]{12}$/.test(p);
}

export const compareGoParsed: (a: GoVersion, b: GoVersion) => Cmp = compareSemverParsed;

export function compareGo(a: string, b: string): Cmp {
  return compareGoParsed(parseGo(a), parseGo(b));
}
