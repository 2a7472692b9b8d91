/**
 * `.dockerignore` parsing and matching with the semantics of Docker/BuildKit.
 *
 * What Docker does (moby/patternmatcher + tonistiigi/fsutil, which BuildKit uses to send the
 * context), and therefore what this module reproduces:
 *
 * 1. Reading the file (`ignorefile.ReadAll`): a UTF-8 BOM on the first line is dropped; a line
 *    whose very first character is `#` is a comment (an indented `#` is a pattern); lines are
 *    trimmed of Unicode whitespace; blank lines are skipped; a leading `!` marks an exception and
 *    the rest is trimmed again; the pattern is cleaned like Go's `filepath.Clean` and one leading
 *    `/` is dropped (so `/foo`, `./foo` and `foo/` are all `foo`).
 * 2. Building the matcher (`patternmatcher.New`): the pattern is trimmed and cleaned a second
 *    time (this is why `!/` is an error: it cleans to a bare `!`), its syntax is checked with Go's
 *    `filepath.Match` rules, and it is then compiled to one of four match kinds: exact string,
 *    prefix (`foo/**`), suffix (`**` first, e.g. `**\/foo`, and note `**foo` means "ends with
 *    foo") or a regular expression built character by character (`*` → `[^/]*`, `?` → `[^/]`,
 *    `**` → any number of segments; `[...]`, `\x`, and by a bug also `{`, `|`, `}`, are passed
 *    to Go's RE2 engine as they are).
 *    Patterns that clean to `.`, `/` or start with `..` are accepted but can never match, because
 *    the paths Docker tests are relative and clean.
 * 3. Deciding a path (`MatchesUsingParentResults`, as called by fsutil's walk): the walk goes top
 *    down, and each pattern that matched a directory keeps matching everything below it
 *    ("parent matches": `foo` excludes `foo/bar/baz`). The last matching pattern wins; a `!`
 *    pattern re-includes. Docker skips evaluating an exclude pattern when the path is already
 *    excluded, and a `!` pattern when it is not, and a skipped pattern is recorded as "did not
 *    match" for the children. That shortcut is observable (`docs/a.md` then `!docs` leaves
 *    `docs/a.md` excluded) and is reproduced here on purpose.
 *
 * Why not `@balena/dockerignore` (installed): checked against Docker's code, it deviates in ways
 * that matter for a scanner: it matches case-insensitively by default (`README*` ignores
 * `readme.md`, Docker on Linux does not); it re-includes `docs/a.md` for `docs/a.md` + `!docs`
 * (Docker's walk keeps it excluded, see 3.); `**foo` does not exclude `barfoo`; `a|b` is treated
 * as a regular expression where Docker compares literally; a bare `!` is silently accepted; and
 * it has neither a "may the walker skip this directory" answer nor line numbers for errors.
 * The matcher below reproduces moby's translation and was checked against moby's own Go code on
 * tens of thousands of generated patterns and paths. RE2 constructs that JavaScript spells
 * differently (POSIX classes, ASCII `\s`, octal and hex escapes, quantified anchors) are
 * translated; Unicode classes (`\p{..}`) and `\C` are refused with an InputError.
 * One deliberate difference: Docker compiles each pattern on first use, so a broken regular
 * expression in a pattern that is never reached goes unnoticed there; here it is reported.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { InputError } from '../errors.js';

/** How a compiled pattern tests a path (moby's four match kinds). */
export type IgnoreMatchKind = 'exact' | 'prefix' | 'suffix' | 'regexp';

export interface IgnorePattern {
  /** The pattern after cleaning, without the leading `!`. */
  pattern: string;
  /**
   * True for a `!` line: an exception that re-includes what earlier lines excluded.
   * (Named like Docker's `Pattern.Exclusion()`: it is excluded *from the exclusions*.)
   */
  exclusion: boolean;
  /** 1-based line in the ignore file. */
  line: number;
  /** The line as written, trimmed, for messages. */
  source: string;
  kind: IgnoreMatchKind;
  /** Tests the pattern against one clean relative path, without parent-directory matching. */
  test: (relPath: string) => boolean;
  /** True when this pattern could match some path strictly below `relDir` (may over-approximate). */
  couldMatchBelow: (relDir: string) => boolean;
}

/**
 * The per-path result of evaluating all patterns. `matched[i]` is whether pattern i counted as
 * matching this path (directly or through a parent); children need it.
 */
export interface IgnoreMatchState {
  excluded: boolean;
  /** Index of the pattern that decided `excluded`, or -1 when none matched. */
  decidedBy: number;
  matched: readonly boolean[];
}

// ---------------------------------------------------------------------------------------------
// Reading the file

/** Go's `unicode.IsSpace` set, which differs from JavaScript's `trim()` (U+0085 yes, U+FEFF no). */
const GO_SPACE = '\\t\\n\\v\\f\\r \\u0085\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000';
const GO_TRIM_RE = new RegExp(`^[${GO_SPACE}]+|[${GO_SPACE}]+$`, 'g');

function goTrimSpace(s: string): string {
  return s.replace(GO_TRIM_RE, '');
}

/** Go's `path/filepath.Clean` for `/`-separated paths. */
export function goCleanPath(p: string): string {
  if (p === '') return '.';
  const rooted = p.startsWith('/');
  const out: string[] = [];
  for (const part of p.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (out.length > 0 && out[out.length - 1] !== '..') out.pop();
      else if (!rooted) out.push('..');
      // `..` at the root of a rooted path stays at the root.
    } else out.push(part);
  }
  const joined = out.join('/');
  if (rooted) return '/' + joined;
  return joined === '' ? '.' : joined;
}

/** bufio.Scanner's default token limit: Docker fails on a longer line. */
const MAX_LINE_BYTES = 64 * 1024;

/**
 * Parses `.dockerignore` text. Throws `InputError` (naming `sourceName` and the line) for patterns
 * Docker itself rejects: malformed `[` classes, a trailing `\`, a bare `!`, invalid escapes.
 */
export function parseDockerignore(text: string, sourceName = '.dockerignore'): IgnorePattern[] {
  const patterns: IgnorePattern[] = [];
  const lines = text.split('\n');
  // A trailing newline does not start another line.
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  for (let index = 0; index < lines.length; index++) {
    const lineNo = index + 1;
    let raw = lines[index]!;
    if (raw.endsWith('\r')) raw = raw.slice(0, -1);
    if (index === 0 && raw.startsWith('\uFEFF')) raw = raw.slice(1);
    if (Buffer.byteLength(raw, 'utf8') >= MAX_LINE_BYTES) {
      throw new InputError(
        `${sourceName}:${lineNo}: line is longer than ${MAX_LINE_BYTES - 1} bytes`,
        'Docker stops reading the ignore file at such a line ("token too long"); shorten it.',
      );
    }
    // The comment check comes before trimming: only a `#` in the first column is a comment.
    if (raw.startsWith('#')) continue;
    let readPattern = goTrimSpace(raw);
    if (readPattern === '') continue;
    const source = readPattern;
    const invert = readPattern.startsWith('!');
    if (invert) readPattern = goTrimSpace(readPattern.slice(1));
    if (readPattern.length > 0) {
      readPattern = goCleanPath(readPattern);
      if (readPattern.length > 1 && readPattern.startsWith('/')) readPattern = readPattern.slice(1);
    }
    if (invert) readPattern = '!' + readPattern;

    // Second stage: what patternmatcher.New does with each string.
    let p = goTrimSpace(readPattern);
    if (p === '') continue;
    p = goCleanPath(p);
    let exclusion = false;
    if (p.startsWith('!')) {
      if (p.length === 1) {
        throw new InputError(
          `${sourceName}:${lineNo}: illegal exclusion pattern "${source}"`,
          'A "!" must be followed by the path to re-include.',
        );
      }
      exclusion = true;
      p = p.slice(1);
    }
    const fail = (reason: string): never => {
      throw new InputError(
        `${sourceName}:${lineNo}: invalid pattern "${source}": ${reason}`,
        'Docker rejects this pattern too; fix or remove the line.',
      );
    };
    const syntaxError = goMatchSyntaxError(p);
    if (syntaxError) fail(syntaxError);
    const compiled = compilePattern(p, fail);
    patterns.push({ pattern: p, exclusion, line: lineNo, source, ...compiled });
  }
  return patterns;
}

// ---------------------------------------------------------------------------------------------
// Syntax check: the errors Go's filepath.Match reports (Docker calls it on each pattern).

function goMatchSyntaxError(p: string): string | undefined {
  let i = 0;
  const n = p.length;
  while (i < n) {
    const c = p[i]!;
    if (c === '\\') {
      if (i + 1 >= n) return 'trailing backslash';
      i += 2;
    } else if (c === '[') {
      i++;
      if (p[i] === '^') i++;
      let ranges = 0;
      for (;;) {
        if (i < n && p[i] === ']' && ranges > 0) {
          i++;
          break;
        }
        const lo = readClassChar(p, i);
        if (typeof lo === 'string') return lo;
        i = lo;
        if (p[i] === '-') {
          const hi = readClassChar(p, i + 1);
          if (typeof hi === 'string') return hi;
          i = hi;
        }
        ranges++;
      }
    } else i++;
  }
  return undefined;
}

/** Go's getEsc: one (possibly escaped) class character; returns the next index or an error. */
function readClassChar(p: string, i: number): number | string {
  const c = p[i];
  if (c === undefined) return 'unterminated character class "["';
  if (c === '-' || c === ']') return `unexpected "${c}" in character class`;
  if (c === '\\') {
    i++;
    if (i >= p.length) return 'unterminated character class "["';
  }
  i += (p.codePointAt(i) ?? 0) > 0xffff ? 2 : 1;
  if (i >= p.length) return 'unterminated character class "["';
  return i;
}

// ---------------------------------------------------------------------------------------------
// Compilation (moby's Pattern.compile), then RE2 → JavaScript.

type Compiled = Pick<IgnorePattern, 'kind' | 'test' | 'couldMatchBelow'>;

/**
 * The characters moby escapes before handing the pattern to RE2. Its table is meant to hold
 * `.+()|{}$`, but it is a `[8]byte` bitmap and the bits for `{`, `|` and `}` (code points >= 64)
 * fall off the byte, so those three reach RE2 unescaped: `a|b*` is an alternation and `x{2}` a
 * repetition in Docker. Reproduced as is.
 */
const MOBY_ESCAPED = '.+()$';

function compilePattern(p: string, fail: (reason: string) => never): Compiled {
  let re = '^';
  let kind: IgnoreMatchKind = 'exact';
  const chars = Array.from(p);
  // Go's text/scanner, which moby reads the pattern with, skips a leading byte-order mark.
  let k = chars[0] === '\uFEFF' ? 1 : 0;
  for (let i = 0; k < chars.length; i++) {
    const ch = chars[k++]!;
    if (ch === '*') {
      if (chars[k] === '*') {
        k++;
        if (chars[k] === '/') k++; // `**/` is treated as `**`
        if (k >= chars.length) {
          if (kind === 'exact') kind = 'prefix';
          else {
            re += '.*';
            kind = 'regexp';
          }
        } else {
          // Any number of leading segments, including none.
          re += '(.*/)?';
          kind = 'regexp';
        }
        if (i === 0) kind = 'suffix';
      } else {
        re += '[^/]*';
        kind = 'regexp';
      }
    } else if (ch === '?') {
      re += '[^/]';
      kind = 'regexp';
    } else if (MOBY_ESCAPED.includes(ch)) {
      re += '\\' + ch;
    } else if (ch === '\\') {
      // The syntax check guarantees a following character.
      re += '\\' + chars[k++]!;
      kind = 'regexp';
    } else if (ch === '[' || ch === ']') {
      re += ch;
      kind = 'regexp';
    } else re += ch;
  }

  switch (kind) {
    case 'exact':
      return { kind, test: (path) => path === p, couldMatchBelow: (dir) => p.startsWith(dir + '/') };
    case 'prefix': {
      const prefix = p.slice(0, -2);
      return {
        kind,
        test: (path) => path.startsWith(prefix),
        couldMatchBelow: (dir) => prefix.startsWith(dir + '/') || (dir + '/').startsWith(prefix),
      };
    }
    case 'suffix': {
      const suffix = p.slice(2);
      const bare = suffix.startsWith('/') ? suffix.slice(1) : undefined;
      return {
        kind,
        test: (path) => path.endsWith(suffix) || path === bare,
        couldMatchBelow: () => true,
      };
    }
    case 'regexp': {
      let regex: RegExp;
      try {
        regex = new RegExp(re2ToJs(re + '$'), 'u');
      } catch (err) {
        return fail(err instanceof PatternError ? err.message : 'not a valid regular expression');
      }
      return { kind, test: (path) => regex.test(path), couldMatchBelow: segmentPrefixCheck(p) };
    }
  }
}

/**
 * For a regexp pattern: could it match something below `dir`? Compares the pattern's leading
 * segments with the directory's; any segment whose meaning is not simple (`**`, classes,
 * escapes, `^`) makes the answer "maybe" (true), which only costs walking time.
 */
function segmentPrefixCheck(p: string): (dir: string) => boolean {
  const segments = p.split('/');
  // `|` is a top-level alternation in Docker's regex (see MOBY_ESCAPED): no segment reasoning.
  if (p.includes('|')) return () => true;
  const simple = segments.map((seg) => !/\*\*|[[\\^{]/.test(seg));
  const segRegex = segments.map((seg, i) =>
    simple[i]
      ? new RegExp(
          '^' +
            Array.from(seg, (c) => (c === '*' ? '[^/]*' : c === '?' ? '[^/]' : escapeJsLiteral(c.codePointAt(0)!))).join('') +
            '$',
          'u',
        )
      : undefined,
  );
  return (dir) => {
    const dirSegments = dir.split('/');
    for (let i = 0; i < dirSegments.length; i++) {
      if (i >= segments.length) return false;
      const r = segRegex[i];
      if (!r) return true;
      if (!r.test(dirSegments[i]!)) return false;
    }
    return segments.length > dirSegments.length;
  };
}

class PatternError extends Error {}

/** Code-point ranges, inclusive, sorted or not. */
type Ranges = Array<[number, number]>;

const MAX_CP = 0x10ffff;

const POSIX_CLASSES: Record<string, Ranges> = {
  alnum: [[0x30, 0x39], [0x41, 0x5a], [0x61, 0x7a]],
  alpha: [[0x41, 0x5a], [0x61, 0x7a]],
  ascii: [[0x00, 0x7f]],
  blank: [[0x09, 0x09], [0x20, 0x20]],
  cntrl: [[0x00, 0x1f], [0x7f, 0x7f]],
  digit: [[0x30, 0x39]],
  graph: [[0x21, 0x7e]],
  lower: [[0x61, 0x7a]],
  print: [[0x20, 0x7e]],
  punct: [[0x21, 0x2f], [0x3a, 0x40], [0x5b, 0x60], [0x7b, 0x7e]],
  space: [[0x09, 0x0d], [0x20, 0x20]],
  upper: [[0x41, 0x5a]],
  word: [[0x30, 0x39], [0x41, 0x5a], [0x61, 0x7a], [0x5f, 0x5f]],
  xdigit: [[0x30, 0x39], [0x41, 0x46], [0x61, 0x66]],
};

// RE2's Perl classes are ASCII-only; JavaScript's \s is wider, so spell them out.
const PERL_CLASSES: Record<string, Ranges> = {
  d: [[0x30, 0x39]],
  s: [[0x09, 0x0a], [0x0c, 0x0d], [0x20, 0x20]],
  w: [[0x30, 0x39], [0x41, 0x5a], [0x61, 0x7a], [0x5f, 0x5f]],
};

function negate(ranges: Ranges): Ranges {
  const sorted = [...ranges].sort((a, b) => a[0] - b[0]);
  const out: Ranges = [];
  let next = 0;
  for (const [lo, hi] of sorted) {
    if (lo > next) out.push([next, lo - 1]);
    next = Math.max(next, hi + 1);
  }
  if (next <= MAX_CP) out.push([next, MAX_CP]);
  return out;
}

function escapeJsLiteral(cp: number): string {
  const c = String.fromCodePoint(cp);
  return /^[A-Za-z0-9_]$/.test(c) ? c : `\\u{${cp.toString(16)}}`;
}

function rangesToJs(ranges: Ranges): string {
  return (
    '[' +
    ranges.map(([lo, hi]) => (lo === hi ? escapeJsLiteral(lo) : `${escapeJsLiteral(lo)}-${escapeJsLiteral(hi)}`)).join('') +
    ']'
  );
}

const isAsciiAlnum = (c: string): boolean => /^[A-Za-z0-9]$/.test(c);
const isOctal = (c: string | undefined): boolean => c !== undefined && c >= '0' && c <= '7';
const isHex = (c: string | undefined): boolean => c !== undefined && /^[0-9A-Fa-f]$/.test(c);

/**
 * Translates the RE2 expression moby builds into an equivalent JavaScript (`u` flag) source.
 * Handles what moby's translation can produce: literals, escapes, character classes, `.`, `^`,
 * `$`, `\A`, `\z`, `\b`, `\Q...\E`, groups, alternation and the `*` `?` `+` `{n,m}` quantifiers.
 * Throws PatternError where RE2 reports an error.
 */
function re2ToJs(src: string): string {
  const cps = Array.from(src);
  let i = 0;
  let out = '';
  // What the last emitted item was, and where it starts in `out`, for quantifiers.
  type Item = 'none' | 'atom' | 'assert' | 'quant' | 'lazy';
  let last: Item = 'none';
  let lastStart = 0;

  const emit = (js: string, item: Item): void => {
    lastStart = out.length;
    out += js;
    last = item;
  };

  /** RE2's parseEscape: a single escaped character, after the backslash. */
  const parseEscape = (): number => {
    const c = cps[i++];
    if (c === undefined) throw new PatternError('trailing backslash');
    const cp = c.codePointAt(0)!;
    if (cp < 0x80 && !isAsciiAlnum(c)) return cp;
    if (c >= '1' && c <= '7' && !isOctal(cps[i])) throw new PatternError(`invalid escape sequence "\\${c}"`);
    if (c >= '0' && c <= '7') {
      let value = cp - 0x30;
      for (let d = 1; d < 3 && isOctal(cps[i]); d++) value = value * 8 + (cps[i++]!.codePointAt(0)! - 0x30);
      return value;
    }
    if (c === 'x') {
      if (cps[i] === '{') {
        i++;
        let hex = '';
        while (isHex(cps[i])) hex += cps[i++];
        if (cps[i] !== '}' || hex === '' || parseInt(hex, 16) > MAX_CP) throw new PatternError('invalid escape sequence "\\x"');
        i++;
        return parseInt(hex, 16);
      }
      if (!isHex(cps[i]) || !isHex(cps[i + 1])) throw new PatternError('invalid escape sequence "\\x"');
      const value = parseInt(cps[i]! + cps[i + 1]!, 16);
      i += 2;
      return value;
    }
    const simple: Record<string, number> = { a: 7, f: 12, n: 10, r: 13, t: 9, v: 11 };
    if (c in simple) return simple[c]!;
    if (c === 'p' || c === 'P') throw new PatternError('Unicode classes (\\p) are not supported by leftshift');
    throw new PatternError(`invalid escape sequence "\\${c}"`);
  };

  /** A Perl class escape (`\d`, `\S`...) at i (pointing at the backslash), or undefined. */
  const perlClass = (): Ranges | undefined => {
    if (cps[i] !== '\\') return undefined;
    const c = cps[i + 1];
    if (c === undefined) return undefined;
    const ranges = PERL_CLASSES[c.toLowerCase()];
    if (!ranges) return undefined;
    i += 2;
    return c === c.toLowerCase() ? ranges : negate(ranges);
  };

  const parseClass = (): Ranges => {
    // cps[i] is just after `[`.
    let negated = false;
    if (cps[i] === '^') {
      negated = true;
      i++;
    }
    const ranges: Ranges = [];
    let first = true; // RE2 takes `]` right after `[` or `[^` literally
    while (cps[i] !== ']' || first) {
      if (i >= cps.length) throw new PatternError('missing closing ] in character class');
      first = false;
      if (cps[i] === '[' && cps[i + 1] === ':') {
        // Like RE2: the name runs to the first `:]`, whatever it contains.
        let close = i + 2;
        while (close < cps.length && !(cps[close] === ':' && cps[close + 1] === ']')) close++;
        if (close < cps.length) {
          let name = cps.slice(i + 2, close).join('');
          const neg = name.startsWith('^');
          if (neg) name = name.slice(1);
          const named = POSIX_CLASSES[name];
          if (!named) throw new PatternError(`invalid character class range "[:${name}:]"`);
          ranges.push(...(neg ? negate(named) : named));
          i = close + 2;
          continue;
        }
      }
      if (cps[i] === '\\' && (cps[i + 1] === 'p' || cps[i + 1] === 'P')) {
        throw new PatternError('Unicode classes (\\p) are not supported by leftshift');
      }
      const perl = perlClass();
      if (perl) {
        ranges.push(...perl);
        continue;
      }
      const classChar = (): number => {
        if (i >= cps.length) throw new PatternError('missing closing ] in character class');
        const c = cps[i++]!;
        return c === '\\' ? parseEscape() : c.codePointAt(0)!;
      };
      const lo = classChar();
      let hi = lo;
      // `[a-]` is `a` or `-`; a range needs something other than `]` after the dash.
      if (cps[i] === '-' && cps[i + 1] !== undefined && cps[i + 1] !== ']') {
        i++;
        hi = classChar();
        if (hi < lo) throw new PatternError('invalid character class range');
      }
      ranges.push([lo, hi]);
    }
    i++; // the closing `]`
    return negated ? negate(ranges) : ranges;
  };

  /** RE2's parseRepeat for `{n}`, `{n,}`, `{n,m}` at i; undefined when `{` is a literal. */
  const parseRepeat = (): { text: string; end: number } | undefined => {
    let j = i + 1;
    const int = (): number | undefined => {
      const startDigit = j;
      while (cps[j] !== undefined && cps[j]! >= '0' && cps[j]! <= '9') j++;
      const digits = cps.slice(startDigit, j).join('');
      if (digits === '' || (digits.length > 1 && digits.startsWith('0'))) return undefined;
      return digits.length > 9 ? Infinity : Number(digits);
    };
    const min = int();
    if (min === undefined) return undefined;
    let max: number | undefined = min;
    if (cps[j] === ',') {
      j++;
      if (cps[j] === '}') max = undefined;
      else {
        max = int();
        if (max === undefined) return undefined;
      }
    }
    if (cps[j] !== '}') return undefined;
    if (min > 1000 || (max !== undefined && (max > 1000 || min > max))) {
      throw new PatternError('invalid repeat count');
    }
    return { text: `{${min},${max ?? ''}}`, end: j + 1 };
  };

  const quantify = (js: string): void => {
    if (last === 'quant' && js === '?') {
      out += '?'; // non-greedy
      last = 'lazy';
      return;
    }
    if (last === 'quant' || last === 'lazy') throw new PatternError('invalid nested repetition operator');
    if (last === 'none') throw new PatternError('missing argument to repetition operator');
    // RE2 lets an assertion be repeated; JavaScript only when it is inside a group.
    if (last === 'assert') out = out.slice(0, lastStart) + '(?:' + out.slice(lastStart) + ')';
    out += js;
    last = 'quant';
  };

  while (i < cps.length) {
    const c = cps[i]!;
    switch (c) {
      case '^':
      case '$':
        i++;
        emit(c, 'assert');
        break;
      case '.':
        i++;
        emit('[^\\n]', 'atom'); // RE2's `.` excludes only \n; JavaScript's also excludes \r, U+2028...
        break;
      case '(':
        i++;
        emit('(?:', 'none');
        break;
      case ')':
        i++;
        // The group is the atom a quantifier applies to.
        out += ')';
        lastStart = out.lastIndexOf('(?:'); // moby's groups never nest
        last = 'atom';
        break;
      case '|':
        i++;
        emit('|', 'none');
        break;
      case '*':
      case '+':
      case '?':
        i++;
        quantify(c);
        break;
      case '{': {
        const repeat = parseRepeat();
        if (repeat) {
          i = repeat.end;
          quantify(repeat.text);
        } else {
          i++;
          emit(escapeJsLiteral(0x7b), 'atom');
        }
        break;
      }
      case '[':
        i++;
        emit(rangesToJs(parseClass()), 'atom');
        break;
      case '\\': {
        const next = cps[i + 1];
        if (next === 'A' || next === 'z') {
          i += 2;
          emit(next === 'A' ? '^' : '$', 'assert');
          break;
        }
        if (next === 'b' || next === 'B') {
          i += 2;
          emit('\\' + next, 'assert');
          break;
        }
        if (next === 'Q') {
          i += 2;
          while (i < cps.length && !(cps[i] === '\\' && cps[i + 1] === 'E')) emit(escapeJsLiteral(cps[i++]!.codePointAt(0)!), 'atom');
          if (i < cps.length) i += 2;
          break;
        }
        if (next === 'C') throw new PatternError('\\C is not supported by leftshift');
        if (next === 'p' || next === 'P') throw new PatternError('Unicode classes (\\p) are not supported by leftshift');
        const perl = perlClass();
        if (perl) {
          emit(rangesToJs(perl), 'atom');
          break;
        }
        i++;
        emit(escapeJsLiteral(parseEscape()), 'atom');
        break;
      }
      default:
        i++;
        emit(escapeJsLiteral(c.codePointAt(0)!), 'atom');
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Matching

/** Cache size for directory states in `isExcluded`; past it the cache is simply cleared. */
const DIR_CACHE_LIMIT = 20_000;

export class IgnoreMatcher {
  readonly patterns: readonly IgnorePattern[];
  private readonly exceptions: readonly IgnorePattern[];
  private readonly dirStates = new Map<string, IgnoreMatchState>();

  constructor(patterns: readonly IgnorePattern[]) {
    this.patterns = patterns;
    this.exceptions = patterns.filter((p) => p.exclusion);
  }

  /** True when there is nothing to match (no ignore file or only comments). */
  get isEmpty(): boolean {
    return this.patterns.length === 0;
  }

  /**
   * Evaluates one path given its parent directory's state (undefined for top-level entries),
   * exactly as Docker's walker does. Walkers carry the state down instead of re-evaluating.
   */
  evaluate(relPath: string, parent?: IgnoreMatchState): IgnoreMatchState {
    const patterns = this.patterns;
    const matched: boolean[] = new Array<boolean>(patterns.length);
    let excluded = false;
    let decidedBy = -1;
    for (let i = 0; i < patterns.length; i++) {
      const pattern = patterns[i]!;
      let match = parent ? parent.matched[i]! : false;
      if (!match) {
        // Docker's shortcut: a pattern that could not change the outcome is not tested, and is
        // then recorded as not matching for the children.
        if (pattern.exclusion !== excluded) {
          matched[i] = false;
          continue;
        }
        match = pattern.test(relPath);
        if (!match && !parent) match = this.anyAncestorMatches(pattern, relPath);
      }
      matched[i] = match;
      if (match) {
        excluded = !pattern.exclusion;
        decidedBy = i;
      }
    }
    return { excluded, decidedBy, matched };
  }

  /** Docker's fallback when no parent state is known: test each ancestor directory. */
  private anyAncestorMatches(pattern: IgnorePattern, relPath: string): boolean {
    for (let slash = relPath.indexOf('/'); slash >= 0; slash = relPath.indexOf('/', slash + 1)) {
      if (pattern.test(relPath.slice(0, slash))) return true;
    }
    return false;
  }

  /** The state of a path as a top-down walk would compute it (directory states are cached). */
  stateOf(relPath: string): IgnoreMatchState {
    const path = normalizeRelPath(relPath);
    // The context root itself is never matched (Docker: "don't let them exclude everything").
    if (path === '.') return { excluded: false, decidedBy: -1, matched: [] };
    const slash = path.lastIndexOf('/');
    const parent = slash < 0 ? undefined : this.dirState(path.slice(0, slash));
    return this.evaluate(path, parent);
  }

  private dirState(dir: string): IgnoreMatchState {
    const cached = this.dirStates.get(dir);
    if (cached) return cached;
    const slash = dir.lastIndexOf('/');
    const parent = slash < 0 ? undefined : this.dirState(dir.slice(0, slash));
    const state = this.evaluate(dir, parent);
    if (this.dirStates.size >= DIR_CACHE_LIMIT) this.dirStates.clear();
    this.dirStates.set(dir, state);
    return state;
  }

  /**
   * Whether Docker leaves `relPath` out of the build context. `relPath` is relative to the
   * context root with `/` separators. Docker does not distinguish files from directories here
   * (trailing slashes are cleaned away), so the second argument is accepted and ignored.
   */
  isExcluded(relPath: string, _isDir?: boolean): boolean {
    if (this.patterns.length === 0) return false;
    return this.stateOf(relPath).excluded;
  }

  /** The pattern that decided the path's fate (an exclude or a `!` exception), if any. */
  matchingPattern(relPath: string): IgnorePattern | undefined {
    if (this.patterns.length === 0) return undefined;
    const { decidedBy } = this.stateOf(relPath);
    return decidedBy < 0 ? undefined : this.patterns[decidedBy];
  }

  /**
   * True when `relDir` is excluded and no `!` exception can re-include anything below it, so a
   * walker need not read it at all. (Everything below an excluded directory stays excluded unless
   * an exception matches that path itself; see the module comment.)
   */
  canSkipDir(relDir: string, state?: IgnoreMatchState): boolean {
    const dir = normalizeRelPath(relDir);
    if (!(state ?? this.stateOf(dir)).excluded) return false;
    return !this.exceptions.some((exception) => exception.couldMatchBelow(dir));
  }
}

/** Accepts `./a/b`, `a//b/`, `/a/b` and returns `a/b` (a backslash is a filename character). */
function normalizeRelPath(p: string): string {
  const cleaned = goCleanPath(p);
  return cleaned.startsWith('/') ? cleaned.slice(1) : cleaned;
}

// ---------------------------------------------------------------------------------------------
// Which ignore file applies

/**
 * The ignore file BuildKit (the default builder) uses for a build:
 * `<dockerfile>.dockerignore` next to the Dockerfile (e.g. `build/app.Dockerfile.dockerignore`)
 * when it exists, *instead of* `<context>/.dockerignore`; otherwise `<context>/.dockerignore`.
 * A relative `dockerfilePath` is resolved against the process working directory, as with
 * `docker build -f`. Returns an absolute path, or undefined when neither file exists.
 */
export function resolveIgnoreFile(contextDir: string, dockerfilePath?: string): string | undefined {
  if (dockerfilePath !== undefined && dockerfilePath !== '' && dockerfilePath !== '-') {
    const specific = path.resolve(dockerfilePath) + '.dockerignore';
    if (isFile(specific)) return specific;
  }
  const contextIgnore = path.resolve(contextDir, '.dockerignore');
  return isFile(contextIgnore) ? contextIgnore : undefined;
}

function isFile(p: string): boolean {
  try {
    return fs.statSync(p).isFile();
  } catch {
    return false;
  }
}

/** Reads and parses an ignore file; an unreadable file is an InputError (Docker fails too). */
export function loadDockerignore(file: string, displayName = file): IgnorePattern[] {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'error';
    throw new InputError(`cannot read ignore file ${displayName} (${code})`, undefined, { cause: err });
  }
  return parseDockerignore(text, displayName);
}
