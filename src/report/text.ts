/*
 * Text helpers for the human formats. Messages quote scanned files, which are untrusted input:
 * they must not be able to drive the terminal or fake the layout of the report.
 */

// C0 controls except newline, DEL, C1 controls, and the bidirectional overrides that can make
// text display in a different order than it is stored (the "Trojan Source" trick).
const UNSAFE = /[\u0000-\u0009\u000B-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/g;

/** Replaces terminal control characters with U+FFFD; tabs become a space. Keeps newlines. */
export function stripControlCharacters(text: string): string {
  return text.replace(UNSAFE, (ch) => (ch === '\t' ? ' ' : '\uFFFD'));
}

/** Display width, counted in code points. Wide (CJK) characters are counted as one column. */
export function displayWidth(text: string): number {
  return Array.from(text).length;
}

export function padEnd(text: string, width: number): string {
  const missing = width - displayWidth(text);
  return missing > 0 ? text + ' '.repeat(missing) : text;
}

/**
 * Greedy word wrap to `width` columns. Newlines in the input start new lines; a word longer
 * than the width (a URL, a path) is cut into width-sized pieces rather than overflowing.
 */
export function wrapText(text: string, width: number): string[] {
  const limit = Math.max(1, width);
  const lines: string[] = [];
  for (const paragraph of text.split('\n')) {
    let current = '';
    for (const word of paragraph.split(/ +/).filter((w) => w !== '')) {
      let rest = Array.from(word);
      if (current !== '' && displayWidth(current) + 1 + rest.length <= limit) {
        current += ` ${word}`;
        continue;
      }
      if (current !== '') lines.push(current);
      while (rest.length > limit) {
        lines.push(rest.slice(0, limit).join(''));
        rest = rest.slice(limit);
      }
      current = rest.join('');
    }
    lines.push(current);
  }
  // Drop trailing blank lines so callers can join without growing the output.
  while (lines.length > 1 && lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/** `9`, `9-12`, or '' when the location has no valid (1-based) line. */
export function formatLines(loc: { line?: number; endLine?: number }): string {
  const { line, endLine } = loc;
  if (line === undefined || !Number.isInteger(line) || line < 1) return '';
  return endLine !== undefined && Number.isInteger(endLine) && endLine > line ? `${line}-${endLine}` : String(line);
}
