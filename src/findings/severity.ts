/** Severities, ordered from most to least severe. The order is part of the public contract. */
export const SEVERITIES = ['CRITICAL', 'HIGH', 'MEDIUM', 'LOW', 'INFO'] as const;
export type Severity = (typeof SEVERITIES)[number];

const RANK: Record<Severity, number> = { CRITICAL: 4, HIGH: 3, MEDIUM: 2, LOW: 1, INFO: 0 };

export function severityRank(s: Severity): number {
  return RANK[s];
}

/** True when `s` is at least as severe as `threshold`. */
export function atLeast(s: Severity, threshold: Severity): boolean {
  return RANK[s] >= RANK[threshold];
}

export function isSeverity(value: string): value is Severity {
  return (SEVERITIES as readonly string[]).includes(value);
}

/** Parses a severity name case-insensitively; returns undefined when it is not one. */
export function parseSeverity(value: string): Severity | undefined {
  const upper = value.trim().toUpperCase();
  return isSeverity(upper) ? upper : undefined;
}

/** Sorts most severe first. */
export function compareSeverity(a: Severity, b: Severity): number {
  return RANK[b] - RANK[a];
}

/** The more severe of two severities. */
export function maxSeverity(a: Severity, b: Severity): Severity {
  return RANK[a] >= RANK[b] ? a : b;
}

/** One step less severe, LOW and INFO staying as they are (used when a finding only partly applies). */
export function oneLevelLower(s: Severity): Severity {
  return s === 'CRITICAL' ? 'HIGH' : s === 'HIGH' ? 'MEDIUM' : s === 'MEDIUM' ? 'LOW' : s;
}
