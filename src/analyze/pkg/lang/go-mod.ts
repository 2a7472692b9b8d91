/**
 * `go.mod` of Go source trees copied into images. Only `module`, `require` and `replace`
 * directives matter here; the grammar is the line/block form documented in the Go modules reference.
 */

export interface GoModFile {
  module?: string;
  requires: Array<{ path: string; version: string; indirect: boolean }>;
  replaces: Array<{ from: string; fromVersion?: string; to: string; toVersion?: string }>;
}

export function parseGoMod(text: string): GoModFile {
  const out: GoModFile = { requires: [], replaces: [] };
  let block: string | undefined;
  for (const rawLine of text.split('\n')) {
    const comment = rawLine.indexOf('//');
    const indirect = comment >= 0 && /^\/\/\s*indirect\b/.test(rawLine.slice(comment).trim());
    const line = (comment >= 0 ? rawLine.slice(0, comment) : rawLine).trim();
    if (line === '') continue;
    if (block) {
      if (line === ')') {
        block = undefined;
        continue;
      }
      directive(out, block, tokens(line), indirect);
      continue;
    }
    const toks = tokens(line);
    const verb = toks[0];
    if (!verb) continue;
    if (toks[1] === '(' && toks.length === 2) {
      block = verb;
      continue;
    }
    directive(out, verb, toks.slice(1), indirect);
  }
  return out;
}

function directive(out: GoModFile, verb: string, args: string[], indirect: boolean): void {
  if (verb === 'module' && args[0]) out.module = args[0];
  else if (verb === 'require' && args.length >= 2) out.requires.push({ path: args[0], version: args[1], indirect });
  else if (verb === 'replace') {
    const arrow = args.indexOf('=>');
    if (arrow < 1 || arrow + 1 >= args.length) return;
    out.replaces.push({
      from: args[0],
      fromVersion: arrow === 2 ? args[1] : undefined,
      to: args[arrow + 1],
      toVersion: args[arrow + 2],
    });
  }
}

/** Splits on whitespace, unquoting "double" and `back` quoted tokens (paths may be quoted). */
function tokens(line: string): string[] {
  const out: string[] = [];
  const re = /"((?:[^"\\]|\\.)*)"|`([^`]*)`|(\S+)/g;
  for (let m = re.exec(line); m; m = re.exec(line)) out.push(m[1] ?? m[2] ?? m[3]);
  return out;
}
