import { isAscii } from 'node:buffer';
import { severityRank } from '../../findings/severity.js';
import { allowlistReason } from './allowlist.js';
import { shannonEntropy } from './entropy.js';
import { LineIndex } from './line-index.js';
import { startAnchors } from './anchors.js';
import { KeywordAutomaton, type AutomatonHits, type AutomatonPattern } from './keyword-automaton.js';
import { CombinedKeywordPrefilter, presentKeywordsByIndexOf, type PrefilterStrategy } from './prefilter.js';
import { redact, redactLine, type LineSpan } from './redact.js';
import { SECRET_RULES } from './rules/index.js';
import type { AllowlistedHit, ScanOptions, SecretMatch, SecretRule, SecretScanResult } from './types.js';

/**
 * The secret engine: text in, redacted matches out. It knows nothing about Dockerfiles, tar
 * streams or images; callers hand it file contents and a path.
 *
 * Pipeline: binary check (buffers) -> size cap -> keyword prefilter -> rule regexes -> validators
 * and allow list -> overlap de-duplication -> line/column and redaction.
 */

/** Default cap: only the first 10 MiB of a file are scanned. */
export const DEFAULT_MAX_BYTES = 10 * 1024 * 1024;
/** Buffers with a NUL byte in this many leading bytes are treated as binary and skipped. */
export const BINARY_SNIFF_BYTES = 8 * 1024;
/** Context lines longer than this are clipped around the match (minified files have MB lines). */
const CONTEXT_RADIUS = 80;

/**
 * Which prefilter the engine uses. Measured with `measureSecretThroughput` (bench-helper.ts) on
 * Node 20, 10 MiB of `generateCorpus` text: one alternation regex over all keywords costs ~50 ms
 * per 10 MiB (plus ~7 ms to lower-case the text); one `indexOf` per keyword (~70 of them) costs
 * ~230 ms, more than running the rule regexes without any prefilter, because V8 searches a
 * literal-prefixed regex as fast as `indexOf`. Both only decide *which* rules run; each active rule
 * still scans the whole text, and in a big source file nearly every rule is active.
 *
 * `automaton` (the default) finds keywords and rule start anchors in one Aho-Corasick pass over
 * bytes (keyword-automaton.ts: ~28 ms per 10 MiB of that text, ~1.5 ms per MiB of real image
 * text; for buffers it runs before decoding, so files without a keyword are never decoded), then
 * tries each active rule only where one of its start anchors occurs (anchors.ts). Measured with
 * `measureSecretThroughput` and bench/secret-image.ts (CPU time, medians, speed-up over no
 * prefilter): combined-regex ~1.4x on the synthetic corpus and ~2.1x on the text of the `app` and
 * `langs` fixture images; automaton ~3.4x on the corpus, ~4.9x (`app`) and ~6.3x (`langs`).
 */
export const PREFILTER_STRATEGY: PrefilterStrategy = 'automaton';

interface CompiledRule {
  rule: SecretRule;
  /** `g` only: the `d` flag (match indices) doubles the cost of rules with many hits. */
  regex: RegExp;
  /** Same pattern with `dy`, re-run at a hit only when the secret's offset is ambiguous. */
  withIndices: RegExp;
  /** Same pattern with `y`, tried at each start anchor. */
  sticky: RegExp;
  publicPrefix?: RegExp;
  /** Automaton pattern ids of the rule's keywords. */
  keywordIds: number[];
  /** Automaton pattern ids of the rule's start anchors; undefined: the rule scans the whole text. */
  anchorIds?: number[];
  /** Runs whatever the automaton finds (see `unconditional`). */
  always: boolean;
}

interface CompiledRuleSet {
  rules: CompiledRule[];
  keywords: string[];
  combined: CombinedKeywordPrefilter;
  /** Keywords and start anchors of every rule, one pattern per distinct literal. */
  automaton: KeywordAutomaton;
  /** Some rule runs whatever the automaton finds. */
  anyAlways: boolean;
}

/**
 * Rules the automaton cannot gate: without keywords, with a non-ASCII keyword (the automaton is
 * ASCII), or with `i` and `u`/`v` flags (Unicode case folding matches `K` (Kelvin) for `k`, which
 * the former lower-casing prefilter caught and an ASCII search does not). They run, over the whole
 * text, on every file. No built-in rule is one of them.
 */
function unconditional(rule: SecretRule): boolean {
  if (rule.keywords.length === 0 || rule.keywords.some((k) => !/^[\x00-\x7f]+$/.test(k))) return true;
  return rule.pattern.flags.includes('i') && /[uv]/.test(rule.pattern.flags);
}

const compiledSets = new WeakMap<readonly SecretRule[], CompiledRuleSet>();

function compile(rules: readonly SecretRule[]): CompiledRuleSet {
  const cached = compiledSets.get(rules);
  if (cached) return cached;
  // One automaton pattern per distinct literal, whether a keyword, an anchor or both.
  const patternIds = new Map<string, number>();
  const patterns: AutomatonPattern[] = [];
  const idOf = (text: string, role: 'keyword' | 'anchor'): number => {
    let id = patternIds.get(text);
    if (id === undefined) {
      id = patterns.push({ text, positions: false, keyword: false }) - 1;
      patternIds.set(text, id);
    }
    if (role === 'anchor') patterns[id].positions = true;
    else patterns[id].keyword = true;
    return id;
  };
  const compiled = rules.map((rule): CompiledRule => {
    if (!rule.pattern.source.includes('(?<secret>')) {
      throw new Error(`secret rule ${rule.id} has no named group "secret"`);
    }
    // Keep only the flags that change what matches; add `g` (iterate), `y` (try at an anchor) or
    // `dy` (indices at a hit).
    const flags = rule.pattern.flags.replace(/[^imsu]/g, '');
    const always = unconditional(rule);
    const anchors = always ? undefined : startAnchors(rule.pattern);
    return {
      rule,
      regex: new RegExp(rule.pattern.source, 'g' + flags),
      withIndices: new RegExp(rule.pattern.source, 'dy' + flags),
      sticky: new RegExp(rule.pattern.source, 'y' + flags),
      publicPrefix: rule.publicPrefix,
      keywordIds: always ? [] : rule.keywords.map((k) => idOf(k, 'keyword')),
      anchorIds: anchors?.map((a) => idOf(a, 'anchor')),
      always,
    };
  });
  const keywords = [...new Set(rules.flatMap((r) => r.keywords))];
  const set: CompiledRuleSet = {
    rules: compiled,
    keywords,
    combined: new CombinedKeywordPrefilter(keywords),
    automaton: new KeywordAutomaton(patterns),
    anyAlways: compiled.some((c) => c.always),
  };
  compiledSets.set(rules, set);
  return set;
}

/** A rule hit that passed its checks, before de-duplication and positioning. */
interface Candidate {
  compiled: CompiledRule;
  /** Reported span: the secret, or for `pem` rules the whole block from BEGIN. */
  start: number;
  end: number;
  secretStart: number;
  secretEnd: number;
  secret: string;
  begin?: string;
  order: number;
}

function isAlnum(code: number): boolean {
  return (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122);
}

/**
 * Offset of the `secret` group of hit `m`. When the secret occurs once in the match its position
 * is certain; otherwise the pattern is re-run with match indices at the same offset (rare).
 */
function secretOffset(compiled: CompiledRule, text: string, m: RegExpExecArray, secret: string): number {
  const first = m[0].indexOf(secret);
  if (first !== -1 && m[0].indexOf(secret, first + 1) === -1) return m.index + first;
  const re = compiled.withIndices;
  re.lastIndex = m.index;
  const exact = re.exec(text)?.indices?.groups?.secret;
  return exact ? exact[0] : m.index + Math.max(0, first);
}

/** A rule to run, and where: at `starts` (ascending offsets) only, or everywhere when undefined. */
interface RulePlan {
  compiled: CompiledRule;
  starts?: ArrayLike<number>;
}

/**
 * Calls `onMatch` for each non-empty match of the rule, exactly as iterating its `g` regex over the
 * whole text would. With `starts` the sticky regex is tried only at those offsets: the `g` scan from
 * offset L returns the first offset >= L where the pattern matches, and when the pattern can only
 * match at `starts`, that is the first start >= L where the sticky regex matches.
 */
function forEachMatch(plan: RulePlan, text: string, onMatch: (m: RegExpExecArray) => void): void {
  const { compiled, starts } = plan;
  let m: RegExpExecArray | null;
  if (starts === undefined) {
    const { regex } = compiled;
    regex.lastIndex = 0;
    while ((m = regex.exec(text)) !== null) {
      if (m[0].length === 0) regex.lastIndex++;
      else onMatch(m);
    }
    return;
  }
  const { sticky } = compiled;
  let from = 0;
  for (let i = 0; i < starts.length; i++) {
    const at = starts[i];
    if (at < from) continue;
    sticky.lastIndex = at;
    if ((m = sticky.exec(text)) === null) continue;
    if (m[0].length === 0) {
      from = at + 1;
      continue;
    }
    from = at + m[0].length;
    onMatch(m);
  }
}

function findCandidates(
  text: string,
  path: string | undefined,
  plans: readonly RulePlan[],
  allowlisted: Array<{ candidate: Candidate; reason: string }>,
): Candidate[] {
  const out: Candidate[] = [];
  let order = 0;
  for (const plan of plans) {
    const { compiled } = plan;
    const { rule } = compiled;
    forEachMatch(plan, text, (m) => {
      if (rule.leftBoundary !== false && m.index > 0 && isAlnum(text.charCodeAt(m.index - 1))) return;
      const groups = m.groups ?? {};
      const secret = groups.secret;
      if (secret === undefined) return;
      if (rule.minEntropy !== undefined && shannonEntropy(secret) < rule.minEntropy) return;
      if (rule.validate && !rule.validate(secret, { text, matchStart: m.index, match: m[0], groups, path })) return;
      const secretStart = secretOffset(compiled, text, m, secret);
      const pem = rule.display === 'pem';
      const candidate: Candidate = {
        compiled,
        // A PEM hit is reported from its BEGIN marker, which every `pem` pattern starts with or
        // (for JSON-embedded keys) contains once.
        start: pem ? m.index + Math.max(0, m[0].indexOf('-----BEGIN')) : secretStart,
        end: pem ? m.index + m[0].length : secretStart + secret.length,
        secretStart,
        secretEnd: secretStart + secret.length,
        secret,
        begin: groups.begin,
        order: order++,
      };
      const reason = allowlistReason(secret);
      if (reason !== undefined) allowlisted.push({ candidate, reason });
      else out.push(candidate);
    });
  }
  return out;
}

/**
 * Keeps one match per overlapping region: the more specific rule (priority), then the more severe,
 * then the longer span. A GitHub token inside `token = "ghp_..."` is reported once, as GitHub.
 */
function dedupe(candidates: Candidate[]): Candidate[] {
  if (candidates.length < 2) return candidates;
  const ranked = candidates.slice().sort(
    (a, b) =>
      b.compiled.rule.priority - a.compiled.rule.priority ||
      severityRank(b.compiled.rule.severity) - severityRank(a.compiled.rule.severity) ||
      b.end - b.start - (a.end - a.start) ||
      a.start - b.start ||
      a.order - b.order,
  );
  // Accepted spans are kept sorted by start and never overlap, so one binary search decides.
  const accepted: Candidate[] = [];
  for (const c of ranked) {
    let lo = 0;
    let hi = accepted.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (accepted[mid].start < c.start) lo = mid + 1;
      else hi = mid;
    }
    const before = accepted[lo - 1];
    const after = accepted[lo];
    if ((before && before.end > c.start) || (after && after.start < c.end)) continue;
    accepted.splice(lo, 0, c);
  }
  return accepted;
}

function prefixLength(c: Candidate): number {
  const m = c.compiled.publicPrefix?.exec(c.secret);
  return m && m.index === 0 ? m[0].length : 0;
}

function redactedValue(c: Candidate): string {
  if (c.compiled.rule.display === 'pem') return c.begin ?? '-----BEGIN PRIVATE KEY-----';
  return redact(c.secret, { publicPrefixLength: prefixLength(c) });
}

/** The line of `c`'s start, every known secret on it masked, clipped around `c`. */
function contextLine(c: Candidate, lines: LineIndex, all: readonly Candidate[]): string {
  const lineIndex = lines.lineIndexOf(c.start);
  const lineStart = lines.lineStart(lineIndex);
  const line = lines.lineText(lineIndex);
  const lineEnd = lineStart + line.length;
  const spans: LineSpan[] = [];
  for (const other of all) {
    if (other.secretEnd <= lineStart || other.secretStart >= lineEnd) continue;
    spans.push({
      start: other.secretStart - lineStart,
      end: other.secretEnd - lineStart,
      full: other.compiled.rule.display === 'pem',
      publicPrefixLength: prefixLength(other),
    });
  }
  const focusStart = Math.max(0, c.start - lineStart);
  const focusEnd = Math.min(line.length, Math.max(focusStart, c.end - lineStart));
  const from = Math.max(0, focusStart - CONTEXT_RADIUS);
  const to = Math.min(line.length, focusEnd + CONTEXT_RADIUS);
  const window = line.slice(from, to);
  const shifted = spans.map((s) => ({ ...s, start: s.start - from, end: s.end - from }));
  return (from > 0 ? '…' : '') + redactLine(window, shifted).trim() + (to < line.length ? '…' : '');
}

function toMatch(c: Candidate, lines: LineIndex, all: readonly Candidate[]): SecretMatch {
  const { rule } = c.compiled;
  const first = lines.position(c.start);
  const last = lines.position(Math.max(c.start, c.end - 1));
  return {
    ruleId: rule.id,
    ruleName: rule.name,
    title: rule.title,
    severity: rule.severity,
    line: first.line,
    column: first.column,
    endLine: last.line,
    endColumn: last.column + 1,
    redacted: redactedValue(c),
    context: contextLine(c, lines, all),
    aliases: rule.aliases,
    remediation: rule.remediation,
    entropy: Math.round(shannonEntropy(c.secret) * 100) / 100,
  };
}

interface CoreOptions {
  rules: readonly SecretRule[];
  path?: string;
  prefilter: PrefilterStrategy | 'none';
}

/** Ascending union of the start offsets of `ids` (each list is ascending already). */
function mergedStarts(hits: AutomatonHits, ids: readonly number[]): ArrayLike<number> {
  if (ids.length === 1) return hits.starts[ids[0]] ?? [];
  let total = 0;
  for (const id of ids) total += hits.starts[id]?.length ?? 0;
  const merged = new Int32Array(total);
  let at = 0;
  for (const id of ids) {
    const list = hits.starts[id] ?? [];
    for (let i = 0; i < list.length; i++) merged[at++] = list[i];
  }
  // No offset repeats: two anchors starting at one offset would make one a prefix of the other,
  // and startAnchors drops such anchors.
  return merged.sort();
}

/** The rules to run and where, from an automaton search of the text. */
function planFromAutomaton(set: CompiledRuleSet, hits: AutomatonHits): RulePlan[] {
  const plans: RulePlan[] = [];
  if (hits.keywordsPresent === 0 && !set.anyAlways) return plans;
  for (const compiled of set.rules) {
    if (!compiled.always && !compiled.keywordIds.some((id) => hits.present[id] === 1)) continue;
    plans.push({ compiled, starts: compiled.anchorIds && mergedStarts(hits, compiled.anchorIds) });
  }
  return plans;
}

/** The rules whose keywords occur, each to run over the whole text (the older prefilters). */
function planFromKeywords(set: CompiledRuleSet, text: string, prefilter: 'indexOf' | 'combined-regex'): RulePlan[] {
  // Lower-case once; every keyword is lower-case, so one pass serves all rules.
  const lower = text.toLowerCase();
  const present = prefilter === 'indexOf' ? presentKeywordsByIndexOf(lower, set.keywords) : set.combined.present(lower);
  return set.rules.filter((c) => c.rule.keywords.some((k) => present.has(k))).map((compiled) => ({ compiled }));
}

/**
 * Scratch buffer for `searchText`, grown to the largest text seen (in 64 KiB steps; at most the
 * size cap, 10 MiB by default). Writing into it costs ~0.4 ms per 10 MiB; a fresh
 * `Buffer.from(text, 'latin1')` costs ~8 ms (allocation and first-touch page faults), about as
 * much as the search itself.
 */
let scratch = Buffer.alloc(0);
const SCRATCH_STEP = 64 * 1024;

/**
 * Automaton hits of a string, at string offsets. The string is written as latin1 (one byte per
 * UTF-16 unit, so offsets match): ASCII stays itself, and a unit >= 0x100 truncated to an ASCII
 * byte can only add a spurious hit, which costs one failed regex attempt and changes no result
 * (a regex tried where it cannot match finds nothing; where it can, the whole-text scan would too).
 */
function searchText(automaton: KeywordAutomaton, text: string): AutomatonHits {
  if (scratch.length < text.length) scratch = Buffer.allocUnsafe(Math.ceil(text.length / SCRATCH_STEP) * SCRATCH_STEP);
  const written = scratch.write(text, 0, 'latin1');
  return automaton.search(scratch.subarray(0, written));
}

const NOTHING = (): { matches: SecretMatch[]; allowlisted: AllowlistedHit[] } => ({ matches: [], allowlisted: [] });

/**
 * `hits`: an automaton search already made over the same text (offsets must be `text` offsets);
 * only used with the `automaton` prefilter.
 */
function scanCore(
  text: string,
  opts: CoreOptions,
  hits?: AutomatonHits,
): { matches: SecretMatch[]; allowlisted: AllowlistedHit[] } {
  const set = compile(opts.rules);
  let plans: RulePlan[];
  if (opts.prefilter === 'none') plans = set.rules.map((compiled) => ({ compiled }));
  else if (opts.prefilter === 'automaton') plans = planFromAutomaton(set, hits ?? searchText(set.automaton, text));
  else plans = planFromKeywords(set, text, opts.prefilter);
  if (plans.length === 0) return NOTHING();
  const allowed: Array<{ candidate: Candidate; reason: string }> = [];
  const candidates = dedupe(findCandidates(text, opts.path, plans, allowed));
  if (candidates.length === 0 && allowed.length === 0) return NOTHING();
  const lines = new LineIndex(text);
  const matches = candidates
    .sort((a, b) => a.start - b.start || a.order - b.order)
    .map((c) => toMatch(c, lines, candidates));
  const allowlisted = allowed.map(({ candidate, reason }) => ({
    ruleId: candidate.compiled.rule.id,
    line: lines.position(candidate.start).line,
    redacted: redactedValue(candidate),
    reason,
  }));
  return { matches, allowlisted };
}

function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

function detailedText(text: string, opts: ScanOptions, prefilter: PrefilterStrategy | 'none'): SecretScanResult {
  const max = opts.maxBytes ?? DEFAULT_MAX_BYTES;
  const truncated = text.length > max;
  const scanned = stripBom(truncated ? text.slice(0, max) : text);
  const { matches, allowlisted } = scanCore(scanned, { rules: opts.rules ?? SECRET_RULES, path: opts.path, prefilter });
  return { path: opts.path, matches, truncated, scannedSize: Math.min(text.length, max), allowlisted };
}

/**
 * The UTF-16 encoding a byte order mark announces. Windows tools write UTF-16 (PowerShell 5's `>`
 * and `Out-File` write UTF-16LE with a BOM, so an `.env` made that way is one): its ASCII
 * characters carry a NUL byte each, which would make it look binary.
 */
export function utf16Encoding(buf: Uint8Array): 'utf-16le' | 'utf-16be' | undefined {
  if (buf.length < 2) return undefined;
  if (buf[0] === 0xff && buf[1] === 0xfe) return 'utf-16le';
  if (buf[0] === 0xfe && buf[1] === 0xff) return 'utf-16be';
  return undefined;
}

/**
 * True when the first 8 KiB of `buf` contain a NUL byte (how git and grep tell binary files),
 * unless a UTF-16 byte order mark says it is text.
 */
export function looksBinary(buf: Uint8Array): boolean {
  return buf.subarray(0, BINARY_SNIFF_BYTES).includes(0) && utf16Encoding(buf) === undefined;
}

/** A text file's contents as a string: UTF-16 when its BOM says so, else UTF-8; the BOM dropped. */
export function decodeText(buf: Uint8Array): string {
  const utf16 = utf16Encoding(buf);
  // TextDecoder drops the BOM and turns a cut last character into U+FFFD.
  if (utf16) return new TextDecoder(utf16).decode(buf);
  return stripBom(Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength).toString('utf8'));
}

/** Scans a string; returns matches plus what was truncated or allow-listed. */
export function scanTextDetailed(text: string, opts: ScanOptions = {}): SecretScanResult {
  return detailedText(text, opts, PREFILTER_STRATEGY);
}

function detailedBuffer(buf: Buffer, opts: ScanOptions, prefilter: PrefilterStrategy | 'none'): SecretScanResult {
  if (looksBinary(buf)) {
    return { path: opts.path, matches: [], skipped: 'binary', truncated: false, scannedSize: 0, allowlisted: [] };
  }
  const max = opts.maxBytes ?? DEFAULT_MAX_BYTES;
  const truncated = buf.length > max;
  const slice = truncated ? buf.subarray(0, max) : buf;
  const rules = opts.rules ?? SECRET_RULES;
  const result = (found: { matches: SecretMatch[]; allowlisted: AllowlistedHit[] }): SecretScanResult => ({
    path: opts.path,
    ...found,
    truncated,
    scannedSize: slice.length,
  });
  if (utf16Encoding(slice)) {
    // Rare enough that the byte-level prefilter is not worth a UTF-16 variant: decode, then scan as text.
    return result(scanCore(decodeText(slice), { rules, path: opts.path, prefilter }));
  }
  const ascii = isAscii(slice);
  let hits: AutomatonHits | undefined;
  if (prefilter === 'automaton' && ascii) {
    // ASCII (most files): search the raw bytes first, so that files without a keyword are never
    // decoded; byte offsets are string offsets, so the hits serve the rule runs too.
    // Other content is decoded first and searched once, as text, in scanCore. Measured on the
    // `app` and `langs` fixture images: non-ASCII files are mostly large ones that do hold a
    // keyword, so searching their bytes first saves little decoding, and then their hits need a
    // second search (or a byte-to-UTF-16 offset pass, tried: ~1.5 ns/byte) on the text.
    const set = compile(rules);
    hits = set.automaton.search(slice);
    if (hits.keywordsPresent === 0 && !set.anyAlways) return result(NOTHING());
  }
  return result(scanCore(decode(slice, ascii), { rules, path: opts.path, prefilter }, hits));
}

/**
 * UTF-8 text of `bytes` without a BOM. ASCII is decoded as latin1, which gives the same string
 * ~2.5x faster (V8 copies one-byte strings instead of running the UTF-8 decoder); both modes of
 * the benchmark decode this way. Decoding after the size cap may cut a multi-byte character,
 * which becomes U+FFFD: harmless.
 */
function decode(bytes: Buffer, ascii: boolean): string {
  return ascii ? bytes.toString('latin1') : stripBom(bytes.toString('utf8'));
}

/** Scans file contents: skips binary buffers, caps the size, decodes UTF-8, then scans. */
export function scanBufferDetailed(buf: Buffer, opts: ScanOptions = {}): SecretScanResult {
  return detailedBuffer(buf, opts, PREFILTER_STRATEGY);
}

/** Secrets in `text`, in text order. */
export function scanText(text: string, opts: ScanOptions = {}): SecretMatch[] {
  return scanTextDetailed(text, opts).matches;
}

/** Secrets in file contents; empty for binary content. See `scanBufferDetailed` for the flags. */
export function scanBuffer(buf: Buffer, opts: ScanOptions = {}): SecretMatch[] {
  return scanBufferDetailed(buf, opts).matches;
}

/**
 * Same as `scanText` but runs every rule regex over the whole text, without the keyword
 * prefilter. Exists so the benchmark and the tests can prove the prefilter changes speed only.
 */
export function scanTextNoPrefilter(text: string, opts: ScanOptions = {}): SecretMatch[] {
  return detailedText(text, opts, 'none').matches;
}

/** `scanBuffer` without the keyword prefilter (binary check, cap and decoding as usual); for the benchmark. */
export function scanBufferNoPrefilter(buf: Buffer, opts: ScanOptions = {}): SecretMatch[] {
  return detailedBuffer(buf, opts, 'none').matches;
}

/** `scanBuffer` with an explicit prefilter strategy, for benchmarks and equivalence tests. */
export function scanBufferWithPrefilter(buf: Buffer, strategy: PrefilterStrategy, opts: ScanOptions = {}): SecretMatch[] {
  return detailedBuffer(buf, opts, strategy).matches;
}

/** `scanText` with an explicit prefilter strategy, for benchmarking the strategies. */
export function scanTextWithPrefilter(text: string, strategy: PrefilterStrategy, opts: ScanOptions = {}): SecretMatch[] {
  return detailedText(text, opts, strategy).matches;
}
