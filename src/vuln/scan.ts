import { openVulnDb, resolveCacheDir, vulnDbPath, NoVulnDbError } from './db/store.js';
import { cachedComparator, schemeForEcosystem } from './version/index.js';
import { matchPackages, toFindings, filterVulnFindings, goStdlibPackages, type MatchCandidate, type OsvRecord } from './match/index.js';
import { applyVex, loadVexFile } from './vex/index.js';
import type { Finding } from '../findings/types.js';
import type { OSInfo, Package } from '../sbom/package.js';

export interface VulnScanOptions {
  /** Cache directory holding db/vuln.db (`--cache-dir`); default ~/.cache/leftshift. */
  cacheDir?: string;
  /** `--ignore-unfixed`: drop vulnerabilities without a fixed version. */
  ignoreUnfixed?: boolean;
  /** OpenVEX or CycloneDX VEX files (`--vex`). */
  vexFiles?: string[];
  /** Warn when the database is older than this many days (default 7). */
  maxDbAgeDays?: number;
  /** The scanned subject's purl (an image's pkg:oci/…), for image-level VEX statements. */
  subjectPurls?: string[];
}

export type VulnScanStatus =
  | { state: 'scanned'; dbBuiltAt: string; dbAgeDays: number; advisories: number; packages: number }
  | { state: 'no-database'; reason: string };

export interface VulnScanResult {
  findings: Finding[];
  warnings: string[];
  status: VulnScanStatus;
}

/**
 * Matches packages against the embedded OSV database. A missing database is never reported as
 * "no vulnerabilities": the status says so and a warning tells the user what to run.
 */
export function scanVulnerabilities(packages: readonly Package[], os: OSInfo | undefined, options: VulnScanOptions = {}): VulnScanResult {
  const warnings: string[] = [];
  const path = vulnDbPath(resolveCacheDir(options.cacheDir));
  let db;
  try {
    db = openVulnDb(path);
  } catch (e) {
    if (!(e instanceof NoVulnDbError)) throw e;
    const reason = `${e.message}: vulnerabilities were NOT scanned; run \`leftshift db update\` (or \`leftshift db import PATH\` offline)`;
    return { findings: [], warnings: [reason], status: { state: 'no-database', reason } };
  }
  try {
    const status = db.status();
    const maxAge = options.maxDbAgeDays ?? 7;
    if (status.ageDays > maxAge) warnings.push(`vulnerability database is ${Math.floor(status.ageDays)} days old (built ${status.builtAt}); run \`leftshift db update\``);
    const cmp = cachedComparator();
    // One scheme look-up per ecosystem string, not per comparison (matching makes hundreds of thousands).
    const schemes = new Map<string, ReturnType<typeof schemeForEcosystem>>();
    const schemeOf = (ecosystem: string) => {
      let s = schemes.get(ecosystem);
      if (s === undefined) schemes.set(ecosystem, (s = schemeForEcosystem(ecosystem)));
      return s;
    };
    const compare = (ecosystem: string, a: string, b: string): number => cmp(schemeOf(ecosystem), a, b);
    const advisoriesFor = (ecosystem: string, name: string): OsvRecord[] => db.advisoriesFor(ecosystem, name);
    const all = [...packages, ...goStdlibPackages(packages)];
    const candidatesFor = (ecosystem: string, name: string): MatchCandidate[] => db.candidatesFor(ecosystem, name);
    const result = matchPackages(all, os, { advisoriesFor, candidatesFor, compare });
    for (const u of result.unevaluated.slice(0, 20)) warnings.push(`could not evaluate ${u.recordId} for ${u.package.name}: ${u.reason}`);
    if (result.unevaluated.length > 20) warnings.push(`… and ${result.unevaluated.length - 20} more advisories that could not be evaluated`);
    let findings = toFindings(result.matches);
    findings = filterVulnFindings(findings, { ignoreUnfixed: options.ignoreUnfixed });
    if (options.vexFiles?.length) findings = applyVex(findings, options.vexFiles.map((f) => loadVexFile(f)), { subjectPurls: options.subjectPurls });
    return { findings, warnings, status: { state: 'scanned', dbBuiltAt: status.builtAt, dbAgeDays: Math.round(status.ageDays * 10) / 10, advisories: status.total, packages: all.length } };
  } finally {
    db.close();
  }
}
