/**
 * Start anchors of a rule's regex: a small set of literals such that every match of the regex
 * begins with one of them (ASCII case aside). The engine then tries the regex, sticky, only where
 * an anchor occurs instead of letting it scan the whole text: most rules start with their vendor
 * prefix (`ghp_`, `AKIA`, `://`, `-----BEGIN`), and the generic rule with its key word.
 *
 * Derived from the pattern source by a deliberately small parser. Every construct it does not
 * understand ends the prefix where it is, and a prefix is only ever shortened, never guessed, so
 * the result is sound: a prefix of a valid prefix is valid. When no useful prefix exists (a pattern
 * starting with a character class, `^` followed by `[ \t]*`...) the result is undefined and the
 * engine scans the whole text with that rule, as before.
 */

/** Shorter anchors match too often to be cheaper than the regex's own scan. */
export const MIN_ANCHOR_LENGTH = 3;
/** Bound on the prefix set (alternations and optional parts multiply it). */
const MAX_ANCHORS = 32;
/** `x{n}` is expanded up to this many repetitions (`-{5}`); longer repeats end the prefix. */
const MAX_REPEAT = 8;

interface Prefixes {
  /** Lower-cased literals; every match of the node starts with one of them. */
  strings: string[];
  /** True when the node matches exactly these strings, so what follows can extend them. */
  complete: boolean;
}

const EMPTY: Prefixes = { strings: [''], complete: true };
const UNKNOWN: Prefixes = { strings: [''], complete: false };

/** Control escapes that stand for one literal character. */
const CHAR_ESCAPES: Readonly<Record<string, string>> = { n: '\n', r: '\r', t: '\t', f: '\f', v: '\v', '0': '\0' };

class PrefixParser {
  private pos = 0;
  constructor(private readonly src: string) {}

  /** Parses `a|b|...` up to a closing `)` or the end. */
  alternation(): Prefixes {
    const alternatives = [this.sequence()];
    while (this.src[this.pos] === '|') {
      this.pos++;
      alternatives.push(this.sequence());
    }
    return {
      strings: [...new Set(alternatives.flatMap((a) => a.strings))],
      complete: alternatives.every((a) => a.complete),
    };
  }

  /** Parses terms up to `|`, `)` or the end; the prefix stops growing at the first unknown term. */
  private sequence(): Prefixes {
    let acc: Prefixes = EMPTY;
    while (this.pos < this.src.length && this.src[this.pos] !== '|' && this.src[this.pos] !== ')') {
      const atom = this.atom();
      const quantified = this.quantifier(atom);
      if (acc.complete) acc = concat(acc, quantified);
    }
    return acc;
  }

  /** One atom, as the set of strings it matches (complete) or UNKNOWN; `null` for zero-width assertions. */
  private atom(): Prefixes | null {
    const src = this.src;
    const ch = src[this.pos++];
    if (ch === '^' || ch === '$') return null;
    if (ch === '.') return UNKNOWN;
    if (ch === '(') {
      let zeroWidth = false;
      if (src.startsWith('?:', this.pos)) this.pos += 2;
      else if (src.startsWith('?=', this.pos) || src.startsWith('?!', this.pos)) [this.pos, zeroWidth] = [this.pos + 2, true];
      else if (src.startsWith('?<=', this.pos) || src.startsWith('?<!', this.pos)) [this.pos, zeroWidth] = [this.pos + 3, true];
      else if (src.startsWith('?<', this.pos)) this.pos = src.indexOf('>', this.pos) + 1;
      else if (src[this.pos] === '?') return this.skipRest(UNKNOWN); // modifiers or syntax we do not know
      const inner = this.alternation();
      if (src[this.pos] !== ')') return this.skipRest(UNKNOWN);
      this.pos++;
      return zeroWidth ? null : inner;
    }
    if (ch === '[') return this.charClass();
    if (ch === '\\') {
      const e = src[this.pos++];
      if (e === 'b' || e === 'B') return null;
      if (e in CHAR_ESCAPES) return literal(CHAR_ESCAPES[e]);
      // An escaped punctuation character is itself; letters and digits are classes or backreferences.
      return /[^A-Za-z0-9]/.test(e) ? literal(e) : UNKNOWN;
    }
    return literal(ch);
  }

  /** A class of single characters (`[sr]`, `[KS]`) is a small alternation; anything else is UNKNOWN. */
  private charClass(): Prefixes {
    const src = this.src;
    const chars: string[] = [];
    let known = src[this.pos] !== '^';
    while (this.pos < src.length && src[this.pos] !== ']') {
      let c = src[this.pos++];
      if (c === '\\') {
        const e = src[this.pos++];
        if (e in CHAR_ESCAPES) c = CHAR_ESCAPES[e];
        else if (/[^A-Za-z0-9]/.test(e)) c = e;
        else known = false;
      }
      if (src[this.pos] === '-' && src[this.pos + 1] !== ']') known = false; // a range
      chars.push(c);
    }
    this.pos++;
    if (!known || chars.length === 0) return UNKNOWN;
    return { strings: [...new Set(chars.map((c) => c.toLowerCase()))], complete: true };
  }

  /** Applies a following quantifier (`?`, `*`, `+`, `{m,n}`, lazy or not) to `atom`. */
  private quantifier(atom: Prefixes | null): Prefixes {
    const src = this.src;
    let min = 1;
    let max = 1;
    let quantified = false;
    const c = src[this.pos];
    if (c === '?' || c === '*' || c === '+') {
      this.pos++;
      quantified = true;
      [min, max] = c === '?' ? [0, 1] : c === '*' ? [0, Infinity] : [1, Infinity];
    } else if (c === '{') {
      const m = /^\{(\d+)(,(\d*))?\}/.exec(src.slice(this.pos, this.pos + 24));
      if (m) {
        this.pos += m[0].length;
        quantified = true;
        min = Number(m[1]);
        max = m[2] === undefined ? min : m[3] === '' ? Infinity : Number(m[3]);
      }
    }
    if (quantified && src[this.pos] === '?') this.pos++; // lazy: the same strings
    if (atom === null) return EMPTY; // an assertion consumes nothing, quantified or not
    if (min === 1 && max === 1) return atom;
    if (min === 0 && max === 1 && atom.complete) return { strings: ['', ...atom.strings], complete: true };
    // `x{2}` is `xx`; with a larger max the repeated part is a prefix of every match but not all of it.
    let result: Prefixes = EMPTY;
    for (let i = 0; i < Math.min(min, MAX_REPEAT) && result.complete; i++) result = concat(result, atom);
    return { strings: result.strings, complete: result.complete && min === max && min <= MAX_REPEAT };
  }

  /** Skips to the `)` that closes the current group, for syntax the parser does not model. */
  private skipRest(result: Prefixes): Prefixes {
    let depth = 1;
    while (this.pos < this.src.length && depth > 0) {
      const c = this.src[this.pos++];
      if (c === '\\') this.pos++;
      else if (c === '[') {
        while (this.pos < this.src.length && this.src[this.pos] !== ']') this.pos += this.src[this.pos] === '\\' ? 2 : 1;
        this.pos++;
      } else if (c === '(') depth++;
      else if (c === ')') depth--;
    }
    return result;
  }
}

function literal(c: string): Prefixes {
  return { strings: [c.toLowerCase()], complete: true };
}

/** `a` followed by `b`; when the product would exceed MAX_ANCHORS, `a` stays as it is, incomplete. */
function concat(a: Prefixes, b: Prefixes): Prefixes {
  if (a.strings.length * b.strings.length > MAX_ANCHORS) return { strings: a.strings, complete: false };
  const strings = new Set<string>();
  for (const x of a.strings) for (const y of b.strings) strings.add(x + y);
  return { strings: [...strings], complete: b.complete };
}

/**
 * Lower-case literals every match of `pattern` starts with (ASCII case-insensitively), or undefined
 * when there is no such set whose members all have MIN_ANCHOR_LENGTH characters or more.
 *
 * Patterns with `u` (or `v`) and `i` are not anchored: Unicode case folding maps `K` (Kelvin) to `k`
 * and `ſ` to `s`, which an ASCII search would miss. Anchors must be ASCII for the same reason.
 */
export function startAnchors(pattern: RegExp): string[] | undefined {
  if (pattern.flags.includes('i') && /[uv]/.test(pattern.flags)) return undefined;
  const parser = new PrefixParser(pattern.source);
  const { strings } = parser.alternation();
  // Trailing shorter prefixes cannot help: dedupe, then drop strings another anchor starts with.
  const unique = [...new Set(strings)];
  if (unique.some((s) => s.length < MIN_ANCHOR_LENGTH || !/^[\x00-\x7f]*$/.test(s))) return undefined;
  return unique.filter((s) => !unique.some((t) => t !== s && s.startsWith(t))).sort();
}
