/**
 * RPM versions: `rpmvercmp` on version and release, plus `[epoch:]version[-release]` (EVR).
 * rpmvercmp splits into alternating digit and letter segments, ignoring other characters as
 * separators; `~` sorts before everything (even end of string), `^` after the end but before
 * any further segment; a digit segment beats a letter segment; digits compare numerically.
 */
import { type Cmp, InvalidVersionError, cmpAscii, cmpDigits, isAsciiLetterCode, isDigitCode } from './util.js';

export interface RpmVersion {
  epoch: string;
  version: string;
  release: string;
}

function isAlnum(c: number): boolean {
  return isDigitCode(c) || isAsciiLetterCode(c);
}

/** rpmvercmp: compare one version or release string. */
export function rpmvercmp(a: string, b: string): Cmp {
  if (a === b) return 0;
  let i = 0;
  let j = 0;
  for (;;) {
    // Everything that is neither alphanumeric nor `~`/`^` is a separator and only separates.
    while (i < a.length && !isAlnum(a.charCodeAt(i)) && a[i] !== '~' && a[i] !== '^') i++;
    while (j < b.length && !isAlnum(b.charCodeAt(j)) && b[j] !== '~' && b[j] !== '^') j++;
    if (a[i] === '~' || b[j] === '~') {
      if (a[i] !== '~') return 1;
      if (b[j] !== '~') return -1;
      i++;
      j++;
      continue;
    }
    if (a[i] === '^' || b[j] === '^') {
      // `^` (post-release snapshot) is above the plain end but below anything that continues.
      if (i >= a.length) return -1;
      if (j >= b.length) return 1;
      if (a[i] !== '^') return 1;
      if (b[j] !== '^') return -1;
      i++;
      j++;
      continue;
    }
    if (i >= a.length || j >= b.length) break;
    const numeric = isDigitCode(a.charCodeAt(i));
    const test = numeric ? isDigitCode : isAsciiLetterCode;
    const si = i;
    while (i < a.length && test(a.charCodeAt(i))) i++;
    const sj = j;
    while (j < b.length && test(b.charCodeAt(j))) j++;
    // Segment types differ: b has a letter where a has a digit (or vice versa); digits win.
    if (sj === j) return numeric ? 1 : -1;
    const c = numeric ? cmpDigits(a.slice(si, i), b.slice(sj, j)) : cmpAscii(a.slice(si, i), b.slice(sj, j));
    if (c !== 0) return c;
  }
  if (i >= a.length && j >= b.length) return 0;
  // Whichever still has characters left is newer.
  return i < a.length ? 1 : -1;
}

export function parseRpm(v: string): RpmVersion {
  const s = v.trim();
  if (s === '') throw new InvalidVersionError('rpm', v, 'empty');
  if (/\s/.test(s)) throw new InvalidVersionError('rpm', v, 'embedded whitespace');
  // The epoch is a leading run of digits ended by `:`; the release follows the last `-`.
  const m = /^([0-9]*):/.exec(s);
  const epoch = m ? m[1] || '0' : '0';
  const rest = m ? s.slice(m[0].length) : s;
  if (rest.includes(':')) throw new InvalidVersionError('rpm', v, 'unexpected ":"');
  const dash = rest.lastIndexOf('-');
  const version = dash >= 0 ? rest.slice(0, dash) : rest;
  const release = dash >= 0 ? rest.slice(dash + 1) : '';
  if (version === '') throw new InvalidVersionError('rpm', v, 'empty version');
  return { epoch, version, release };
}

/** EVR comparison: epoch numerically, then version, then release (a missing release is ""). */
export function compareRpmParsed(a: RpmVersion, b: RpmVersion): Cmp {
  return cmpDigits(a.epoch, b.epoch) || rpmvercmp(a.version, b.version) || rpmvercmp(a.release, b.release);
}

export function compareRpm(a: string, b: string): Cmp {
  return compareRpmParsed(parseRpm(a), parseRpm(b));
}
