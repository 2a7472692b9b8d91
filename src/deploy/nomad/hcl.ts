/**
 * A parser for the part of HCL2's native syntax that Nomad job files use: blocks with labels,
 * attributes, strings (with `${...}` and `%{...}` template sequences kept as text), heredocs
 * (`<<EOF`, `<<-EOF`), numbers, booleans, null, lists, objects, and `#`, `//`, `/* *\/` comments.
 * Any other expression (`var.image`, `"${a}-${b}"` is a string, but `local.x ? 1 : 2`, function
 * calls, `for` expressions) is kept as unparsed text: the value is then unknown to the rules.
 *
 * Written here rather than taken from npm: the available packages (`hcl2-parser`, a 3.8 MB
 * GopherJS build of hcl2json, and `@cdktf/hcl2json`, a WASM wrapper of the same) convert HCL to
 * JSON and drop every source position, so findings could not point at a line; neither is
 * installed in this project either.
 */

export interface Pos {
  line: number;
  column: number;
}

export type HclValue =
  | ({ type: 'string'; value: string; /** has `${` or `%{` sequences */ template: boolean; heredoc: boolean; /** first line of the string's content */ contentLine: number } & Pos)
  | ({ type: 'number'; value: number; raw: string } & Pos)
  | ({ type: 'bool'; value: boolean } & Pos)
  | ({ type: 'null' } & Pos)
  | ({ type: 'list'; items: HclValue[]; endLine: number } & Pos)
  | ({ type: 'object'; entries: HclAttribute[]; endLine: number } & Pos)
  | ({ type: 'expr'; text: string } & Pos);

export interface HclAttribute extends Pos {
  name: string;
  value: HclValue;
}

export interface HclBlock extends Pos {
  type: string;
  labels: string[];
  endLine: number;
  body: HclBody;
}

export interface HclBody {
  attributes: HclAttribute[];
  blocks: HclBlock[];
}

export class HclSyntaxError extends Error {
  constructor(
    message: string,
    readonly line: number,
    readonly column: number,
  ) {
    super(message);
  }
}

type TokType = 'ident' | 'number' | 'string' | 'heredoc' | 'punct' | 'newline' | 'eof';

interface Token extends Pos {
  type: TokType;
  text: string;
  /** Strings and heredocs: the decoded content (template sequences kept). */
  value?: string;
  template?: boolean;
  contentLine?: number;
}

const MAX_DEPTH = 128;

export function parseHcl(text: string): HclBody {
  const tokens = tokenize(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  const p = new Parser(tokens);
  const body = p.body(0, false);
  const t = p.peek();
  if (t.type !== 'eof') throw new HclSyntaxError(`unexpected ${describe(t)}`, t.line, t.column);
  return body;
}

function describe(t: Token): string {
  if (t.type === 'eof') return 'end of file';
  if (t.type === 'newline') return 'end of line';
  return `"${t.text.length > 20 ? t.text.slice(0, 20) + '…' : t.text}"`;
}

class Parser {
  private i = 0;

  constructor(private readonly toks: Token[]) {}

  peek(offset = 0): Token {
    return this.toks[Math.min(this.i + offset, this.toks.length - 1)]!;
  }

  private next(): Token {
    const t = this.peek();
    if (this.i < this.toks.length - 1) this.i++;
    return t;
  }

  private fail(t: Token, expected: string): never {
    throw new HclSyntaxError(`expected ${expected}, found ${describe(t)}`, t.line, t.column);
  }

  private skipNewlines(): void {
    while (this.peek().type === 'newline') this.next();
  }

  /** Attributes and blocks up to `}` (inside a block) or the end of file (top level). */
  body(depth: number, inBlock: boolean): HclBody {
    if (depth > MAX_DEPTH) this.fail(this.peek(), 'less deeply nested blocks');
    const body: HclBody = { attributes: [], blocks: [] };
    for (;;) {
      this.skipNewlines();
      const t = this.peek();
      if (t.type === 'eof' || (inBlock && t.type === 'punct' && t.text === '}')) return body;
      // HCL2 wants identifiers here; HCL1 job files (still around) quote names such as `"API.TOKEN" = ...`.
      const quotedName = t.type === 'string' && this.peek(1).type === 'punct' && this.peek(1).text === '=';
      if (t.type !== 'ident' && !quotedName) this.fail(t, 'an attribute name or a block type');
      this.next();
      const after = this.peek();
      if (after.type === 'punct' && after.text === '=') {
        this.next();
        const value = this.expr(depth + 1);
        body.attributes.push({ name: quotedName ? t.value! : t.text, value, line: t.line, column: t.column });
        this.endOfItem();
        continue;
      }
      const labels: string[] = [];
      while (this.peek().type === 'string' || this.peek().type === 'ident') {
        const l = this.next();
        labels.push(l.value ?? l.text);
      }
      const open = this.next();
      if (open.type !== 'punct' || open.text !== '{') this.fail(open, `"=" or "{" after "${t.text}"`);
      const inner = this.body(depth + 1, true);
      const close = this.next();
      if (close.type !== 'punct' || close.text !== '}') this.fail(close, `"}" to close the "${t.text}" block opened on line ${open.line}`);
      body.blocks.push({ type: t.text, labels, body: inner, line: t.line, column: t.column, endLine: close.line });
      this.endOfItem();
    }
  }

  /** An attribute or block ends at a newline; `}` (one-line blocks) and EOF also end it. */
  private endOfItem(): void {
    const t = this.peek();
    if (t.type === 'newline') this.next();
    else if (!(t.type === 'eof' || (t.type === 'punct' && t.text === '}'))) this.fail(t, 'a new line');
  }

  expr(depth: number): HclValue {
    if (depth > MAX_DEPTH) this.fail(this.peek(), 'a less deeply nested value');
    const start = this.i;
    const v = this.primary(depth);
    // Anything after the first operand (operators, traversals, calls, conditionals) makes the whole
    // expression dynamic: keep its text and let the rules treat it as unknown.
    const t = this.peek();
    if (v && !this.atTerminator(t)) return this.rawFrom(start);
    return v ?? this.rawFrom(start);
  }

  private atTerminator(t: Token): boolean {
    return t.type === 'newline' || t.type === 'eof' || (t.type === 'punct' && [',', ']', '}', ')'].includes(t.text));
  }

  private primary(depth: number): HclValue | undefined {
    const t = this.peek();
    if (t.type === 'string' || t.type === 'heredoc') {
      this.next();
      return { type: 'string', value: t.value!, template: t.template!, heredoc: t.type === 'heredoc', contentLine: t.contentLine!, line: t.line, column: t.column };
    }
    if (t.type === 'number') {
      this.next();
      return { type: 'number', value: Number(t.text), raw: t.text, line: t.line, column: t.column };
    }
    if (t.type === 'punct' && t.text === '-' && this.peek(1).type === 'number') {
      this.next();
      const n = this.next();
      return { type: 'number', value: -Number(n.text), raw: '-' + n.text, line: t.line, column: t.column };
    }
    if (t.type === 'ident' && (t.text === 'true' || t.text === 'false') && this.atTerminator(this.peek(1))) {
      this.next();
      return { type: 'bool', value: t.text === 'true', line: t.line, column: t.column };
    }
    if (t.type === 'ident' && t.text === 'null' && this.atTerminator(this.peek(1))) {
      this.next();
      return { type: 'null', line: t.line, column: t.column };
    }
    if (t.type === 'punct' && t.text === '[') return this.list(depth);
    if (t.type === 'punct' && t.text === '{') return this.object(depth);
    return undefined;
  }

  private list(depth: number): HclValue | undefined {
    const open = this.next();
    this.skipNewlines();
    // `[for x in y : z]` is computed; the caller keeps it as text.
    if (this.peek().type === 'ident' && this.peek().text === 'for') return undefined;
    const items: HclValue[] = [];
    for (;;) {
      this.skipNewlines();
      const t = this.peek();
      if (t.type === 'punct' && t.text === ']') {
        this.next();
        return { type: 'list', items, line: open.line, column: open.column, endLine: t.line };
      }
      if (t.type === 'eof') this.fail(t, `"]" to close the list opened on line ${open.line}`);
      items.push(this.expr(depth + 1));
      this.skipNewlines();
      const sep = this.peek();
      if (sep.type === 'punct' && sep.text === ',') this.next();
      else if (!(sep.type === 'punct' && sep.text === ']')) this.fail(sep, '"," or "]"');
    }
  }

  private object(depth: number): HclValue | undefined {
    const open = this.next();
    this.skipNewlines();
    if (this.peek().type === 'ident' && this.peek().text === 'for') return undefined;
    const entries: HclAttribute[] = [];
    for (;;) {
      this.skipNewlines();
      const k = this.peek();
      if (k.type === 'punct' && k.text === '}') {
        this.next();
        return { type: 'object', entries, line: open.line, column: open.column, endLine: k.line };
      }
      let name: string;
      if (k.type === 'ident' || k.type === 'number') name = this.next().text;
      else if (k.type === 'string') name = this.next().value!;
      else if (k.type === 'punct' && k.text === '(') {
        // `(var.key) = value`: a computed key; keep it as text.
        const raw = this.rawFrom(this.i, ['=', ':']);
        name = raw.type === 'expr' ? raw.text : '';
      } else this.fail(k, 'an object key or "}"');
      const eq = this.next();
      if (eq.type !== 'punct' || (eq.text !== '=' && eq.text !== ':')) this.fail(eq, `"=" after the key "${name}"`);
      entries.push({ name, value: this.expr(depth + 1), line: k.line, column: k.column });
      const sep = this.peek();
      if (sep.type === 'punct' && sep.text === ',') this.next();
      else if (sep.type === 'newline') this.next();
      else if (!(sep.type === 'punct' && sep.text === '}')) this.fail(sep, '"," or a new line between object entries');
    }
  }

  /**
   * Consumes an expression the parser does not evaluate, from token `start` to the next
   * terminator outside brackets, and returns it as text.
   */
  private rawFrom(start: number, stopAt: string[] = []): HclValue {
    this.i = start;
    const first = this.peek();
    const parts: string[] = [];
    let depth = 0;
    for (;;) {
      const t = this.peek();
      if (t.type === 'eof') {
        if (depth > 0) this.fail(t, `a closing bracket for the expression on line ${first.line}`);
        break;
      }
      if (depth === 0 && (this.atTerminator(t) || (t.type === 'punct' && stopAt.includes(t.text)))) break;
      // No HCL expression has a bare `=` outside brackets: it is a second attribute on the same line.
      if (depth === 0 && t.type === 'punct' && t.text === '=' && parts.length > 0) this.fail(t, 'a new line before the next attribute');
      if (t.type === 'punct' && ['(', '[', '{'].includes(t.text)) depth++;
      if (t.type === 'punct' && [')', ']', '}'].includes(t.text)) depth--;
      if (t.type !== 'newline') parts.push(t.type === 'string' ? JSON.stringify(t.value) : t.text);
      this.next();
    }
    if (parts.length === 0) this.fail(first, 'a value');
    return { type: 'expr', text: parts.join(' '), line: first.line, column: first.column };
  }
}

/* ------------------------------------------------------------------------------------------ */

function tokenize(src: string): Token[] {
  const toks: Token[] = [];
  let i = 0;
  let line = 1;
  let lineStart = 0;
  const pos = (): Pos => ({ line, column: i - lineStart + 1 });
  const fail = (message: string): never => {
    const p = pos();
    throw new HclSyntaxError(message, p.line, p.column);
  };
  const newline = () => {
    line++;
    lineStart = i;
  };
  while (i < src.length) {
    const c = src[i]!;
    if (c === '\n') {
      const p = pos();
      i++;
      newline();
      if (toks.length > 0 && toks[toks.length - 1]!.type !== 'newline') toks.push({ type: 'newline', text: '\n', ...p });
      continue;
    }
    if (c === ' ' || c === '\t' || c === '\r') {
      i++;
      continue;
    }
    if (c === '#' || (c === '/' && src[i + 1] === '/')) {
      while (i < src.length && src[i] !== '\n') i++;
      continue;
    }
    if (c === '/' && src[i + 1] === '*') {
      const start = pos();
      const end = src.indexOf('*/', i + 2);
      if (end < 0) throw new HclSyntaxError('unterminated /* comment', start.line, start.column);
      for (let j = i; j < end; j++) if (src[j] === '\n') {
        i = j + 1;
        newline();
      }
      i = end + 2;
      continue;
    }
    const p = pos();
    if (/[A-Za-z_]/.test(c)) {
      const m = /^[A-Za-z_][A-Za-z0-9_-]*/.exec(src.slice(i, i + 256))!;
      toks.push({ type: 'ident', text: m[0], ...p });
      i += m[0].length;
      continue;
    }
    if (/[0-9]/.test(c)) {
      const m = /^[0-9]+(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/.exec(src.slice(i, i + 64))!;
      toks.push({ type: 'number', text: m[0], ...p });
      i += m[0].length;
      continue;
    }
    if (c === '"') {
      const r = readString(src, i, fail);
      toks.push({ type: 'string', text: src.slice(i, r.end), value: r.value, template: r.template, contentLine: p.line, ...p });
      i = r.end;
      continue;
    }
    if (c === '<' && src[i + 1] === '<' && /^<<-?[A-Za-z_]/.test(src.slice(i, i + 4))) {
      const m = /^<<(-?)([A-Za-z_][A-Za-z0-9_-]*)[ \t]*\r?\n/.exec(src.slice(i, i + 300));
      if (!m) fail('a heredoc marker must be followed by a new line');
      const indent = m![1] === '-';
      const marker = m![2]!;
      i += m![0].length;
      newline();
      const contentLine = line;
      const lines: string[] = [];
      for (;;) {
        if (i >= src.length) throw new HclSyntaxError(`heredoc <<${indent ? '-' : ''}${marker} is not closed (no line with ${marker})`, p.line, p.column);
        let nl = src.indexOf('\n', i);
        if (nl < 0) nl = src.length;
        const text = src.slice(i, nl).replace(/\r$/, '');
        i = Math.min(nl + 1, src.length);
        if (text.trim() === marker) {
          if (nl < src.length) newline();
          break;
        }
        lines.push(text);
        if (nl < src.length) newline();
      }
      let body = lines;
      if (indent) {
        const widths = lines.filter((l) => l.trim() !== '').map((l) => /^[ \t]*/.exec(l)![0].length);
        const min = widths.length ? Math.min(...widths) : 0;
        body = lines.map((l) => l.slice(Math.min(min, /^[ \t]*/.exec(l)![0].length)));
      }
      const value = body.map((l) => l + '\n').join('');
      toks.push({ type: 'heredoc', text: `<<${marker}`, value, template: /(?<![$%])[$%]\{/.test(value), contentLine, ...p });
      // The closing marker ends the attribute like a newline would.
      toks.push({ type: 'newline', text: '\n', line: line - 1, column: 1 });
      continue;
    }
    const two = src.slice(i, i + 2);
    if (['==', '!=', '<=', '>=', '&&', '||', '=>', '...'].includes(two)) {
      toks.push({ type: 'punct', text: two, ...p });
      i += 2;
      continue;
    }
    if ('{}[]()=,:.?!+-*/%<>'.includes(c)) {
      toks.push({ type: 'punct', text: c, ...p });
      i++;
      continue;
    }
    fail(`unexpected character ${JSON.stringify(c)}`);
  }
  toks.push({ type: 'eof', text: '', ...pos() });
  return toks;
}

/**
 * A quoted template string starting at `start`. Escapes are decoded; `${...}` and `%{...}`
 * sequences are kept as written (including quotes nested inside them); `$${` and `%%{` are the
 * literal `${` and `%{`.
 */
function readString(src: string, start: number, fail: (m: string) => never): { value: string; end: number; template: boolean } {
  let i = start + 1;
  let out = '';
  let template = false;
  const esc: Record<string, string> = { n: '\n', r: '\r', t: '\t', '"': '"', '\\': '\\' };
  for (;;) {
    const c = src[i];
    if (c === undefined || c === '\n') fail('unterminated string (strings cannot span lines; use a heredoc)');
    if (c === '"') return { value: out, end: i + 1, template };
    if (c === '\\') {
      const e = src[i + 1]!;
      if (e in esc) {
        out += esc[e];
        i += 2;
      } else if (e === 'u' && /^[0-9a-fA-F]{4}$/.test(src.slice(i + 2, i + 6))) {
        out += String.fromCharCode(parseInt(src.slice(i + 2, i + 6), 16));
        i += 6;
      } else if (e === 'U' && /^[0-9a-fA-F]{8}$/.test(src.slice(i + 2, i + 10))) {
        out += String.fromCodePoint(parseInt(src.slice(i + 2, i + 10), 16));
        i += 10;
      } else fail(`invalid escape \\${e} in string`);
      continue;
    }
    if ((c === '$' || c === '%') && src[i + 1] === c && src[i + 2] === '{') {
      out += c + '{';
      i += 3;
      continue;
    }
    if ((c === '$' || c === '%') && src[i + 1] === '{') {
      template = true;
      const end = templateEnd(src, i + 2, fail);
      out += src.slice(i, end);
      i = end;
      continue;
    }
    out += c;
    i++;
  }
}

/** Index just past the `}` that closes a template sequence whose body starts at `i`. */
function templateEnd(src: string, i: number, fail: (m: string) => never): number {
  let depth = 1;
  while (i < src.length) {
    const c = src[i]!;
    if (c === '\n') fail('unterminated template sequence ${...}');
    if (c === '"') {
      i++;
      while (i < src.length && src[i] !== '"') i += src[i] === '\\' ? 2 : 1;
      i++;
      continue;
    }
    if (c === '{') depth++;
    if (c === '}' && --depth === 0) return i + 1;
    i++;
  }
  return fail('unterminated template sequence ${...}');
}
