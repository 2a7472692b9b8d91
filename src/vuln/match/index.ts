/**
 * Vulnerability matching: packages + OSV records → matches → findings → CycloneDX.
 *
 *   const { matches, unevaluated } = matchPackages(packages, os, { advisoriesFor, compare });
 *   let findings = toFindings(matches);
 *   findings = applyVex(findings, vexDocs);              // src/vuln/vex
 *   findings = filterVulnFindings(findings, { ignoreUnfixed, minSeverity });
 *   buildCycloneDx(input, { vulnerabilities: { findings, build: buildCdxVulnerabilities } });
 */
export type { OsvAffected, OsvEvent, OsvRange, OsvRecord, OsvReference, OsvSeverity } from './osv.js';
export { ecosystemFor, lookupKeysFor, osEcosystem, versionFor, normalizeAdvisoryName, pep503, type EcosystemKey } from './ecosystem.js';
export { isAffected, prepareAffected, ListedVersions, compareSemver, sortEvents, type AffectedEvaluator, type RangeVerdict, type VersionCompare } from './range.js';
export { severityOf, severityWord, type SeverityResult, type VulnSeverity, type CvssRating } from './severity.js';
export {
  matchPackages,
  groupRecords,
  primaryId,
  sameEcosystem,
  type MatchDeps,
  type MatchCandidate,
  type MatchResult,
  type MatchedPackage,
  type UnevaluatedMatch,
  type VulnerabilityMatch,
} from './match.js';
export { toFindings, filterVulnFindings, vulnDetails, remediationFor, type ToFindingsOptions, type VulnDetails, type VulnFilterOptions } from './findings.js';
export { goStdlibPackages, goToolchainSemver } from './go-stdlib.js';
export { buildCdxVulnerabilities, advisorySource, analysisOf, type CdxAnalysis, type CdxVulnerabilityWithAnalysis } from './cyclonedx.js';
