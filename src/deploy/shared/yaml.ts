import { LineCounter, isAlias, isMap, isNode, isPair, isScalar, isSeq, parseDocument, visit, type Alias, type Document, type Node, type Pair, type Scalar, type YAMLMap } from 'yaml';
import type { Origin } from './container.js';

/**
 * YAML access for the deploy scanners (Compose files, CI files with `docker run` lines) that keeps
 * every value's position. The documents are read as node trees, never converted to plain objects:
 * conversion expands every alias, which is what alias bombs ("billion laughs") exploit. Aliases
 * and `<<` merge keys are followed only where a scanner reads, and every follow counts against a
 * budget, so a hostile document costs a bounded amount of work.
 */

export interface Problem {
  line: number;
  column?: number;
  message: string;
}

/**
 * Alias follows allowed per document: a base plus a generous number per alias written in it. With
 * `entries` memoised, real files follow each alias a few times; only hostile nesting gets near this.
 */
const ALIAS_BUDGET_BASE = 10_000;
const ALIAS_BUDGET_PER_ALIAS = 64;

type Entry = { key: string; pair: Pair; value: Node | undefined };

export class YamlFile {
  readonly lc = new LineCounter();
  readonly doc: Document.Parsed;
  readonly problems: Problem[] = [];
  private aliasBudget = ALIAS_BUDGET_BASE;
  private readonly entryCache = new WeakMap<YAMLMap, Entry[]>();
  /** Set once the alias budget ran out; the scanner reports it. */
  exhausted = false;

  /**
   * What each alias points at. `Alias.resolve(doc)` walks the whole document on every call, which
   * makes a file with many `<<: *defaults` quadratic; one walk here records, for every alias, the
   * latest node with its anchor before it (YAML's rule when an anchor name is reused).
   */
  private readonly targets = new Map<Alias, Node>();

  constructor(readonly text: string) {
    this.doc = parseDocument(text, { lineCounter: this.lc, merge: true, prettyErrors: false, strict: false, uniqueKeys: true });
    const anchors = new Map<string, Node>();
    visit(this.doc, (_key, node) => {
      if (isAlias(node)) {
        this.aliasBudget += ALIAS_BUDGET_PER_ALIAS;
        const target = anchors.get(node.source);
        if (target) this.targets.set(node, target);
      } else if (isNode(node) && node.anchor) anchors.set(node.anchor, node);
    });
    // One mistake often yields several errors (a bad indent breaks the next keys too): report the
    // first, where the file went wrong, and say how many followed.
    const first = this.doc.errors[0];
    if (first) {
      const pos = this.lc.linePos(first.pos[0]);
      const more = this.doc.errors.length - 1;
      this.problems.push({ line: pos.line, column: pos.col, message: firstLine(first.message) + (more > 0 ? ` (${more} more error${more > 1 ? 's' : ''} follow from it)` : '') });
    }
  }

  /** Line and column where a node (or a pair's key) starts. */
  pos(node: Node | Pair | null | undefined, fallback: Origin = { line: 1 }): Origin {
    const n = isPair(node) ? (node.key as Node | null) : node;
    const start = n?.range?.[0];
    if (start === undefined) return fallback;
    const p = this.lc.linePos(start);
    return { line: p.line, column: p.col };
  }

  /** Follows aliases (within the budget); undefined when the budget is spent or the anchor is unknown. */
  resolve(node: unknown): Node | undefined {
    let n = node;
    for (let depth = 0; isAlias(n); depth++) {
      if (this.aliasBudget-- <= 0 || depth > 64) {
        this.exhausted = true;
        return undefined;
      }
      n = this.targets.get(n);
    }
    return (n ?? undefined) as Node | undefined;
  }

  map(node: unknown): YAMLMap | undefined {
    const n = this.resolve(node);
    return isMap(n) ? n : undefined;
  }

  /** Items of a sequence (aliases resolved); [] for anything else. */
  seq(node: unknown): Node[] {
    const n = this.resolve(node);
    if (!isSeq(n)) return [];
    const out: Node[] = [];
    for (const item of n.items) {
      const r = this.resolve(item);
      if (r) out.push(r);
    }
    return out;
  }

  /**
   * The pairs of a mapping with `<<` merges applied: keys written in the mapping win over merged
   * ones, and earlier merge sources win over later ones (the YAML merge-key rule Compose follows).
   */
  entries(node: unknown, depth = 0): Entry[] {
    const map = this.map(node);
    if (!map) return [];
    // Memoised per mapping: shared fragments are merged into many services, and a chain of merges
    // of merges (a merge-key bomb) is then computed once per level instead of exponentially.
    const cached = this.entryCache.get(map);
    if (cached) return cached;
    if (depth > 16) {
      this.exhausted = true;
      return [];
    }
    const own: Entry[] = [];
    const merged: Entry[] = [];
    const mergedKeys = new Set<string>();
    for (const pair of map.items) {
      if (isMergeKey(pair)) {
        const sources = isSeq(this.resolve(pair.value)) ? this.seq(pair.value) : [this.resolve(pair.value)];
        for (const src of sources) {
          for (const e of this.entries(src, depth + 1)) {
            if (mergedKeys.has(e.key)) continue;
            mergedKeys.add(e.key);
            merged.push(e);
          }
        }
        continue;
      }
      const key = scalarText(pair.key);
      if (key === undefined) continue;
      own.push({ key, pair, value: this.resolve(pair.value) });
    }
    const ownKeys = new Set(own.map((o) => o.key));
    const result = [...own, ...merged.filter((m) => !ownKeys.has(m.key))];
    this.entryCache.set(map, result);
    return result;
  }

  get(node: unknown, key: string): Entry | undefined {
    return this.entries(node).find((e) => e.key === key);
  }

  /** A scalar's text (numbers and booleans as YAML wrote them); undefined for collections and null. */
  str(node: unknown): string | undefined {
    const n = this.resolve(node);
    return scalarText(n);
  }
}

function isMergeKey(pair: Pair): boolean {
  const k = pair.key;
  if (!isScalar(k)) return false;
  // With `merge: true` the parser gives `<<` keys a symbol value; the source text is `<<` either way.
  return k.source === '<<' || k.value === '<<' || (typeof k.value === 'symbol' && k.value.description === '<<');
}

/** Text of a scalar node; booleans and numbers as written (`0`, `true`, `5432`). */
export function scalarText(node: unknown): string | undefined {
  if (!isScalar(node)) return undefined;
  const s = node as Scalar;
  if (s.value === null || s.value === undefined) return undefined;
  if (typeof s.value === 'string') return s.value;
  if (typeof s.value === 'symbol') return undefined;
  return typeof s.source === 'string' && s.source !== '' ? s.source : String(s.value);
}

/**
 * The first line of a block scalar's content: the header (`|`, `>-`, `|2`) sits on the line where
 * the node starts, the content on the lines below. For other scalars, the line the value starts on.
 */
export function contentStartLine(file: YamlFile, node: Node): number {
  const start = file.pos(node).line;
  return isScalar(node) && (node.type === 'BLOCK_LITERAL' || node.type === 'BLOCK_FOLDED') ? start + 1 : start;
}

function firstLine(msg: string): string {
  return msg.split('\n')[0]!.replace(/\s+at line \d+, column \d+:?$/, '').trim();
}
