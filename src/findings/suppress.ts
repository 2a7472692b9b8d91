import type { IgnoreEntry } from '../config/ignore-file.js';
import { matchesGlob } from '../util/glob.js';
import type { Finding } from './types.js';

export interface SuppressionResult {
  findings: Finding[];
  /** Human-readable notes, e.g. expired entries. */
  warnings: string[];
}

function ids(f: Finding): string[] {
  return [f.ruleId, ...f.aliases.map((a) => a.slice(a.indexOf(':') + 1)), ...f.aliases].map((s) => s.toUpperCase());
}

/**
 * Marks findings matched by `.leftshiftignore` entries as suppressed (they stay in JSON output,
 * never fail a policy). Expired entries do not suppress and produce a warning once each.
 */
export function applyIgnoreEntries(findings: Finding[], entries: IgnoreEntry[], now = new Date()): SuppressionResult {
  const warnings: string[] = [];
  const active = entries.filter((e) => {
    if (e.expires && e.expires.getTime() < now.getTime()) {
      warnings.push(`${e.source}:${e.line}: entry for ${e.id} expired on ${e.expires.toISOString().slice(0, 10)} and no longer suppresses`);
      return false;
    }
    return true;
  });
  if (active.length === 0) return { findings, warnings };
  const out = findings.map((f) => {
    if (f.suppressed) return f;
    const fids = ids(f);
    const hit = active.find((e) => fids.includes(e.id) && (e.path === undefined || matchesGlob(f.location.path, e.path)));
    if (!hit) return f;
    return { ...f, suppressed: { by: 'ignorefile' as const, reason: hit.reason || undefined, source: `${hit.source}:${hit.line}` } };
  });
  return { findings: out, warnings };
}
