/**
 * A strict JSON parser that keeps the line and column of every value and key. `JSON.parse` gives
 * neither positions nor a line for its errors (only an offset, worded differently across Node
 * versions), and findings in daemon.json and Nomad JSON jobs must point at a line. Strict like
 * Go's encoding/json, which dockerd and Nomad use: no comments, no trailing commas. A UTF-8 BOM
 * is skipped.
 */

interface Pos {
  line: number;
  column: number;
}

export type JsonNode =
  | ({ type: 'object'; entries: JsonEntry[]; endLine: number } & Pos)
  | ({ type: 'array'; items: JsonNode[]; endLine: number } & Pos)
  | ({ type: 'string'; value: string } & Pos)
  | ({ type: 'number'; value: number; raw: string } & Pos)
  | ({ type: 'bool'; value: boolean } & Pos)
  | ({ type: 'null' } & Pos);

export interface JsonEntry {
  key: string;
  keyLine: number;
  keyColumn: number;
  value: JsonNode;
}

export class JsonSyntaxError extends Error {
  constructor(
    message: string,
    readonly line: number,
    readonly column: number,
  ) {
    super(message);
  }
}

const COMMENT = 'comments (// or /* */) are not allowed in JSON';

/** Deeper nesting than this is refused rather than risking the stack. */
const MAX_DEPTH = 256;

export function parseJson(text: string): JsonNode {
  const p = new JsonParser(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  p.ws();
  const v = p.value(0);
  p.ws();
  if (!p.eof()) p.fail('unexpected text after the JSON value');
  return v;
}

class JsonParser {
  private i = 0;
  private line = 1;
  private lineStart = 0;

  constructor(private readonly s: string) {}

  eof(): boolean {
    return this.i >= this.s.length;
  }

  private pos(): Pos {
    return { line: this.line, column: this.i - this.lineStart + 1 };
  }

  fail(message: string): never {
    const p = this.pos();
    throw new JsonSyntaxError(message, p.line, p.column);
  }

  ws(): void {
    while (this.i < this.s.length) {
      const c = this.s[this.i]!;
      if (c === '\n') {
        this.i++;
        this.line++;
        this.lineStart = this.i;
      } else if (c === ' ' || c === '\t' || c === '\r') this.i++;
      else break;
    }
  }

  value(depth: number): JsonNode {
    if (depth > MAX_DEPTH) this.fail('JSON nested too deeply');
    const start = this.pos();
    const c = this.s[this.i];
    if (c === '{') return this.object(depth, start);
    if (c === '[') return this.array(depth, start);
    if (c === '"') return { type: 'string', value: this.string(), ...start };
    if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) {
      const m = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/.exec(this.s.slice(this.i, this.i + 64));
      if (!m) this.fail('invalid number');
      this.i += m[0].length;
      return { type: 'number', value: Number(m[0]), raw: m[0], ...start };
    }
    if (this.s.startsWith('true', this.i) || this.s.startsWith('false', this.i)) {
      const value = this.s[this.i] === 't';
      this.i += value ? 4 : 5;
      return { type: 'bool', value, ...start };
    }
    if (this.s.startsWith('null', this.i)) {
      this.i += 4;
      return { type: 'null', ...start };
    }
    if (c === undefined) this.fail('unexpected end of file, expected a value');
    if (c === "'") this.fail("strings must use double quotes (\"), not single quotes");
    if (c === '/') this.fail(COMMENT);
    return this.fail(`unexpected character ${JSON.stringify(c)}, expected a value`);
  }

  private object(depth: number, start: Pos): JsonNode {
    this.i++;
    const entries: JsonEntry[] = [];
    this.ws();
    if (this.s[this.i] === '}') {
      this.i++;
      return { type: 'object', entries, endLine: this.line, ...start };
    }
    for (;;) {
      this.ws();
      if (this.s[this.i] !== '"') this.fail(this.s[this.i] === '}' ? 'trailing comma before }' : this.s[this.i] === '/' ? COMMENT : 'expected a quoted key');
      const kp = this.pos();
      const key = this.string();
      this.ws();
      if (this.s[this.i] !== ':') this.fail(`expected ":" after the key "${key}"`);
      this.i++;
      this.ws();
      entries.push({ key, keyLine: kp.line, keyColumn: kp.column, value: this.value(depth + 1) });
      this.ws();
      const c = this.s[this.i];
      if (c === ',') {
        this.i++;
        continue;
      }
      if (c === '}') {
        this.i++;
        return { type: 'object', entries, endLine: this.line, ...start };
      }
      this.fail(c === undefined ? 'unexpected end of file, expected "," or "}"' : c === '/' ? COMMENT : 'expected "," or "}" (a missing comma?)');
    }
  }

  private array(depth: number, start: Pos): JsonNode {
    this.i++;
    const items: JsonNode[] = [];
    this.ws();
    if (this.s[this.i] === ']') {
      this.i++;
      return { type: 'array', items, endLine: this.line, ...start };
    }
    for (;;) {
      this.ws();
      if (this.s[this.i] === ']') this.fail('trailing comma before ]');
      items.push(this.value(depth + 1));
      this.ws();
      const c = this.s[this.i];
      if (c === ',') {
        this.i++;
        continue;
      }
      if (c === ']') {
        this.i++;
        return { type: 'array', items, endLine: this.line, ...start };
      }
      this.fail(c === undefined ? 'unexpected end of file, expected "," or "]"' : 'expected "," or "]" (a missing comma?)');
    }
  }

  private string(): string {
    this.i++;
    let out = '';
    for (;;) {
      const c = this.s[this.i];
      if (c === undefined || c === '\n') this.fail('unterminated string');
      if (c === '"') {
        this.i++;
        return out;
      }
      if (c < ' ') this.fail('control character in string');
      if (c === '\\') {
        const e = this.s[this.i + 1];
        const simple: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };
        if (e !== undefined && e in simple) {
          out += simple[e];
          this.i += 2;
        } else if (e === 'u' && /^[0-9a-fA-F]{4}$/.test(this.s.slice(this.i + 2, this.i + 6))) {
          out += String.fromCharCode(parseInt(this.s.slice(this.i + 2, this.i + 6), 16));
          this.i += 6;
        } else this.fail('invalid escape in string');
        continue;
      }
      out += c;
      this.i++;
    }
  }
}

/** The entry for `key` (the last one when a key repeats, as Go's decoder keeps). */
export function entry(node: JsonNode | undefined, key: string): JsonEntry | undefined {
  if (node?.type !== 'object') return undefined;
  for (let i = node.entries.length - 1; i >= 0; i--) if (node.entries[i]!.key === key) return node.entries[i];
  return undefined;
}
