import { atLeast, parseSeverity, SEVERITIES, type Severity } from './severity.js';
import type { ScanReport, Target } from './types.js';
import { UsageError } from '../errors.js';

/**
 * Parses `--severity`: a comma list (`HIGH,CRITICAL`, as Trivy) or `X+` for "X and above".
 */
export function parseSeverityFilter(value: string): Severity[] {
  const out = new Set<Severity>();
  for (const part of value.split(',').map((s) => s.trim()).filter(Boolean)) {
    const plus = part.endsWith('+');
    const sev = parseSeverity(plus ? part.slice(0, -1) : part);
    if (!sev) throw new UsageError(`unknown severity "${part}"`, `use ${SEVERITIES.join(', ')}, or e.g. MEDIUM+ for MEDIUM and above`);
    if (plus) for (const s of SEVERITIES) if (atLeast(s, sev)) out.add(s);
    out.add(sev);
  }
  if (out.size === 0) throw new UsageError('--severity needs at least one severity');
  return SEVERITIES.filter((s) => out.has(s));
}

export function parseFailOn(value: string): Severity {
  const sev = parseSeverity(value);
  if (!sev) throw new UsageError(`unknown --fail-on severity "${value}"`, `use one of ${SEVERITIES.join(', ')}`);
  return sev;
}

/** Keeps only findings with the given severities (suppressed ones too, so JSON still shows them). */
export function filterBySeverity(targets: Target[], allowed: Severity[] | undefined): Target[] {
  if (!allowed) return targets;
  const set = new Set(allowed);
  return targets.map((t) => ({ ...t, findings: t.findings.filter((f) => set.has(f.severity)) }));
}

/** Drops findings of skipped rules entirely. */
export function filterSkippedRules(targets: Target[], skip: string[] | undefined): Target[] {
  if (!skip || skip.length === 0) return targets;
  const set = new Set(skip.map((s) => s.toUpperCase()));
  return targets.map((t) => ({
    ...t,
    findings: t.findings.filter((f) => !set.has(f.ruleId) && !f.aliases.some((a) => set.has(a.toUpperCase()) || set.has(a.slice(a.indexOf(':') + 1).toUpperCase()))),
  }));
}

/** True when an unsuppressed finding at or above `failOn` remains: exit status 1. */
export function policyFailed(report: ScanReport, failOn: Severity | undefined): boolean {
  if (!failOn) return false;
  return report.targets.some((t) => t.findings.some((f) => !f.suppressed && atLeast(f.severity, failOn)));
}
