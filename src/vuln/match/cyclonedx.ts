/**
 * The CycloneDX `vulnerabilities` section from vulnerability findings (the CdxVulnerabilityBuilder
 * hook of src/sbom/cyclonedx.ts).
 *
 * One entry per vulnerability id, listing every affected component by bom-ref. When VEX suppressed
 * the finding for some components and not others, those get their own entry with an `analysis`
 * (CycloneDX analysis is per vulnerability entry, not per affected component). Findings whose
 * package is not a component of the BOM are left out: `affects[].ref` must resolve in the same BOM.
 * Vectors are written whole (`CVSS:3.1/AV:N/…`), as the advisory databases and trivy write them.
 */
import type { CdxProperty, CdxVulnerability, CdxVulnerabilityBuilder, ComponentRefs } from '../../sbom/cyclonedx.js';
import type { Finding } from '../../findings/types.js';
import { vulnDetails, type VulnDetails } from './findings.js';

type CdxSeverity = NonNullable<NonNullable<CdxVulnerability['ratings']>[number]['severity']>;
type CdxMethod = NonNullable<NonNullable<CdxVulnerability['ratings']>[number]['method']>;
type CdxRating = NonNullable<CdxVulnerability['ratings']>[number];

/** CycloneDX 1.6 `analysis` (impact analysis), which the shared CdxVulnerability type does not declare. */
export interface CdxAnalysis {
  state: 'resolved' | 'resolved_with_pedigree' | 'exploitable' | 'in_triage' | 'false_positive' | 'not_affected';
  justification?:
    | 'code_not_present'
    | 'code_not_reachable'
    | 'requires_configuration'
    | 'requires_dependency'
    | 'requires_environment'
    | 'protected_by_compiler'
    | 'protected_at_runtime'
    | 'protected_at_perimeter'
    | 'protected_by_mitigating_control';
  detail?: string;
}

export interface CdxVulnerabilityWithAnalysis extends CdxVulnerability {
  analysis?: CdxAnalysis;
}

/** Where an id's advisory lives, for `source` and `references[].source`. */
export function advisorySource(id: string): { name: string; url?: string } {
  if (/^CVE-/.test(id)) return { name: 'NVD', url: `https://nvd.nist.gov/vuln/detail/${id}` };
  if (/^GHSA-/.test(id)) return { name: 'GitHub Advisory Database', url: `https://github.com/advisories/${id}` };
  if (/^(DSA|DLA|DTSA)-/.test(id)) return { name: 'Debian Security Tracker', url: `https://security-tracker.debian.org/tracker/${id}` };
  if (/^GO-/.test(id)) return { name: 'Go Vulnerability Database', url: `https://pkg.go.dev/vuln/${id}` };
  if (/^RUSTSEC-/.test(id)) return { name: 'RustSec', url: `https://rustsec.org/advisories/${id}` };
  if (/^PYSEC-/.test(id)) return { name: 'PyPA Advisory Database', url: `https://osv.dev/vulnerability/${id}` };
  if (/^ALPINE-/.test(id)) return { name: 'Alpine secdb' };
  if (/^CGA-/.test(id)) return { name: 'Wolfi advisories', url: `https://osv.dev/vulnerability/${id}` };
  if (id.startsWith('x_')) return { name: 'leftshift vulnerability data' };
  return { name: 'OSV', url: `https://osv.dev/vulnerability/${id}` };
}

function cdxSeverity(s: string): CdxSeverity {
  const l = s.toLowerCase();
  return (['critical', 'high', 'medium', 'low', 'none'] as const).find((x) => x === l) ?? 'unknown';
}

function method(version: string): CdxMethod {
  if (version === '3.1') return 'CVSSv31';
  if (version === '3.0') return 'CVSSv3';
  if (version === '2.0') return 'CVSSv2';
  return 'other';
}

function ratingsOf(d: VulnDetails): CdxRating[] {
  const out: CdxRating[] = d.cvss.map((c) => ({
    source: advisorySource(c.recordId),
    score: c.score,
    severity: cdxSeverity(c.severity),
    method: method(c.version),
    vector: c.vector,
  }));
  for (const vector of d.cvssV4) out.push({ method: 'CVSSv4', vector, ...(d.severitySource === 'database' ? { severity: cdxSeverity(d.severity) } : {}) });
  if (d.severitySource !== 'cvss' && d.severitySource !== 'cvss_v2') {
    // The source's own rating (GHSA's word, a score without vector) or "unknown".
    out.push({ severity: cdxSeverity(d.severity), ...(d.score !== undefined ? { score: d.score } : {}), method: 'other' });
  }
  return out;
}

const JUSTIFICATION: Record<string, CdxAnalysis['justification']> = {
  component_not_present: 'code_not_present',
  vulnerable_code_not_present: 'code_not_present',
  vulnerable_code_not_in_execute_path: 'code_not_reachable',
  vulnerable_code_cannot_be_controlled_by_adversary: 'requires_environment',
  inline_mitigations_already_exist: 'protected_by_mitigating_control',
  code_not_present: 'code_not_present',
  code_not_reachable: 'code_not_reachable',
  requires_configuration: 'requires_configuration',
  requires_dependency: 'requires_dependency',
  requires_environment: 'requires_environment',
  protected_by_compiler: 'protected_by_compiler',
  protected_at_runtime: 'protected_at_runtime',
  protected_at_perimeter: 'protected_at_perimeter',
  protected_by_mitigating_control: 'protected_by_mitigating_control',
};

const STATE: Record<string, CdxAnalysis['state']> = {
  not_affected: 'not_affected',
  fixed: 'resolved',
  resolved: 'resolved',
  resolved_with_pedigree: 'resolved_with_pedigree',
  false_positive: 'false_positive',
};

/** The analysis for a VEX suppression, from its reason (`state[: justification][: detail]`, see src/vuln/vex). */
export function analysisOf(f: Finding): CdxAnalysis | undefined {
  if (f.suppressed?.by !== 'vex') return undefined;
  const parts = (f.suppressed.reason ?? '').split(': ');
  const state = STATE[parts[0]] ?? 'not_affected';
  let rest = parts.slice(1);
  const justification = rest.length > 0 ? JUSTIFICATION[rest[0]] : undefined;
  if (justification) rest = rest.slice(1);
  const detail = [rest.join(': '), f.suppressed.source ? `(VEX: ${f.suppressed.source})` : ''].filter(Boolean).join(' ');
  return { state, ...(justification ? { justification } : {}), ...(detail ? { detail } : {}) };
}

function recommendation(findings: readonly Finding[]): string | undefined {
  const lines = [...new Set(findings.map((f) => f.remediation).filter(Boolean))];
  return lines.length > 0 ? lines.join(' ') : undefined;
}

/** The builder for `buildCycloneDx(input, { vulnerabilities: { findings, build: buildCdxVulnerabilities } })`. */
export const buildCdxVulnerabilities: CdxVulnerabilityBuilder = (findings: readonly Finding[], refs: ComponentRefs): CdxVulnerability[] => {
  const groups = new Map<string, Finding[]>();
  for (const f of findings) {
    if (f.kind !== 'vulnerability') continue;
    const a = analysisOf(f);
    const key = `${f.ruleId}\u0000${a ? JSON.stringify(a) : ''}`;
    groups.set(key, [...(groups.get(key) ?? []), f]);
  }
  const out: CdxVulnerabilityWithAnalysis[] = [];
  for (const group of groups.values()) {
    const first = group[0];
    const d = vulnDetails(first);
    const affects: CdxVulnerability['affects'] = [];
    const seen = new Set<string>();
    for (const f of group) {
      const purl = f.location.package?.purl;
      if (!purl) continue;
      for (const ref of refs.byPurl(purl)) {
        if (seen.has(ref)) continue;
        seen.add(ref);
        affects.push({ ref, ...(f.location.package?.version ? { versions: [{ version: f.location.package.version, status: 'affected' as const }] } : {}) });
      }
    }
    if (affects.length === 0) continue;
    const ratings: CdxRating[] = [];
    const aliases = new Set<string>();
    const advisories = new Map<string, string | undefined>();
    const cwes = new Set<number>();
    for (const f of group) {
      f.aliases.forEach((a) => aliases.add(a));
      const fd = vulnDetails(f);
      if (!fd) continue;
      for (const r of ratingsOf(fd)) if (!ratings.some((x) => x.vector === r.vector && x.method === r.method && x.severity === r.severity)) ratings.push(r);
      for (const ref of fd.references) if (!advisories.has(ref.url)) advisories.set(ref.url, undefined);
      fd.cwes.forEach((c) => cwes.add(c));
    }
    const properties: CdxProperty[] = [];
    if (d) {
      for (const v of d.fixedVersions) properties.push({ name: 'leftshift:vulnerability:fixedVersion', value: v });
      for (const r of d.related) properties.push({ name: 'leftshift:vulnerability:related', value: r });
    }
    if (first.suppressed && first.suppressed.by !== 'vex') properties.push({ name: 'leftshift:suppressed', value: first.suppressed.by });
    const analysis = analysisOf(first);
    const rec = recommendation(group);
    const v: CdxVulnerabilityWithAnalysis = {
      id: first.ruleId,
      source: advisorySource(first.ruleId),
      ...(aliases.size > 0 ? { references: [...aliases].sort().map((id) => ({ id, source: advisorySource(id) })) } : {}),
      ...(ratings.length > 0 ? { ratings } : {}),
      ...(cwes.size > 0 ? { cwes: [...cwes].sort((a, b) => a - b) } : {}),
      description: d?.description ?? first.title,
      ...(rec ? { recommendation: rec } : {}),
      ...(advisories.size > 0 ? { advisories: [...advisories.keys()].map((url) => ({ url })) } : {}),
      ...(d?.published ? { published: d.published } : {}),
      ...(d?.modified ? { updated: d.modified } : {}),
      ...(analysis ? { analysis } : {}),
      affects,
      ...(properties.length > 0 ? { properties } : {}),
    };
    out.push(v);
  }
  return out;
};
