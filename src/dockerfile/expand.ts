/**
 * Docker's word processing for instruction arguments: quote removal, the escape character and
 * `$VAR` / `${VAR}` / `${VAR:-default}` style substitution, as BuildKit's shell lexer does it for
 * ADD, COPY, ENV, EXPOSE, FROM, LABEL, STOPSIGNAL, USER, VOLUME, WORKDIR and ONBUILD.
 *
 * Written here rather than taken from a library: no npm package implements BuildKit's lexer (shell
 * expansion libraries follow POSIX sh, which differs in quoting and in what is left unexpanded).
 */

export type Vars = ReadonlyMap<string, string>;

export interface Expanded {
  value: string;
  /** Variables referenced but not set (they expand to the empty string, as in Docker). */
  unresolved: string[];
}

const NAME_START = /[A-Za-z_]/;
const NAME_CHAR = /[A-Za-z0-9_]/;

/** Expands one word (quotes are removed). */
export function expandWord(word: string, vars: Vars, escape: '\\' | '`' = '\\'): Expanded {
  const unresolved: string[] = [];
  let out = '';
  let i = 0;
  let quote: '"' | "'" | undefined;
  while (i < word.length) {
    const ch = word[i]!;
    if (quote === "'") {
      if (ch === "'") quote = undefined;
      else out += ch;
      i++;
      continue;
    }
    if (ch === escape && i + 1 < word.length) {
      const next = word[i + 1]!;
      // Inside double quotes only a few characters are escapable; elsewhere any character is.
      if (quote === '"' && !['"', '$', escape].includes(next)) out += ch;
      out += next;
      i += 2;
      continue;
    }
    if (ch === '"') {
      quote = quote === '"' ? undefined : '"';
      i++;
      continue;
    }
    if (ch === "'" && !quote) {
      quote = "'";
      i++;
      continue;
    }
    if (ch === '$') {
      const r = expandDollar(word, i, vars, escape, unresolved);
      out += r.text;
      i = r.end;
      continue;
    }
    out += ch;
    i++;
  }
  return { value: out, unresolved };
}

function expandDollar(s: string, start: number, vars: Vars, escape: '\\' | '`', unresolved: string[]): { text: string; end: number } {
  const next = s[start + 1];
  if (next === undefined) return { text: '$', end: start + 1 };
  if (next === '{') {
    const close = findClosingBrace(s, start + 2);
    if (close < 0) return { text: s.slice(start), end: s.length }; // unterminated: keep as written
    const inner = s.slice(start + 2, close);
    return { text: expandBraced(inner, vars, escape, unresolved), end: close + 1 };
  }
  if (NAME_START.test(next)) {
    let j = start + 1;
    while (j < s.length && NAME_CHAR.test(s[j]!)) j++;
    const name = s.slice(start + 1, j);
    const v = vars.get(name);
    if (v === undefined) unresolved.push(name);
    return { text: v ?? '', end: j };
  }
  return { text: '$', end: start + 1 };
}

function findClosingBrace(s: string, from: number): number {
  let depth = 1;
  for (let j = from; j < s.length; j++) {
    if (s[j] === '{') depth++;
    else if (s[j] === '}' && --depth === 0) return j;
  }
  return -1;
}

function expandBraced(inner: string, vars: Vars, escape: '\\' | '`', unresolved: string[]): string {
  const m = /^([A-Za-z_][A-Za-z0-9_]*)(.*)$/s.exec(inner);
  if (!m) return '${' + inner + '}';
  const name = m[1]!;
  const rest = m[2]!;
  const value = vars.get(name);
  const set = value !== undefined;
  const nonEmpty = set && value !== '';
  const word = (w: string) => expandWord(w, vars, escape);
  const sub = (w: string) => {
    const r = word(w);
    unresolved.push(...r.unresolved);
    return r.value;
  };
  if (rest === '') {
    if (!set) unresolved.push(name);
    return value ?? '';
  }
  const op2 = rest.slice(0, 2);
  const op1 = rest.slice(0, 1);
  if (op2 === ':-') return nonEmpty ? value! : sub(rest.slice(2));
  if (op2 === ':+') return nonEmpty ? sub(rest.slice(2)) : '';
  if (op2 === ':?') return nonEmpty ? value! : '';
  if (op1 === '-') return set ? value! : sub(rest.slice(1));
  if (op1 === '+') return set ? sub(rest.slice(1)) : '';
  if (op1 === '?') return value ?? '';
  if (!set) unresolved.push(name);
  const v = value ?? '';
  if (op2 === '##' || op2 === '%%' || op1 === '#' || op1 === '%') {
    const greedy = op2 === '##' || op2 === '%%';
    const pattern = sub(rest.slice(greedy ? 2 : 1));
    return trimPattern(v, pattern, op1 === '#' ? 'prefix' : 'suffix', greedy);
  }
  if (op1 === '/') {
    const [pat, rep = ''] = splitOnce(rest.slice(1), '/');
    const p = sub(pat);
    return p === '' ? v : v.replace(p, sub(rep));
  }
  return v;
}

function splitOnce(s: string, sep: string): [string, string?] {
  const i = s.indexOf(sep);
  return i < 0 ? [s] : [s.slice(0, i), s.slice(i + 1)];
}

function globToRegExp(glob: string): string {
  let r = '';
  for (const c of glob) {
    if (c === '*') r += '.*?';
    else if (c === '?') r += '.';
    else r += c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  }
  return r;
}

function trimPattern(v: string, glob: string, side: 'prefix' | 'suffix', greedy: boolean): string {
  const body = globToRegExp(glob);
  const g = greedy ? body.replace(/\.\*\?/g, '.*') : body;
  if (side === 'prefix') return v.replace(new RegExp('^' + g, 's'), '');
  // Shortest suffix: try from the end.
  const re = new RegExp((greedy ? '' : '') + g + '$', 's');
  if (greedy) {
    for (let i = 0; i <= v.length; i++) if (re.test(v.slice(i)) && new RegExp('^' + g + '$', 's').test(v.slice(i))) return v.slice(0, i);
    return v;
  }
  for (let i = v.length; i >= 0; i--) if (new RegExp('^' + g + '$', 's').test(v.slice(i))) return v.slice(0, i);
  return v;
}

/**
 * Splits instruction arguments into words on unquoted whitespace, keeping quotes and escapes as
 * written (so each word can then go through `expandWord`).
 */
export function splitWords(text: string, escape: '\\' | '`' = '\\'): string[] {
  const words: string[] = [];
  let cur = '';
  let quote: '"' | "'" | undefined;
  let inWord = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (ch === escape && quote !== "'" && i + 1 < text.length) {
      cur += ch + text[i + 1];
      i++;
      inWord = true;
      continue;
    }
    if (quote) {
      if (ch === quote) quote = undefined;
      cur += ch;
      continue;
    }
    if (ch === '"' || ch === "'") {
      quote = ch;
      cur += ch;
      inWord = true;
      continue;
    }
    if (/\s/.test(ch)) {
      if (inWord) words.push(cur);
      cur = '';
      inWord = false;
      continue;
    }
    cur += ch;
    inWord = true;
  }
  if (inWord) words.push(cur);
  return words;
}

/**
 * Parses `ENV`/`LABEL`/`ARG`-style `key=value` pairs. The legacy `ENV key value with spaces` form
 * (no `=` in the first word) yields one pair.
 */
export function parseKeyValues(body: string, vars: Vars, escape: '\\' | '`' = '\\', legacyForm = true): Array<{ key: string; value: string | undefined; rawValue?: string }> {
  const words = splitWords(body, escape);
  if (words.length === 0) return [];
  if (legacyForm && !words[0]!.includes('=')) {
    const key = words[0]!;
    const rest = body.trim().slice(key.length).trim();
    return [{ key, value: rest === '' ? undefined : expandWord(rest, vars, escape).value, rawValue: rest }];
  }
  return words.map((w) => {
    const eq = w.indexOf('=');
    if (eq < 0) return { key: expandWord(w, vars, escape).value, value: undefined };
    const raw = w.slice(eq + 1);
    return { key: expandWord(w.slice(0, eq), vars, escape).value, value: expandWord(raw, vars, escape).value, rawValue: raw };
  });
}
