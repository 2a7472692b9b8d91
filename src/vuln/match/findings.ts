/**
 * Vulnerability matches → findings, and the filters the CLI applies to them.
 *
 * One finding per (match, package location): a package found at two paths is two findings, each
 * pointing at its own file and layer, the way misconfiguration findings point at their line.
 * `details.vulnerability` carries what reports and the CycloneDX builder need (see VulnDetails).
 */
import type { Finding } from '../../findings/types.js';
import type { Severity } from '../../findings/severity.js';
import { severityRank } from '../../findings/severity.js';
import type { VulnerabilityMatch } from './match.js';
import type { VulnSeverity } from './severity.js';

/** `details.vulnerability` of a vulnerability finding. */
export interface VulnDetails {
  /** Severity as the data gives it; `UNKNOWN` when no source rated it (the finding's severity is then `unknownSeverity`). */
  severity: VulnSeverity;
  severitySource: VulnerabilityMatch['severitySource'];
  score?: number;
  vector?: string;
  cvss: Array<{ version: string; vector: string; score: number; severity: string; recordId: string }>;
  cvssV4: string[];
  recordIds: string[];
  related: string[];
  ecosystem: string;
  installedVersion: string;
  comparedVersion: string;
  fixedVersions: string[];
  lastAffected: string[];
  packageType: string;
  /** RustSec-style informational advisory (`unsound`, `unmaintained`, `notice`). */
  informational?: string;
  sourceName?: string;
  description?: string;
  references: Array<{ type: string; url: string }>;
  cwes: number[];
  published?: string;
  modified?: string;
}

export interface ToFindingsOptions {
  /**
   * Finding severity for vulnerabilities nobody rated (Debian/Alpine/Wolfi/Go records carry no
   * severity). Default MEDIUM: a distribution's security advisory is a fix the vendor considered
   * security-relevant, and INFO would let `--severity`/`--fail-on` drop it without a trace;
   * `details.vulnerability.severity` stays `UNKNOWN` so reports can show the truth.
   */
  unknownSeverity?: Severity;
}

function findingSeverity(s: VulnSeverity, unknown: Severity): Severity {
  switch (s) {
    case 'CRITICAL':
    case 'HIGH':
    case 'MEDIUM':
    case 'LOW':
      return s;
    case 'NONE':
      return 'INFO';
    default:
      return unknown;
  }
}

export function remediationFor(m: VulnerabilityMatch): string {
  if (m.fixedVersions.length === 0) return `No fixed version of ${m.package.sourceName ?? m.package.name} is known yet; consider removing the package or mitigating, and watch the advisory.`;
  const target = m.package.sourceName ? `${m.package.name} (source ${m.package.sourceName})` : m.package.name;
  return `Upgrade ${target} to ${m.fixedVersions.join(' or ')} or later.`;
}

export function toFindings(matches: readonly VulnerabilityMatch[], options: ToFindingsOptions = {}): Finding[] {
  const unknown = options.unknownSeverity ?? 'MEDIUM';
  const out: Finding[] = [];
  for (const m of matches) {
    const details: VulnDetails = {
      severity: m.severity,
      severitySource: m.severitySource,
      ...(m.score !== undefined ? { score: m.score } : {}),
      ...(m.vector ? { vector: m.vector } : {}),
      cvss: m.cvss.map((c) => ({ version: c.version, vector: c.vector, score: c.score, severity: c.severity, recordId: c.recordId })),
      cvssV4: m.cvssV4,
      recordIds: m.recordIds,
      related: m.related,
      ecosystem: m.ecosystem,
      installedVersion: m.package.version,
      comparedVersion: m.package.comparedVersion,
      fixedVersions: m.fixedVersions,
      lastAffected: m.lastAffected,
      packageType: m.package.type,
      ...(m.informational ? { informational: m.informational } : {}),
      ...(m.package.sourceName ? { sourceName: m.package.sourceName } : {}),
      ...(m.description ? { description: m.description } : {}),
      references: m.references,
      cwes: m.cwes,
      ...(m.published ? { published: m.published } : {}),
      ...(m.modified ? { modified: m.modified } : {}),
    };
    const fix = m.fixedVersions.length > 0 ? `fixed in ${m.fixedVersions.join(', ')}` : 'no fix available';
    const message = `${m.package.name} ${m.package.version} is affected by ${m.id}${m.title ? ` (${m.title})` : ''}; ${fix}.`;
    // One finding per package, at its first location (the installed copy wins over a lock file);
    // every other place the package was recorded is listed in details.
    const locations = m.package.locations.length > 0 ? m.package.locations.slice(0, 1) : [{ path: '' }];
    if (m.package.locations.length > 1) (details as VulnDetails & { otherLocations?: string[] }).otherLocations = m.package.locations.slice(1).map((l) => l.path);
    for (const loc of locations) {
      out.push({
        ruleId: m.id,
        kind: 'vulnerability',
        // An unrated advisory its source calls informational is INFO, not a guessed vulnerability severity.
        severity: m.severity === 'UNKNOWN' && m.informational ? 'INFO' : findingSeverity(m.severity, unknown),
        title: m.title ?? `${m.id} in ${m.package.name}`,
        message,
        aliases: m.aliases,
        location: {
          path: loc.path,
          ...(loc.layer ? { layer: { diffID: loc.layer.diffID, index: loc.layer.index } } : {}),
          package: { name: m.package.name, version: m.package.version, ...(m.package.purl ? { purl: m.package.purl } : {}) },
        },
        remediation: remediationFor(m),
        details: { vulnerability: details },
      });
    }
  }
  return out;
}

/** The `details.vulnerability` of a finding, when it is a vulnerability finding made here. */
export function vulnDetails(f: Finding): VulnDetails | undefined {
  const d = f.details?.vulnerability;
  return f.kind === 'vulnerability' && d && typeof d === 'object' ? (d as VulnDetails) : undefined;
}

export interface VulnFilterOptions {
  /** `--ignore-unfixed`: drop vulnerabilities without a known fixed version. */
  ignoreUnfixed?: boolean;
  /** Keep only these severities (finding severity). */
  severities?: readonly Severity[];
  /** Keep only findings at least this severe. */
  minSeverity?: Severity;
}

/** Drops findings the filters exclude; non-vulnerability findings pass through untouched. */
export function filterVulnFindings(findings: readonly Finding[], options: VulnFilterOptions): Finding[] {
  return findings.filter((f) => {
    if (f.kind !== 'vulnerability') return true;
    if (options.ignoreUnfixed && (vulnDetails(f)?.fixedVersions.length ?? 0) === 0) return false;
    if (options.severities && !options.severities.includes(f.severity)) return false;
    if (options.minSeverity && severityRank(f.severity) < severityRank(options.minSeverity)) return false;
    return true;
  });
}
