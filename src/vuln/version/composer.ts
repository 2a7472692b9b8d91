/**
 * Composer (Packagist) versions. Composer first normalises a version (`v1.2` -> `1.2.0.0`,
 * `1.0-b2` -> `1.0.0.0-beta2`, `1.0.0-pl1` -> `1.0.0.0-patch1`, `-stable` dropped, `+build`
 * dropped, date versions `20240102` kept) and then orders normalised strings with PHP's
 * `version_compare`, which gives dev < alpha < beta < RC < (release) < patch.
 * Branch names (`dev-main`, `1.x-dev`) are not orderable versions and are rejected.
 */
import { type Cmp, InvalidVersionError, cmpDigits } from './util.js';

export interface ComposerVersion {
  /** The normalised form Composer would store, e.g. `1.2.0.0-beta2`. */
  normalized: string;
}

const MODIFIER = '[._-]?(?:(stable|beta|b|rc|alpha|a|patch|pl|p)((?:[.-]?\\d+)*)?)?([.-]?dev)?';
const CLASSICAL = new RegExp(`^v?(\\d{1,5})(\\.\\d+)?(\\.\\d+)?(\\.\\d+)?${MODIFIER}$`, 'i');
const DATE = new RegExp(`^v?(\\d{4}(?:[.:-]?\\d{2}){1,6}(?:[.:-]?\\d{1,3}){0,2})${MODIFIER}$`, 'i');
const STABILITY: Record<string, string> = { a: 'alpha', b: 'beta', p: 'patch', pl: 'patch', rc: 'RC' };

export function normalizeComposer(v: string): string {
  // Build metadata does not take part in ordering.
  const s = v.trim().replace(/^([^,\s+]+)\+\S+$/, '$1');
  let base: string;
  let tail: (string | undefined)[]; // [modifier, its number, dev flag]
  const c = CLASSICAL.exec(s);
  if (c) {
    base = `${c[1]}${c[2] ?? '.0'}${c[3] ?? '.0'}${c[4] ?? '.0'}`;
    tail = c.slice(5);
  } else {
    const d = DATE.exec(s);
    if (!d) throw new InvalidVersionError('composer', v, 'not a Composer version (branch names are not orderable)');
    base = d[1].replace(/\D/g, '.');
    tail = d.slice(2);
  }
  const [mod, num, dev] = tail;
  let out = base;
  // Composer returns as soon as it sees `stable`, so `1.0-stable-dev` is plain 1.0.0.0.
  if (mod && mod.toLowerCase() === 'stable') return out;
  if (mod) {
    const lower = mod.toLowerCase();
    out += `-${STABILITY[lower] ?? lower}${(num ?? '').replace(/^[.-]+/, '')}`;
  }
  if (dev) out += '-dev';
  return out;
}

export function parseComposer(v: string): ComposerVersion {
  return { normalized: normalizeComposer(v) };
}

/**
 * PHP's version_compare canonical form: `-`, `_`, `+` become `.`, and a `.` is inserted at
 * every digit/non-digit boundary; other non-alphanumerics also become `.`.
 */
function canonicalize(v: string): string[] {
  if (v === '') return [];
  const isDig = (c: string): boolean => c >= '0' && c <= '9';
  const isAlnum = (c: string): boolean => /[0-9A-Za-z]/.test(c);
  let out = v[0];
  let prev = v[0];
  for (let i = 1; i < v.length; i++) {
    const c = v[i];
    const last = out[out.length - 1];
    if (c === '-' || c === '_' || c === '+') {
      if (last !== '.') out += '.';
    } else if ((prev !== '.' && !isDig(prev) && isDig(c)) || (isDig(prev) && c !== '.' && !isDig(c))) {
      if (last !== '.') out += '.';
      out += c;
    } else if (!isAlnum(c)) {
      if (last !== '.') out += '.';
    } else {
      out += c;
    }
    prev = c;
  }
  // Empty parts are skipped, as PHP's tokenizer skips them.
  return out.split('.').filter((p) => p !== '');
}

/** Ranks of PHP's special forms; matched by prefix, in this order. Unknown words rank lowest. */
const SPECIAL: [string, number][] = [
  ['dev', 0],
  ['alpha', 1],
  ['a', 1],
  ['beta', 2],
  ['b', 2],
  ['RC', 3],
  ['rc', 3],
  ['#', 4],
  ['pl', 5],
  ['p', 5],
];

function specialRank(s: string): number {
  for (const [name, rank] of SPECIAL) if (s.startsWith(name)) return rank;
  return -1;
}

const NUMBER_MARK = '#N#';

function cmpPart(a: string, b: string): Cmp {
  const ad = /^[0-9]/.test(a);
  const bd = /^[0-9]/.test(b);
  if (ad && bd) return cmpDigits(a.match(/^[0-9]+/)![0], b.match(/^[0-9]+/)![0]);
  const ra = specialRank(ad ? NUMBER_MARK : a);
  const rb = specialRank(bd ? NUMBER_MARK : b);
  return ra < rb ? -1 : ra > rb ? 1 : 0;
}

/** PHP's `version_compare($a, $b)` without an operator. */
export function phpVersionCompare(a: string, b: string): Cmp {
  const pa = canonicalize(a);
  const pb = canonicalize(b);
  const n = Math.min(pa.length, pb.length);
  for (let i = 0; i < n; i++) {
    const c = cmpPart(pa[i], pb[i]);
    if (c !== 0) return c;
  }
  // The longer one continues: a number makes it greater, a word is ranked against "a number".
  if (pa.length > n) return /^[0-9]/.test(pa[n]) ? 1 : phpVersionCompare(pa.slice(n).join('.'), NUMBER_MARK);
  if (pb.length > n) return /^[0-9]/.test(pb[n]) ? -1 : phpVersionCompare(NUMBER_MARK, pb.slice(n).join('.'));
  return 0;
}

export function compareComposerParsed(a: ComposerVersion, b: ComposerVersion): Cmp {
  return phpVersionCompare(a.normalized, b.normalized);
}

export function compareComposer(a: string, b: string): Cmp {
  return compareComposerParsed(parseComposer(a), parseComposer(b));
}
