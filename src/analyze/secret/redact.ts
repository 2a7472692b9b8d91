/**
 * Redaction. The rule of thumb: show at most a quarter of the secret, never more than 4 characters
 * at each end, so a finding can be matched with a key in a console ("ends in ...9fQ2") without the
 * report itself becoming a leak. A public type marker (`ghp_`, `AKIA`) is not secret and is shown
 * in addition; the quarter is counted on what follows it.
 */

/** Longest run of `*` produced; longer secrets are masked with this many so reports stay readable. */
export const MAX_MASK_LENGTH = 32;
const MAX_VISIBLE_PER_END = 4;

export interface RedactOptions {
  /** Length of a public, fixed prefix of the secret shown as-is (e.g. 4 for `ghp_`). */
  publicPrefixLength?: number;
}

/** Masks `secret`, keeping at most 25% of it (4 characters per end at most) visible. */
export function redact(secret: string, opts: RedactOptions = {}): string {
  const prefixLength = Math.max(0, Math.min(opts.publicPrefixLength ?? 0, secret.length));
  const prefix = secret.slice(0, prefixLength);
  const rest = secret.slice(prefixLength);
  if (rest.length === 0) return prefix;
  const visible = Math.min(2 * MAX_VISIBLE_PER_END, Math.floor(rest.length / 4));
  const head = Math.ceil(visible / 2);
  const tail = Math.floor(visible / 2);
  const hidden = rest.length - head - tail;
  return prefix + rest.slice(0, head) + '*'.repeat(Math.min(hidden, MAX_MASK_LENGTH)) + rest.slice(rest.length - tail);
}

/** A range of a line to mask: 0-based `start`, exclusive `end`, in UTF-16 code units. */
export interface LineSpan {
  start: number;
  end: number;
  /** Mask every character (used for private-key bodies) instead of `redact`'s partial view. */
  full?: boolean;
  publicPrefixLength?: number;
}

/** Masks every span of `line` (overlapping spans are merged; spans past the line are clipped). */
export function redactLine(line: string, spans: readonly LineSpan[]): string {
  const clipped = spans
    .map((s) => ({ ...s, start: Math.max(0, s.start), end: Math.min(line.length, s.end) }))
    .filter((s) => s.end > s.start)
    .sort((a, b) => a.start - b.start);
  const merged: LineSpan[] = [];
  for (const span of clipped) {
    const last = merged[merged.length - 1];
    if (last && span.start < last.end) {
      // Overlap: one masked region; mask it fully since neither partial view would be exact.
      last.end = Math.max(last.end, span.end);
      last.full = true;
      last.publicPrefixLength = undefined;
    } else {
      merged.push({ ...span });
    }
  }
  let out = '';
  let cursor = 0;
  for (const span of merged) {
    out += line.slice(cursor, span.start);
    const secret = line.slice(span.start, span.end);
    out += span.full
      ? '*'.repeat(Math.min(secret.length, MAX_MASK_LENGTH))
      : redact(secret, { publicPrefixLength: span.publicPrefixLength });
    cursor = span.end;
  }
  return out + line.slice(cursor);
}
