import { posix } from 'node:path';
import { expandWord } from './expand.js';
import type { ContextEntry, CopyTrace } from './context-facts.js';
import { flagValue, type Dockerfile, type Instruction, type Stage } from './model.js';

/**
 * Follows every COPY/ADD of every stage to the context files it selects, so scanners know which
 * files land in which stage. Source matching follows BuildKit: a source is cleaned relative to the
 * context root (`../x` cannot escape it), may use Go `filepath.Match` wildcards per path segment,
 * and a selected directory brings everything below it.
 */
export function traceCopies(df: Dockerfile, files: readonly ContextEntry[]): CopyTrace[] {
  const traces: CopyTrace[] = [];
  const paths = files.map((f) => f.path);
  for (const stage of df.stages) {
    for (const ins of stage.instructions) {
      if (ins.keyword !== 'COPY' && ins.keyword !== 'ADD') continue;
      traces.push(traceOne(df, stage, ins, paths));
    }
  }
  return traces;
}

function traceOne(df: Dockerfile, stage: Stage, ins: Instruction, paths: string[]): CopyTrace {
  const words = ins.jsonForm ? ins.args : ins.args.map((w) => expandWord(w, ins.vars, df.escapeChar).value);
  const expandedWords = ins.jsonForm ? words.map((w) => expandWord(w, ins.vars, df.escapeChar).value) : words;
  const heredocNames = new Set(ins.heredocs.map((h) => h.name));
  const dest = expandedWords.length > 1 ? expandedWords[expandedWords.length - 1]! : '';
  const sources = expandedWords.slice(0, -1).filter((s) => !isHeredocMarker(s, heredocNames));
  const fromValue = flagValue(ins, 'from');
  const from = fromValue === undefined ? undefined : resolveFrom(df, stage, expandWord(fromValue, ins.vars, df.escapeChar).value);
  const excludes = ins.flags.filter((f) => f.name === 'exclude' && f.value).map((f) => compileSource(cleanSource(f.value!)));
  const trace: CopyTrace = { instruction: ins, stage: stage.index, from, sources, files: [], broad: false, dest };
  if (from) return trace;
  const selected = new Set<string>();
  for (const src of sources) {
    if (isRemote(src)) continue;
    const clean = cleanSource(src);
    if (clean === '' || clean === '*') trace.broad = true;
    const matcher = compileSource(clean);
    // BuildKit matches --exclude patterns against paths relative to the copied source.
    const relToSource = (p: string) => (clean !== '' && p.startsWith(clean + '/') ? p.slice(clean.length + 1) : clean === '' ? p : p.slice(p.lastIndexOf('/') + 1));
    for (const p of paths) if (matcher(p) && !excludes.some((ex) => ex(relToSource(p)))) selected.add(p);
  }
  trace.files = [...selected].sort();
  return trace;
}

function isHeredocMarker(word: string, names: Set<string>): boolean {
  const m = /^<<-?(["']?)([A-Za-z0-9_]+)\1$/.exec(word);
  return m !== null && (names.size === 0 || names.has(m[2]!));
}

export function isRemote(src: string): boolean {
  return /^(https?|git|ssh):\/\//i.test(src) || /^git@/.test(src) || /\.git(#.*)?$/.test(src) && /^[a-z]+:\/\//i.test(src);
}

function resolveFrom(df: Dockerfile, stage: Stage, value: string): CopyTrace['from'] {
  const lower = value.toLowerCase();
  const byName = df.stages.findIndex((s) => s.index < stage.index && s.name === lower);
  if (byName >= 0) return { kind: 'stage', stage: byName };
  if (/^\d+$/.test(value) && Number(value) < stage.index) return { kind: 'stage', stage: Number(value) };
  return { kind: 'image', image: value };
}

/** Cleans a source like BuildKit: rooted at the context, `.`/`..` resolved, no leading `/`. */
export function cleanSource(src: string): string {
  const cleaned = posix.normalize('/' + src.replace(/\\/g, '/')).replace(/^\/+/, '').replace(/\/+$/, '');
  return cleaned === '.' ? '' : cleaned;
}

/** A predicate telling whether a context path is copied by the source pattern. */
export function compileSource(clean: string): (path: string) => boolean {
  if (clean === '') return () => true;
  if (!/[*?[\\]/.test(clean)) return (p) => p === clean || p.startsWith(clean + '/');
  const segs = clean.split('/').map((s) => (s === '**' ? DOUBLE_STAR : segmentRegExp(s)));
  // A prefix of the path must match all segments (the rest lies below a matched directory);
  // `**` matches any number of segments, including none.
  const match = (parts: string[], pi: number, si: number): boolean => {
    if (si === segs.length) return true;
    const seg = segs[si]!;
    if (seg === DOUBLE_STAR) {
      for (let k = pi; k <= parts.length; k++) if (match(parts, k, si + 1)) return true;
      return false;
    }
    return pi < parts.length && seg.test(parts[pi]!) && match(parts, pi + 1, si + 1);
  };
  return (p) => match(p.split('/'), 0, 0);
}

const DOUBLE_STAR = /(?:)/;

/** Go `filepath.Match` for one path segment. */
function segmentRegExp(seg: string): RegExp {
  let re = '^';
  for (let i = 0; i < seg.length; i++) {
    const c = seg[i]!;
    if (c === '\\' && i + 1 < seg.length) re += escapeRe(seg[++i]!);
    else if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else if (c === '[') {
      const close = seg.indexOf(']', i + 2);
      if (close < 0) {
        re += '\\[';
        continue;
      }
      let cls = seg.slice(i + 1, close);
      if (cls.startsWith('^') || cls.startsWith('!')) cls = '^' + cls.slice(1);
      re += '[' + cls.replace(/\\(?!\])/g, '\\\\') + ']';
      i = close;
    } else re += escapeRe(c);
  }
  return new RegExp(re + '$', 's');
}

function escapeRe(c: string): string {
  return c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

/** Stages whose filesystem the final image is built on (the final stage and its FROM ancestors). */
export function finalLineage(df: Dockerfile): Set<number> {
  const out = new Set<number>();
  let s: Stage | undefined = df.stages[df.stages.length - 1];
  while (s && !out.has(s.index)) {
    out.add(s.index);
    s = s.base.kind === 'stage' ? df.stages[s.base.stage] : undefined;
  }
  return out;
}
