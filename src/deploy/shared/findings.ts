import type { Finding, Target } from '../../findings/types.js';
import { toFinding } from '../../scan/to-finding.js';
import type { DeployOptions, DeployRule } from '../types.js';

/**
 * The part the Compose, Nomad, `docker run` and daemon scanners share: run the rules on a model,
 * turn hits into findings, merge duplicates, honour inline suppressions, and build the target.
 */

/** Files larger than this (in UTF-16 units) are not parsed: no real manifest is that big. */
export const MAX_FILE_CHARS = 4 * 1024 * 1024;

/**
 * `# leftshift:ignore=ID[,ID] reason` (or `// leftshift:ignore=...` in HCL and Groovy), on the
 * comment lines directly above the offending line. Rule ids and aliases both work, with or without
 * the tool prefix (`kics:d6355c88-…`, `5.32`); `ALL` matches every rule.
 */
const DIRECTIVE = /^(?:#|\/\/)\s*leftshift:ignore[=\s]\s*([A-Za-z0-9_.:\-]+(?:\s*,\s*[A-Za-z0-9_.:\-]+)*)(?:\s+(.*))?$/;

interface Directive {
  ids: Set<string>;
  reason: string;
  line: number;
}

/** A range of lines one comment above its first line covers (a service, a task, a multi-line command). */
export interface Scope {
  start: number;
  end: number;
}

/** Directives in the comment block directly above `line` (1-based). */
function directivesAbove(lines: readonly string[], line: number): Directive[] {
  const out: Directive[] = [];
  for (let l = line - 2; l >= 0; l--) {
    const t = (lines[l] ?? '').trim().replace(/^-\s+(?=#)/, '');
    if (!t.startsWith('#') && !t.startsWith('//')) break;
    const m = DIRECTIVE.exec(t);
    if (!m) continue;
    out.push({ ids: new Set(m[1]!.split(/\s*,\s*/).map((s) => s.toUpperCase())), reason: (m[2] ?? '').trim(), line: l + 1 });
  }
  return out;
}

export interface SuppressionSource {
  lines: readonly string[];
  scopes: readonly Scope[];
}

/**
 * Marks findings suppressed by a directive above their line, or above the first line of a scope
 * that contains it (so one comment above a service or a `docker run` covers all of it).
 */
export function applyInlineSuppressions(findings: Finding[], sources: ReadonlyMap<string, SuppressionSource>): void {
  const sorted = new Map<string, Scope[]>();
  for (const f of findings) {
    const line = f.location.line;
    const src = sources.get(f.location.path);
    if (f.suppressed || line === undefined || !src) continue;
    let scopes = sorted.get(f.location.path);
    if (!scopes) sorted.set(f.location.path, (scopes = [...src.scopes].sort((a, b) => a.start - b.start)));
    const candidates = [line, ...scopesAround(scopes, line).map((s) => s.start)];
    const ids = [f.ruleId, ...f.aliases, ...f.aliases.map((a) => a.slice(a.indexOf(':') + 1))].map((s) => s.toUpperCase());
    for (const at of candidates) {
      const d = directivesAbove(src.lines, at).find((x) => x.ids.has('ALL') || ids.some((id) => x.ids.has(id)));
      if (d) {
        f.suppressed = { by: 'inline', reason: d.reason || undefined, source: `${f.location.path}:${d.line}` };
        break;
      }
    }
  }
}

/**
 * Scopes containing `line`, from scopes sorted by start: a binary search for the last one starting at
 * or before the line, then a short walk back for enclosing ones (services and commands do not nest,
 * so this stays cheap on files with thousands of them).
 */
function scopesAround(scopes: readonly Scope[], line: number): Scope[] {
  let lo = 0;
  let hi = scopes.length - 1;
  let last = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (scopes[mid]!.start <= line) {
      last = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  const out: Scope[] = [];
  for (let i = last; i >= 0 && i > last - 32; i--) {
    const s = scopes[i]!;
    if (s.end >= line && s.start !== line) out.push(s);
  }
  return out;
}

/** Runs every rule on one model; a failing rule becomes a warning, never a crash. */
export function runRules<M>(rules: readonly DeployRule<M>[], model: M, options: DeployOptions, path: string, warnings: string[]): Finding[] {
  const out: Finding[] = [];
  for (const rule of rules) {
    try {
      for (const hit of rule.check(model, options)) out.push(toFinding(rule.meta, hit, path));
    } catch (e) {
      warnings.push(`rule ${rule.meta.id} failed on ${path}: ${(e as Error).message}`);
    }
  }
  return out;
}

/**
 * One finding per rule and position. A setting shared through a YAML anchor, an `extends` base or
 * a Compose fragment is reported once, where it is written, naming every container it affects.
 */
export function mergeDuplicates(findings: Finding[]): Finding[] {
  const seen = new Map<string, Finding>();
  const out: Finding[] = [];
  for (const f of findings) {
    const key = [f.ruleId, f.location.path, f.location.line, f.location.column, f.severity, f.details?.['name'] ?? '', f.details?.['capability'] ?? ''].join('|');
    const first = seen.get(key);
    if (!first) {
      seen.set(key, f);
      out.push(f);
      continue;
    }
    const other = f.details?.['container'];
    if (typeof other !== 'string' || other === first.details?.['container']) continue;
    const also = (first.details!['alsoIn'] as string[] | undefined) ?? [];
    if (!also.includes(other)) {
      also.push(other);
      first.details = { ...first.details, alsoIn: also };
      first.message = `${first.message.replace(/ \(also in: [^)]*\)$/, '')} (also in: ${also.join(', ')})`;
    }
  }
  return out;
}

export function sortFindings(findings: Finding[]): Finding[] {
  return findings.sort((a, b) => a.location.path.localeCompare(b.location.path) || (a.location.line ?? 0) - (b.location.line ?? 0) || (a.location.column ?? 0) - (b.location.column ?? 0) || a.ruleId.localeCompare(b.ruleId, 'en', { numeric: true }));
}

export function makeTarget(kind: Target['kind'], name: string, findings: Finding[], metadata?: Record<string, unknown>): Target {
  const t: Target = { kind, name, findings: sortFindings(findings) };
  if (metadata && Object.keys(metadata).length > 0) t.metadata = metadata;
  return t;
}

/** Splits text into lines the way the YAML/HCL positions count them (CRLF and LF). */
export function splitLines(text: string): string[] {
  return text.split(/\r?\n/);
}
