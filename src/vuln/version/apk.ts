/**
 * Alpine apk versions, following apk-tools' documented ordering:
 * `digits{.digits}[letter]{_suffix[digits]}[-rN]` where pre-release suffixes
 * (`_alpha` < `_beta` < `_pre` < `_rc`) sort below no suffix and post-release suffixes
 * (`_cvs` < `_svn` < `_git` < `_hg` < `_p`) above it. A component after `.` that has leading
 * zeros compares as a fraction (apk treats `1.01` < `1.1`, and `1.0` > `1.00`), and when all
 * shared tokens are equal the version that continues is greater unless it continues with a
 * pre-release suffix. Behaviour, including that quirk's interaction with zero-led components,
 * follows apk-tools 2.x's version.c.
 */
import { type Cmp, InvalidVersionError, cmpDigits, sign } from './util.js';

/**
 * Token kinds in apk's grammar order. The order matters: when two versions diverge in token
 * kind, the one whose next token is *earlier* in the grammar is the greater version.
 */
const enum Kind {
  DigitOrZero = 0, // component after '.'
  Digit = 1, // first component, or digits after a leading-zero run or a letter
  Letter = 2,
  Suffix = 3,
  SuffixNo = 4,
  RevisionNo = 5,
  End = 6,
}

interface Token {
  kind: Kind;
  /** Numeric value (as digits, or negative zero-count for leading zeros) or a letter/suffix rank. */
  digits?: string;
  rank?: number;
}

export type ApkVersion = readonly Token[];

const PRE = ['alpha', 'beta', 'pre', 'rc'];
const POST = ['cvs', 'svn', 'git', 'hg', 'p'];

function isDigit(c: string | undefined): boolean {
  return c !== undefined && c >= '0' && c <= '9';
}

export function parseApk(v: string): ApkVersion {
  const s = v.trim();
  const bad = (why: string): never => {
    throw new InvalidVersionError('apk', v, why);
  };
  if (!isDigit(s[0])) bad('must start with a digit');
  const tokens: Token[] = [];
  let i = 0;
  let kind: Kind = Kind.Digit;
  while (i < s.length) {
    if (kind === Kind.DigitOrZero && s[i] === '0') {
      // Leading zeros: ranked by how many there are (more zeros = smaller, so 1.001 < 1.01 <
      // 1.1); any digits after them then compare as an ordinary number.
      let n = 0;
      while (s[i] === '0') {
        n++;
        i++;
      }
      tokens.push({ kind, rank: -n });
      kind = Kind.Digit;
      if (isDigit(s[i])) continue;
      // apk-tools then reads an empty digit run (value 0) before whatever follows. That makes a
      // side continuing after `.0` "longer" than one ending there, so apk orders 1.0_rc1 after
      // a bare 1.0 (with the usual -rN on both sides the order is the expected one).
      if (i < s.length) tokens.push({ kind: Kind.Digit, digits: '0' });
    } else {
      switch (kind) {
        case Kind.DigitOrZero:
        case Kind.Digit:
        case Kind.SuffixNo:
        case Kind.RevisionNo: {
          const st = i;
          while (isDigit(s[i])) i++;
          if (kind === Kind.RevisionNo && i === st) bad('revision needs a number');
          tokens.push({ kind, digits: s.slice(st, i) || '0' });
          break;
        }
        case Kind.Letter:
          tokens.push({ kind, rank: s.charCodeAt(i) });
          i++;
          break;
        case Kind.Suffix: {
          const pre = PRE.findIndex((p) => s.startsWith(p, i));
          if (pre >= 0) {
            tokens.push({ kind, rank: pre - PRE.length });
            i += PRE[pre].length;
            break;
          }
          const post = POST.findIndex((p) => s.startsWith(p, i));
          if (post < 0) bad(`unknown suffix at ${JSON.stringify(s.slice(i))}`);
          tokens.push({ kind, rank: post });
          i += POST[post].length;
          break;
        }
        default:
          bad('unexpected token');
      }
    }
    if (i >= s.length) break;
    kind = nextKind(kind, s, i, bad);
    if (kind === Kind.RevisionNo) i += 2;
    else if (kind === Kind.DigitOrZero || kind === Kind.Suffix) i += 1;
    if (i >= s.length) bad('ends with a separator');
  }
  tokens.push({ kind: Kind.End });
  return tokens;
}

/** Which token follows at s[i], given the kind just read; rejects out-of-grammar sequences. */
function nextKind(prev: Kind, s: string, i: number, bad: (why: string) => never): Kind {
  const c = s[i];
  let next: Kind;
  if ((prev === Kind.Digit || prev === Kind.DigitOrZero) && c >= 'a' && c <= 'z') next = Kind.Letter;
  else if (prev === Kind.Letter && isDigit(c)) next = Kind.Digit;
  else if (prev === Kind.Suffix && isDigit(c)) next = Kind.SuffixNo;
  else if (c === '.') next = Kind.DigitOrZero;
  else if (c === '_') next = Kind.Suffix;
  else if (c === '-' && s[i + 1] === 'r') next = Kind.RevisionNo;
  else return bad(`unexpected ${JSON.stringify(c)}`);
  // Tokens only move forward through the grammar, except for these documented loops.
  const loop =
    (next === Kind.DigitOrZero && prev === Kind.Digit) ||
    (next === Kind.Suffix && prev === Kind.SuffixNo) ||
    (next === Kind.Digit && prev === Kind.Letter);
  if (next < prev && !loop) bad(`${JSON.stringify(c)} out of order`);
  return next;
}

function tokenValueCmp(a: Token, b: Token): Cmp {
  if (a.digits !== undefined && b.digits !== undefined) return cmpDigits(a.digits, b.digits);
  // A leading-zero run (negative rank) is below any plain number in the same position.
  // Only DigitOrZero tokens mix the two: a leading-zero run (negative rank) is below any number.
  if (a.digits !== undefined) return 1;
  if (b.digits !== undefined) return -1;
  return sign((a.rank ?? 0) - (b.rank ?? 0));
}

export function compareApkParsed(a: ApkVersion, b: ApkVersion): Cmp {
  for (let i = 0; ; i++) {
    const ta = a[i];
    const tb = b[i];
    if (ta.kind !== tb.kind) {
      // Diverging shapes: a pre-release suffix makes its side smaller; otherwise the side
      // that continues earlier in the grammar (i.e. has more version) is greater.
      if (ta.kind === Kind.Suffix && (ta.rank ?? 0) < 0) return -1;
      if (tb.kind === Kind.Suffix && (tb.rank ?? 0) < 0) return 1;
      return ta.kind > tb.kind ? -1 : 1;
    }
    if (ta.kind === Kind.End) return 0;
    const c = tokenValueCmp(ta, tb);
    if (c !== 0) return c;
  }
}

export function compareApk(a: string, b: string): Cmp {
  return compareApkParsed(parseApk(a), parseApk(b));
}
