/**
 * Compose variable interpolation (`$VAR`, `${VAR}`, `${VAR:-default}`, `${VAR-default}`,
 * `${VAR:?error}`, `${VAR:+alt}`, `$$` for a literal `$`), evaluated as if no variable were set:
 * the scanner does not read `.env` files or the shell environment. A default is what runs when the
 * variable is unset, so it is used; anything else leaves the value unknown.
 */
export interface Interpolated {
  /** The value with escapes and defaults applied; unknown parts are kept as written. */
  value: string;
  /** A variable without a usable default remains: the value is not known statically. */
  unresolved: boolean;
  /** The text referenced at least one variable (so it is not a literal written in the file). */
  interpolated: boolean;
}

const NAME = /^[A-Za-z_][A-Za-z0-9_]*/;

export function interpolate(text: string, depth = 0): Interpolated {
  let out = '';
  let unresolved = false;
  let interpolated = false;
  let i = 0;
  while (i < text.length) {
    const ch = text[i]!;
    if (ch !== '$') {
      out += ch;
      i++;
      continue;
    }
    const next = text[i + 1];
    if (next === '$') {
      out += '$';
      i += 2;
      continue;
    }
    if (next === '{') {
      const close = matchingBrace(text, i + 1);
      if (close < 0) {
        // Compose rejects an unterminated `${`; keep it and call the value unknown.
        out += text.slice(i);
        return { value: out, unresolved: true, interpolated: true };
      }
      interpolated = true;
      const body = text.slice(i + 2, close);
      const name = NAME.exec(body)?.[0];
      const op = name ? body.slice(name.length) : '';
      const m = /^(:?[-?+])([\s\S]*)$/.exec(op);
      if (name && m && (m[1] === ':-' || m[1] === '-') && depth < 8) {
        const d = interpolate(m[2]!, depth + 1);
        out += d.value;
        unresolved ||= d.unresolved;
      } else {
        out += text.slice(i, close + 1);
        unresolved = true;
      }
      i = close + 1;
      continue;
    }
    const name = NAME.exec(text.slice(i + 1))?.[0];
    if (name) {
      interpolated = true;
      unresolved = true;
      out += '$' + name;
      i += 1 + name.length;
      continue;
    }
    out += ch;
    i++;
  }
  return { value: out, unresolved, interpolated };
}

/** Index of the `}` closing the `{` at `open`, honouring nested `${...}`; -1 when there is none. */
function matchingBrace(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    if (text[i] === '{') depth++;
    else if (text[i] === '}' && --depth === 0) return i;
  }
  return -1;
}
