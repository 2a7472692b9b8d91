/**
 * RubyGems versions (Gem::Version): dot-separated segments of digits or letters, where any
 * letter makes the version a prerelease (`1.0.a` < `1.0`) and `-` reads as `.pre.`.
 * Segments compare pairwise (missing = 0), numbers numerically, strings byte-wise, a string
 * below a number; trailing zeros of the numeric part and of the string part are ignored.
 * An empty string is version 0, as in Gem::Version.
 */
import { type Cmp, InvalidVersionError, cmpAscii, cmpDigits } from './util.js';

/** Digit segments are kept as digit strings (Ruby integers are unbounded). */
type Segment = { num: string } | { str: string };

export interface RubyGemsVersion {
  /** Canonical segments: the ones that take part in comparison. */
  segments: readonly Segment[];
  prerelease: boolean;
}

const VALID = /^\s*([0-9]+(?:\.[0-9a-zA-Z]+)*(-[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*)?)?\s*$/;

function dropTrailingZeros(xs: Segment[]): Segment[] {
  let n = xs.length;
  while (n > 0) {
    const x = xs[n - 1];
    if (!('num' in x) || x.num !== '0') break;
    n--;
  }
  return xs.slice(0, n);
}

export function parseRubyGems(v: string): RubyGemsVersion {
  if (!VALID.test(v)) throw new InvalidVersionError('rubygems', v, 'not a Gem::Version');
  const s = (v.trim() || '0').replace(/-/g, '.pre.');
  const all: Segment[] = (s.match(/[0-9]+|[a-z]+/gi) ?? []).map((t) =>
    /^[0-9]/.test(t) ? { num: t.replace(/^0+(?=.)/, '') } : { str: t },
  );
  // Zeros are trimmed separately before and after the first letter: 1.0.a.0 == 1.a.
  const firstStr = all.findIndex((x) => 'str' in x);
  const numeric = firstStr < 0 ? all : all.slice(0, firstStr);
  const rest = firstStr < 0 ? [] : all.slice(firstStr);
  return { segments: [...dropTrailingZeros(numeric), ...dropTrailingZeros(rest)], prerelease: /[a-zA-Z]/.test(s) };
}

export function compareRubyGemsParsed(a: RubyGemsVersion, b: RubyGemsVersion): Cmp {
  const zero: Segment = { num: '0' };
  for (let i = 0; i < Math.max(a.segments.length, b.segments.length); i++) {
    const l = a.segments[i] ?? zero;
    const r = b.segments[i] ?? zero;
    if ('num' in l && 'num' in r) {
      const c = cmpDigits(l.num, r.num);
      if (c !== 0) return c;
    } else if ('str' in l && 'str' in r) {
      const c = cmpAscii(l.str, r.str);
      if (c !== 0) return c;
    } else {
      return 'str' in l ? -1 : 1;
    }
  }
  return 0;
}

export function compareRubyGems(a: string, b: string): Cmp {
  return compareRubyGemsParsed(parseRubyGems(a), parseRubyGems(b));
}
