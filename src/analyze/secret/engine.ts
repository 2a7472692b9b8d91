import { severityRank } from '../../findings/severity.js';
import { allowlistReason } from './allowlist.js';
import { shannonEntropy } from './entropy.js';
import { LineIndex } from './line-index.js';
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
 * per 10 MiB; one `indexOf` per keyword (~70 of them) costs ~230 ms, more than running the rule
 * regexes without any prefilter, because V8 searches a literal-prefixed regex as fast as `indexOf`.
 */
export const PREFILTER_STRATEGY: PrefilterStrategy = 'combined-regex';

interface CompiledRule {
  rule: SecretRule;
  /** `g` only: the `d` flag (match indices) doubles the cost of rules with many hits. */
  regex: RegExp;
  /** Same pattern with `dy`, re-run at a hit only when the secret's offset is ambiguous. */
  withIndices: RegExp;
  publicPrefix?: RegExp;
}

interface CompiledRuleSet {
  rules: CompiledRule[];
  keywords: string[];
  combined: CombinedKeywordPrefilter;
}

const compiledSets = new WeakMap<readonly SecretRule[], CompiledRuleSet>();

function compile(rules: readonly SecretRule[]): CompiledRuleSet {
  const cached = compiledSets.get(rules);
  if (cached) return cached;
  const compiled = rules.map((rule): CompiledRule => {
    if (!rule.pattern.source.includes('(?<secret>')) {
      throw new Error(`secret rule ${rule.id} has no named group "secret"`);
    }
    // Keep only the flags that change what matches; add `g` (iterate) or `dy` (indices at a hit).
    const flags = rule.pattern.flags.replace(/[^imsu]/g, '');
    return {
      rule,
      regex: new RegExp(rule.pattern.source, 'g' + flags),
      withIndices: new RegExp(rule.pattern.source, 'dy' + flags),
      publicPrefix: rule.publicPrefix,
    };
  });
  const keywords = [...new Set(rules.flatMap((r) => r.keywords))];
  const set = { rules: compiled, keywords, combined: new CombinedKeywordPrefilter(keywords) };
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

function findCandidates(
  text: string,
  path: string | undefined,
  rules: readonly CompiledRule[],
  allowlisted: Array<{ candidate: Candidate; reason: string }>,
): Candidate[] {
  const out: Candidate[] = [];
  let order = 0;
  for (const compiled of rules) {
    const { rule, regex } = compiled;
    regex.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = regex.exec(text)) !== null) {
      if (m[0].length === 0) {
        regex.lastIndex++;
        continue;
      }
      if (rule.leftBoundary !== false && m.index > 0 && isAlnum(text.charCodeAt(m.index - 1))) continue;
      const groups = m.groups ?? {};
      const secret = groups.secret;
      if (secret === undefined) continue;
      if (rule.minEntropy !== undefined && shannonEntropy(secret) < rule.minEntropy) continue;
      if (rule.validate && !rule.validate(secret, { text, matchStart: m.index, match: m[0], groups, path })) continue;
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
    }
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

function scanCore(text: string, opts: CoreOptions): { matches: SecretMatch[]; allowlisted: AllowlistedHit[] } {
  const set = compile(opts.rules);
  let active = set.rules;
  if (opts.prefilter !== 'none') {
    // Lower-case once; every keyword is lower-case, so one pass serves all rules.
    const lower = text.toLowerCase();
    const present =
      opts.prefilter === 'indexOf'
        ? presentKeywordsByIndexOf(lower, set.keywords)
        : set.combined.present(lower);
    if (present.size === 0) return { matches: [], allowlisted: [] };
    active = set.rules.filter((c) => c.rule.keywords.some((k) => present.has(k)));
  }
  const allowed: Array<{ candidate: Candidate; reason: string }> = [];
  const candidates = dedupe(findCandidates(text, opts.path, active, allowed));
  if (candidates.length === 0 && allowed.length === 0) return { matches: [], allowlisted: [] };
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

/** True when the first 8 KiB of `buf` contain a NUL byte (how git and grep tell binary files). */
export function looksBinary(buf: Uint8Array): boolean {
  return buf.subarray(0, BINARY_SNIFF_BYTES).includes(0);
}

/** Scans a string; returns matches plus what was truncated or allow-listed. */
export function scanTextDetailed(text: string, opts: ScanOptions = {}): SecretScanResult {
  return detailedText(text, opts, PREFILTER_STRATEGY);
}

/** Scans file contents: skips binary buffers, caps the size, decodes UTF-8, then scans. */
export function scanBufferDetailed(buf: Buffer, opts: ScanOptions = {}): SecretScanResult {
  if (looksBinary(buf)) {
    return { path: opts.path, matches: [], skipped: 'binary', truncated: false, scannedSize: 0, allowlisted: [] };
  }
  const max = opts.maxBytes ?? DEFAULT_MAX_BYTES;
  const truncated = buf.length > max;
  const slice = truncated ? buf.subarray(0, max) : buf;
  // Decode after capping: a multi-byte character cut at the cap becomes U+FFFD, which is harmless.
  const text = stripBom(slice.toString('utf8'));
  const { matches, allowlisted } = scanCore(text, { rules: opts.rules ?? SECRET_RULES, path: opts.path, prefilter: PREFILTER_STRATEGY });
  return { path: opts.path, matches, truncated, scannedSize: slice.length, allowlisted };
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

/** `scanText` with an explicit prefilter strategy, for benchmarking the two strategies. */
export function scanTextWithPrefilter(text: string, strategy: PrefilterStrategy, opts: ScanOptions = {}): SecretMatch[] {
  return detailedText(text, opts, strategy).matches;
}
