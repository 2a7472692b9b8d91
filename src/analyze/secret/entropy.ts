/** Shannon entropy of `s` in bits per character (0 for the empty string). */
export function shannonEntropy(s: string): number {
  if (s.length === 0) return 0;
  const counts = new Map<string, number>();
  for (const ch of s) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  // Iterating code points above but dividing by the code-unit length would skew astral strings;
  // secrets are ASCII in practice, so count code points consistently.
  let total = 0;
  for (const n of counts.values()) total += n;
  let bits = 0;
  for (const n of counts.values()) {
    const p = n / total;
    bits -= p * Math.log2(p);
  }
  return bits;
}

/** How many of lower-case, upper-case, digit and "other" characters occur in `s` (0..4). */
export function characterClassCount(s: string): number {
  let lower = 0;
  let upper = 0;
  let digit = 0;
  let other = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 97 && c <= 122) lower = 1;
    else if (c >= 65 && c <= 90) upper = 1;
    else if (c >= 48 && c <= 57) digit = 1;
    else other = 1;
  }
  return lower + upper + digit + other;
}

/**
 * Entropy a random-looking value of this length should at least reach. Short strings cannot reach
 * high entropy (8 characters give at most 3 bits), so the bar is `factor` x log2(length), capped
 * at `cap` for long values.
 */
export function entropyThresholdFor(length: number, cap = 3.5, factor = 0.85): number {
  if (length <= 1) return 0;
  return Math.min(cap, Math.log2(length) * factor);
}
