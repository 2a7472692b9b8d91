/**
 * Debian package versions, Debian Policy 5.6.12: `[epoch:]upstream[-revision]`.
 * Within upstream and revision, non-digit runs compare character by character with `~` lowest
 * (even below end of string), then end/digit, then letters, then other characters; digit runs
 * compare numerically.
 */
import { type Cmp, InvalidVersionError, cmpDigits, isAsciiLetterCode, isDigitCode, sign } from './util.js';

export interface DpkgVersion {
  epoch: string;
  upstream: string;
  revision: string;
}

export function parseDpkg(v: string): DpkgVersion {
  const s = v.trim();
  if (s === '') throw new InvalidVersionError('dpkg', v, 'empty');
  if (/\s/.test(s)) throw new InvalidVersionError('dpkg', v, 'embedded whitespace');
  let epoch = '0';
  let rest = s;
  const colon = s.indexOf(':');
  if (colon >= 0) {
    epoch = s.slice(0, colon);
    if (!/^[0-9]+$/.test(epoch)) throw new InvalidVersionError('dpkg', v, 'epoch is not a number');
    rest = s.slice(colon + 1);
  }
  // The revision starts after the *last* hyphen, so upstream versions may contain hyphens.
  const dash = rest.lastIndexOf('-');
  const upstream = dash >= 0 ? rest.slice(0, dash) : rest;
  const revision = dash >= 0 ? rest.slice(dash + 1) : '';
  if (upstream === '') throw new InvalidVersionError('dpkg', v, 'empty upstream version');
  if (dash >= 0 && revision === '') throw new InvalidVersionError('dpkg', v, 'empty revision');
  return { epoch, upstream, revision };
}

/** Weight of one character in a non-digit run; 0 stands for "end of run". */
function weight(s: string, i: number): number {
  if (i >= s.length) return 0;
  const c = s.charCodeAt(i);
  if (isDigitCode(c)) return 0;
  if (isAsciiLetterCode(c)) return c;
  if (c === 126 /* ~ */) return -1;
  return c + 256;
}

/** The Policy's comparison of one upstream or revision string. */
export function dpkgPartCompare(a: string, b: string): Cmp {
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    while ((i < a.length && !isDigitCode(a.charCodeAt(i))) || (j < b.length && !isDigitCode(b.charCodeAt(j)))) {
      const wa = weight(a, i);
      const wb = weight(b, j);
      if (wa !== wb) return sign(wa - wb);
      i++;
      j++;
    }
    const si = i;
    while (i < a.length && isDigitCode(a.charCodeAt(i))) i++;
    const sj = j;
    while (j < b.length && isDigitCode(b.charCodeAt(j))) j++;
    // An empty digit run counts as 0 (Policy: "an empty string counts as zero").
    const c = cmpDigits(a.slice(si, i) || '0', b.slice(sj, j) || '0');
    if (c !== 0) return c;
  }
  return 0;
}

export function compareDpkgParsed(a: DpkgVersion, b: DpkgVersion): Cmp {
  return cmpDigits(a.epoch, b.epoch) || dpkgPartCompare(a.upstream, b.upstream) || dpkgPartCompare(a.revision, b.revision);
}

export function compareDpkg(a: string, b: string): Cmp {
  return compareDpkgParsed(parseDpkg(a), parseDpkg(b));
}
