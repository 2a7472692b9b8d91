/**
 * The former keyword prefilters, kept as benchmark alternatives to the engine's `automaton`
 * strategy (keyword-automaton.ts + anchors.ts, see PREFILTER_STRATEGY in engine.ts). Both decide
 * only which rules run; each active rule then scans the whole text.
 *
 * Two strategies with identical results. Measured on Node 20 with `generateCorpus` (numbers in the
 * engine's PREFILTER_STRATEGY comment): V8 searches a literal-prefixed regex about as fast as
 * `indexOf` searches a keyword (~3 ms per 10 MiB each), so one `indexOf` per keyword (~70) costs as
 * much as running the rules themselves. A single alternation regex over all keywords is one pass
 * (~50 ms per 10 MiB).
 */

/** `automaton`: keyword-automaton.ts plus anchored rule runs (see engine.ts PREFILTER_STRATEGY). */
export type PrefilterStrategy = 'indexOf' | 'combined-regex' | 'automaton';

/** Keywords present in `lower` (a lower-cased text), by one `indexOf` per distinct keyword. */
export function presentKeywordsByIndexOf(lower: string, keywords: readonly string[]): Set<string> {
  const present = new Set<string>();
  for (const keyword of keywords) if (lower.includes(keyword)) present.add(keyword);
  return present;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
}

/** After this many hits without a new keyword, drop found keywords from the alternation. */
const REBUILD_AFTER_HITS = 512;
/** Bound on cached alternations (one per distinct set of still-missing keywords). */
const MAX_CACHED_REGEXES = 64;

/**
 * One alternation regex over all keywords of a rule set. Iterating its hits finds every present
 * keyword in one pass. A text where one keyword occurs 100,000 times would make that pass slow, so
 * after REBUILD_AFTER_HITS hits the alternation is rebuilt without the keywords already found
 * (and cached, since small files repeat the same sets).
 */
export class CombinedKeywordPrefilter {
  private readonly keywords: readonly string[];
  private readonly full: RegExp;
  private readonly cache = new Map<string, RegExp>();

  constructor(keywords: readonly string[]) {
    // Longest first, so that a keyword that is a prefix of another does not hide it at one offset.
    this.keywords = [...new Set(keywords)].sort((a, b) => b.length - a.length);
    this.full = this.build(this.keywords);
  }

  private build(keywords: readonly string[]): RegExp {
    return new RegExp(keywords.map(escapeRegExp).join('|'), 'g');
  }

  private regexFor(remaining: readonly string[]): RegExp {
    const key = remaining.join('\u0000');
    let re = this.cache.get(key);
    if (!re) {
      if (this.cache.size >= MAX_CACHED_REGEXES) this.cache.clear();
      re = this.build(remaining);
      this.cache.set(key, re);
    }
    return re;
  }

  /** Keywords present in `lower` (which must already be lower-cased). */
  present(lower: string): Set<string> {
    const present = new Set<string>();
    if (this.keywords.length === 0) return present;
    let re = this.full;
    re.lastIndex = 0;
    let hitsSinceNew = 0;
    let m: RegExpExecArray | null;
    while ((m = re.exec(lower)) !== null) {
      const hit = m[0];
      if (!present.has(hit)) {
        present.add(hit);
        hitsSinceNew = 0;
        // A shorter keyword inside the hit occurs too, though the alternation reported the longer.
        for (const k of this.keywords) if (k.length < hit.length && hit.includes(k)) present.add(k);
        if (present.size === this.keywords.length) break;
      } else if (++hitsSinceNew >= REBUILD_AFTER_HITS) {
        hitsSinceNew = 0;
        const at = m.index + 1;
        re = this.regexFor(this.keywords.filter((k) => !present.has(k)));
        re.lastIndex = at;
        continue;
      }
      // Another keyword may start inside this hit; resume just after its first character.
      re.lastIndex = m.index + 1;
    }
    return present;
  }
}
