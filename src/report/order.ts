import { SEVERITIES, compareSeverity, type Severity } from '../findings/severity.js';
import type { Finding, ScanReport, Target } from '../findings/types.js';

/**
 * Code-unit comparison. `localeCompare` would make the order depend on the machine's ICU
 * data and locale, and reports must be byte-identical wherever they are produced.
 */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Findings without a line are about the whole file; they sort before line-anchored ones. */
function lineOf(f: Finding): number {
  return f.location.line ?? 0;
}

/**
 * The canonical finding order of machine formats: path, line, rule id, then the remaining
 * fields only to break ties, so that equal inputs in any order give the same output.
 */
export function compareFindingsByLocation(a: Finding, b: Finding): number {
  return (
    compareStrings(a.location.path, b.location.path) ||
    lineOf(a) - lineOf(b) ||
    compareStrings(a.ruleId, b.ruleId) ||
    (a.location.column ?? 0) - (b.location.column ?? 0) ||
    compareStrings(a.message, b.message)
  );
}

/** The order of human formats: most severe first, then by where the finding is. */
export function compareFindingsBySeverity(a: Finding, b: Finding): number {
  return compareSeverity(a.severity, b.severity) || compareFindingsByLocation(a, b);
}

export function sortedFindings(findings: readonly Finding[], compare = compareFindingsByLocation): Finding[] {
  return [...findings].sort(compare);
}

export interface FindingCounts {
  /** Findings that are not suppressed. */
  total: number;
  /** Unsuppressed findings per severity; every severity is present, in SEVERITIES order. */
  bySeverity: Record<Severity, number>;
  suppressed: number;
}

export function countFindings(findings: readonly Finding[]): FindingCounts {
  const bySeverity = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
  let total = 0;
  let suppressed = 0;
  for (const f of findings) {
    if (f.suppressed) {
      suppressed++;
      continue;
    }
    total++;
    bySeverity[f.severity]++;
  }
  return { total, bySeverity, suppressed };
}

export function countReport(report: ScanReport): FindingCounts {
  return countFindings(report.targets.flatMap((t: Target) => t.findings));
}
