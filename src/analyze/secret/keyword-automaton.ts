/**
 * Aho-Corasick automaton over ASCII keywords, matched ASCII-case-insensitively over bytes: a
 * file's raw contents, or a latin1 copy of a string (one byte per UTF-16 unit). One pass finds
 * every occurrence of every pattern, overlapping ones included, without decoding or lower-casing.
 *
 * Why hand-written: the engine needs (a) a search over a Buffer *before* decoding it, so files
 * without a keyword are never decoded, and (b) every hit's offset, for the anchored rule runs.
 * The pure-JS npm packages (`ahocorasick`, `modern-ahocorasick`, `aho-corasick`, `fastscan`)
 * take JS strings only, walk object tries, fold no case, and return an array per hit
 * (`search(str): [index, keywords[]][]`). Native bindings (`@blackglory/aho-corasick`,
 * `@stll/aho-corasick`, wrapping Rust crates) take strings as well and bring prebuilt binaries;
 * they were not evaluated. A dense DFA in typed arrays is a few dozen lines and one tight loop.
 *
 * Measured (process CPU time, Node 20) with the ~100 keywords and anchors of the built-in rules:
 * over 10 MiB of `generateCorpus` text, this search 28 ms, latin1 string + one `i` alternation
 * regex 53 ms, lower-casing + the combined alternation regex (the former prefilter) 48 ms; over
 * the 7.8 MiB of text files of the `app` fixture image: 12, 37 and 32 ms.
 */

/** Per-pattern hits of one search. */
export interface AutomatonHits {
  /** `present[i]` is 1 when pattern `i` occurs (the array is empty when no pattern occurs). */
  readonly present: Uint8Array;
  /** How many distinct patterns built with `keyword` occur. */
  keywordsPresent: number;
  /** Start offsets of pattern `i`, ascending, for patterns built with `positions` that occur; else undefined. */
  readonly starts: Array<number[] | undefined>;
}

export interface AutomatonPattern {
  /** ASCII text; letters match either case. */
  text: string;
  /** Record every start offset (otherwise only presence is recorded). */
  positions: boolean;
  /** Count the pattern in `keywordsPresent`. */
  keyword: boolean;
}

/** The result for inputs where no pattern occurs (most files), shared: nothing to allocate. */
const NO_HITS: AutomatonHits = Object.freeze({ present: new Uint8Array(0), keywordsPresent: 0, starts: Object.freeze([]) as never[] });

export class KeywordAutomaton {
  readonly patterns: readonly AutomatonPattern[];
  /** Input class of every byte; 0 for bytes in no pattern (all >= 0x80 among them). */
  private readonly classOf = new Uint8Array(256);
  /**
   * Dense DFA over classes, states pre-multiplied by the class count: the next state is
   * `delta[state + classOf[byte]]`. State 0 is the root. Each step waits for the previous step's
   * load, so the table is kept small (16-bit entries while they fit: ~50 KB for the built-in
   * rules, ~10% faster than 32-bit) and no multiplication sits on that chain.
   */
  private readonly delta: Uint16Array | Uint32Array;
  /** States are numbered so that exactly those >= `firstOutput` have patterns ending in them. */
  private readonly firstOutput: number;
  /** Patterns ending at each state (dictionary-suffix links followed), by state index (state / classCount). */
  private readonly outputs: ReadonlyArray<readonly number[]>;
  private readonly classCount: number;
  /** Length of the longest pattern. */
  private readonly maxLength: number;
  /** `patterns[i].positions` and `.keyword`, as typed arrays for the hit path. */
  private readonly wantsPositions: Uint8Array;
  private readonly isKeyword: Uint8Array;

  constructor(patterns: readonly AutomatonPattern[]) {
    this.patterns = patterns;
    this.wantsPositions = Uint8Array.from(patterns, (p) => (p.positions ? 1 : 0));
    this.isKeyword = Uint8Array.from(patterns, (p) => (p.keyword ? 1 : 0));
    this.maxLength = Math.max(1, ...patterns.map((p) => p.text.length));
    let classes = 1;
    for (const { text } of patterns) {
      if (text.length === 0) throw new Error('keyword automaton: empty pattern');
      for (let i = 0; i < text.length; i++) {
        const c = fold(text.charCodeAt(i));
        if (c >= 128) throw new Error(`keyword automaton: pattern ${JSON.stringify(text)} is not ASCII`);
        if (this.classOf[c] === 0) this.classOf[c] = classes++;
      }
    }
    // Both cases of a letter share its class.
    for (let c = 65; c <= 90; c++) this.classOf[c] = this.classOf[c + 32];
    this.classCount = classes;

    // Trie.
    const goto: Array<Map<number, number>> = [new Map()];
    const ends: number[][] = [[]];
    patterns.forEach(({ text }, id) => {
      let s = 0;
      for (let i = 0; i < text.length; i++) {
        const cls = this.classOf[text.charCodeAt(i)];
        let next = goto[s].get(cls);
        if (next === undefined) {
          next = goto.length;
          goto.push(new Map());
          ends.push([]);
          goto[s].set(cls, next);
        }
        s = next;
      }
      ends[s].push(id);
    });
    const n = goto.length;

    // Breadth-first: failure links become DFA transitions; outputs inherit the failure state's.
    const next = new Int32Array(n * classes);
    const fail = new Int32Array(n);
    const out: number[][] = ends.map((e) => e.slice());
    const queue: number[] = [];
    for (let cls = 1; cls < classes; cls++) {
      const child = goto[0].get(cls);
      if (child !== undefined) {
        next[cls] = child;
        queue.push(child);
      }
    }
    for (let head = 0; head < queue.length; head++) {
      const s = queue[head];
      out[s].push(...out[fail[s]]);
      for (let cls = 1; cls < classes; cls++) {
        const child = goto[s].get(cls);
        if (child === undefined) {
          next[s * classes + cls] = next[fail[s] * classes + cls];
        } else {
          fail[child] = next[fail[s] * classes + cls];
          next[s * classes + cls] = child;
          queue.push(child);
        }
      }
    }

    // Renumber: the root stays 0, states with outputs go last, so the loop tests one comparison.
    const order = [...Array(n).keys()].sort((a, b) => Number(out[a].length > 0) - Number(out[b].length > 0) || a - b);
    const renamed = new Int32Array(n);
    order.forEach((old, i) => (renamed[old] = i));
    // States must fit in int32 for steps4's sign trick (a table that large would not fit in memory).
    if (n * classes >= 2 ** 31) throw new Error(`keyword automaton: ${n} states are too many`);
    this.delta = n * classes <= 0x10000 ? new Uint16Array(n * classes) : new Uint32Array(n * classes);
    for (let s = 0; s < n; s++) {
      for (let cls = 0; cls < classes; cls++) this.delta[renamed[s] * classes + cls] = renamed[next[s * classes + cls]] * classes;
    }
    const firstOutput = order.findIndex((s) => out[s].length > 0);
    this.firstOutput = (firstOutput === -1 ? n : firstOutput) * classes;
    this.outputs = order.map((s) => out[s]);
  }

  /**
   * Records the patterns ending at `end` (exclusive) in `state`, into `hits` or, on the first hit
   * of a search, into a new result (allocated only then: most files have no hit at all).
   */
  private emit(hits: AutomatonHits | undefined, state: number, end: number): AutomatonHits {
    hits ??= { present: new Uint8Array(this.patterns.length), keywordsPresent: 0, starts: [] };
    for (const id of this.outputs[state / this.classCount]) {
      if (hits.present[id] === 0) {
        hits.present[id] = 1;
        hits.keywordsPresent += this.isKeyword[id];
      }
      if (this.wantsPositions[id] === 1) (hits.starts[id] ??= []).push(end - this.patterns[id].text.length);
    }
    return hits;
  }

  /**
   * Every pattern occurrence in `bytes`. Bytes >= 0x80 are in no pattern, so for UTF-8 content the
   * hits are those of the decoded text (at byte offsets), and for a latin1 copy of a string they
   * are those of the string (at string offsets).
   */
  search(bytes: Uint8Array): AutomatonHits {
    if (bytes.length < INTERLEAVE_MIN_BYTES || bytes.length < 8 * this.maxLength) {
      return this.run(bytes, 0, 0, bytes.length, 0, undefined).hits ?? NO_HITS;
    }
    return this.searchInterleaved(bytes) ?? NO_HITS;
  }

  /** One DFA run from `state` over `bytes[from, to)`, recording hits that end after `keepAfter`. */
  private run(
    bytes: Uint8Array,
    state: number,
    from: number,
    to: number,
    keepAfter: number,
    hits: AutomatonHits | undefined,
  ): { state: number; hits: AutomatonHits | undefined } {
    const { classOf, delta, firstOutput } = this;
    for (let i = from; i < to; i++) {
      state = delta[state + classOf[bytes[i]]];
      if (state >= firstOutput && i >= keepAfter) hits = this.emit(hits, state, i + 1);
    }
    return { state, hits };
  }

  /**
   * Four DFA runs over the four quarters of `bytes`, advanced together. A DFA step waits for the
   * previous step's table load, so one run is bound by load latency; four independent runs let
   * the CPU overlap their loads. Measured (CPU time) over the text files of the `app` and `langs`
   * fixture images, concatenated (8 and 16 MiB): 8.5 and 17.5 ms against 13.6 and 28 ms for one
   * run; two runs gained about half as much. The hot loop
   * (`steps4`) stops at the first step where any run is in an output state and records nothing
   * itself: a store or call inside the loop keeps V8 from hoisting the typed arrays' bounds and
   * base pointers, which cost as much as the interleaving gains.
   *
   * Quarter k >= 1 starts `maxLength - 1` bytes early, from the root, so that its state is exact
   * from its first own byte on (no pattern is longer); hits ending in that lead-in are the previous
   * quarter's and are dropped. Hits are buffered per quarter and emitted in quarter order, so
   * each pattern's offsets stay ascending.
   */
  private searchInterleaved(bytes: Uint8Array): AutomatonHits | undefined {
    const { firstOutput } = this;
    const n = bytes.length;
    const q = Math.floor(n / 4);
    const lead = this.maxLength - 1;
    const own = [0, q, 2 * q, 3 * q];
    const end = [q, 2 * q, 3 * q, n];
    const from = [0, q - lead, 2 * q - lead, 3 * q - lead];
    const raw: number[][] = [[], [], [], []];
    const states = new Int32Array(4);
    // Every quarter has at least q bytes to scan; the first has exactly q.
    for (let j = 0; j < q; j++) {
      j = steps4(bytes, j, q, from, states, this.classOf, this.delta, firstOutput);
      if (j >= q) break;
      for (let k = 0; k < 4; k++) if (states[k] >= firstOutput) raw[k].push(states[k], from[k] + j + 1);
    }
    let hits: AutomatonHits | undefined;
    for (let k = 0; k < 4; k++) {
      const list = raw[k];
      for (let i = 0; i < list.length; i += 2) if (list[i + 1] > own[k]) hits = this.emit(hits, list[i], list[i + 1]);
      // The quarter's bytes past the common length come after its buffered hits.
      hits = this.run(bytes, states[k], from[k] + q, end[k], own[k], hits).hits;
    }
    return hits;
  }
}

/** Inputs shorter than this are searched by one DFA run (interleaving costs a little setup). */
const INTERLEAVE_MIN_BYTES = 1024;

/**
 * Advances the four runs of `searchInterleaved` (states in `states`, run k reading
 * `bytes[from[k] + j]`) from step `j` until step `stop`, or until a step after which some run is
 * in an output state; returns that step (or `stop`). No stores and no calls inside the loop.
 */
function steps4(
  bytes: Uint8Array,
  j: number,
  stop: number,
  from: readonly number[],
  states: Int32Array,
  classOf: Uint8Array,
  delta: Uint16Array | Uint32Array,
  firstOutput: number,
): number {
  const [f0, f1, f2, f3] = from;
  let s0 = states[0];
  let s1 = states[1];
  let s2 = states[2];
  let s3 = states[3];
  for (; j < stop; j++) {
    s0 = delta[s0 + classOf[bytes[f0 + j]]];
    s1 = delta[s1 + classOf[bytes[f1 + j]]];
    s2 = delta[s2 + classOf[bytes[f2 + j]]];
    s3 = delta[s3 + classOf[bytes[f3 + j]]];
    // Some state >= firstOutput <=> not all four differences are negative (all fit in int32).
    if (((s0 - firstOutput) & (s1 - firstOutput) & (s2 - firstOutput) & (s3 - firstOutput)) >= 0) break;
  }
  states[0] = s0;
  states[1] = s1;
  states[2] = s2;
  states[3] = s3;
  return j;
}

/** ASCII upper-case to lower-case; everything else unchanged. */
function fold(c: number): number {
  return c >= 65 && c <= 90 ? c + 32 : c;
}
