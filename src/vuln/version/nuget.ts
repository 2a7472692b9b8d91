/**
 * NuGet versions (NuGetVersion): `Major[.Minor[.Patch[.Revision]]][-prerelease][+metadata]`,
 * missing parts 0 (so 1.0 = 1.0.0 = 1.0.0.0), leading zeros tolerated in the numeric parts
 * (legacy NuGet versions). Prerelease labels follow SemVer 2 precedence except that
 * alphanumeric labels compare case-insensitively (1.0.0-Beta = 1.0.0-beta); metadata is ignored.
 */
import { comparePrerelease } from './semver.js';
import { type Cmp, InvalidVersionError, cmpDigits } from './util.js';

export interface NuGetVersion {
  parts: readonly [string, string, string, string];
  prerelease: readonly string[];
  metadata: string;
}

const ID = '[0-9A-Za-z-]+';
const NUGET = new RegExp(`^([0-9]+)(?:\\.([0-9]+))?(?:\\.([0-9]+))?(?:\\.([0-9]+))?(?:-(${ID}(?:\\.${ID})*))?(?:\\+(${ID}(?:\\.${ID})*))?$`);

export function parseNuGet(v: string): NuGetVersion {
  const m = NUGET.exec(v.trim());
  if (!m) throw new InvalidVersionError('nuget', v, 'not Major[.Minor[.Patch[.Revision]]][-prerelease][+metadata]');
  const pre = m[5] === undefined ? [] : m[5].split('.');
  // SemVer 2 forbids leading zeros in numeric labels; NuGet rejects them too.
  if (pre.some((p) => /^0[0-9]+$/.test(p))) throw new InvalidVersionError('nuget', v, 'numeric prerelease label with leading zero');
  return { parts: [m[1], m[2] ?? '0', m[3] ?? '0', m[4] ?? '0'], prerelease: pre, metadata: m[6] ?? '' };
}

export function compareNuGetParsed(a: NuGetVersion, b: NuGetVersion): Cmp {
  for (let i = 0; i < 4; i++) {
    const c = cmpDigits(a.parts[i], b.parts[i]);
    if (c !== 0) return c;
  }
  return comparePrerelease(a.prerelease, b.prerelease, true);
}

export function compareNuGet(a: string, b: string): Cmp {
  return compareNuGetParsed(parseNuGet(a), parseNuGet(b));
}
