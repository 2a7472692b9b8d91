import type { Command } from 'commander';
import { Option } from 'commander';
import { applyIgnoreFile, runScan } from '../../scan/run-scan.js';
import { imageTarget, packageSummary, scanImage } from '../../scan/image-scan.js';
import { scanVulnerabilities } from '../../vuln/scan.js';
import { readSbomIfSbom } from '../../scan/sbom-input.js';
import { looksLikeImage } from '../../scan/target-kind.js';
import { JSON_SCHEMA_VERSION, type ScanReport, type Target } from '../../findings/types.js';
import { TOOL_NAME, TOOL_VERSION } from '../../version.js';
import { loadConfigFile } from '../../config/config-file.js';
import { filterBySeverity, filterSkippedRules, parseFailOn, parseSeverityFilter, policyFailed } from '../../findings/policy.js';
import { getWriter, writers } from '../../report/index.js';
import { allRuleMetas } from '../../rules/index.js';
import { UsageError } from '../../errors.js';
import { EXIT } from '../../errors.js';
import { emit, useColor } from '../output.js';
import { createProgress } from '../progress.js';
import { addImageOptions, imageScanOptions, type ImageFlags } from '../image-flags.js';
import { collect } from '../registry-flags.js';
import { dirname, resolve } from 'node:path';
import { statSync } from 'node:fs';

interface ScanFlags extends ImageFlags {
  format?: string;
  output?: string;
  severity?: string;
  failOn?: string;
  config?: string;
  ignoreFile?: string;
  skipRules?: string;
  context?: string;
  buildArg: string[];
  showSuppressed?: boolean;
  quiet?: boolean;
  production?: boolean;
  vulns: boolean;
  ignoreUnfixed?: boolean;
  vex: string[];
  dbMaxAge?: string;
}


export function registerScan(program: Command): void {
  const command = program
    .command('scan')
    .description('scan a directory (every Dockerfile in it, with its build context) or one Dockerfile ("-" reads stdin)')
    .argument('[path]', 'directory or Dockerfile', '.')
    .addOption(new Option('-f, --format <format>', `output format: ${writers.map((w) => w.name).join(', ')}`))
    .option('-o, --output <file>', 'write the report to a file (atomically) instead of stdout')
    .option('-s, --severity <list>', 'report only these severities, e.g. HIGH,CRITICAL or MEDIUM+')
    .option('--fail-on <severity>', 'exit 1 when an unsuppressed finding at or above this severity remains')
    .option('-c, --config <file>', 'config file (default: .leftshift.yaml in the scanned directory)')
    .option('--ignore-file <file>', 'suppressions file (default: .leftshiftignore in the scanned directory)')
    .option('--skip-rules <ids>', 'comma-separated rule ids (or aliases) not to report')
    .option('--context <dir>', 'build context of a single Dockerfile (default: its directory)')
    .option('--build-arg <KEY=VALUE>', 'build argument for ARG expansion (repeatable)', collect, [])
    .option('--show-suppressed', 'list suppressed findings in table and markdown output');
  addImageOptions(command, 'image: ')
    .option('--production', 'deploy files describe production (adds update-strategy hints such as moving major tags)')
    .option('--no-vulns', 'image/SBOM: do not match packages against the vulnerability database')
    .option('--ignore-unfixed', 'image/SBOM: drop vulnerabilities that have no fixed version yet')
    .option('--vex <file>', 'image/SBOM: OpenVEX or CycloneDX VEX statements to apply (repeatable)', collect, [])
    .option('--db-max-age <days>', 'image/SBOM: warn when the vulnerability database is older than this (default 7)')
    .option('-q, --quiet', 'no progress output')
    .action(async (path: string, flags: ScanFlags) => {
      process.exitCode = await scanCommand(path, flags);
    });
}

async function scanCommand(path: string, flags: ScanFlags): Promise<number> {
  const target = path === '-' ? '-' : resolve(path);
  const baseDir = target === '-' ? process.cwd() : isDir(target) ? target : dirname(target);
  const config = await loadConfigFile(flags.config, baseDir);
  const formatName = flags.format ?? config.format ?? 'table';
  const writer = getWriter(formatName);
  if (!writer) throw new UsageError(`unknown format "${formatName}"`, `use one of: ${writers.map((w) => w.name).join(', ')}`);
  const severities = flags.severity ? parseSeverityFilter(flags.severity) : config.severity;
  const failOn = flags.failOn ? parseFailOn(flags.failOn) : config.failOn;
  const buildArgs = new Map<string, string>();
  for (const a of flags.buildArg) {
    const eq = a.indexOf('=');
    if (eq <= 0) throw new UsageError(`--build-arg "${a}" is not KEY=VALUE`);
    buildArgs.set(a.slice(0, eq), a.slice(eq + 1));
  }
  const quiet = flags.quiet ?? config.quiet ?? false;
  const progress = createProgress(!quiet && writer.name === 'table' && !process.env.CI);
  const skip = flags.skipRules ? flags.skipRules.split(',').map((s) => s.trim()).filter(Boolean) : config.skipRules;
  let report: ScanReport;
  try {
    const vulnOptions = { cacheDir: flags.cacheDir ?? config.cacheDir, ignoreUnfixed: flags.ignoreUnfixed, vexFiles: flags.vex, maxDbAgeDays: flags.dbMaxAge ? Number(flags.dbMaxAge) : undefined };
    const sbomFile = target !== '-' && !flags.imageSrc ? readSbomIfSbom(target) : undefined;
    if (sbomFile) {
      const t: Target = {
        kind: 'sbom',
        name: path,
        findings: [],
        packages: sbomFile.packages.map(packageSummary),
        metadata: { format: sbomFile.format, specVersion: sbomFile.specVersion, ...(sbomFile.subjectName ? { subject: sbomFile.subjectName } : {}), ...(sbomFile.os ? { os: { family: sbomFile.os.family, version: sbomFile.os.version } } : {}) },
      };
      const warnings = [...sbomFile.warnings];
      if (flags.vulns) {
        const v = scanVulnerabilities(sbomFile.packages, sbomFile.os, vulnOptions);
        t.findings.push(...v.findings);
        warnings.push(...v.warnings);
        t.metadata = { ...t.metadata, vulnerabilityScan: v.status };
      }
      const targets = [t];
      await applyIgnoreFile(targets, warnings, baseDir, flags.ignoreFile ?? config.ignoreFile);
      report = { schemaVersion: JSON_SCHEMA_VERSION, tool: { name: TOOL_NAME, version: TOOL_VERSION }, createdAt: new Date().toISOString(), targets, ...(warnings.length ? { warnings } : {}) };
    } else if (flags.imageSrc || looksLikeImage(path)) {
      const result = await scanImage(path, imageScanOptions(flags, config.cacheDir, progress));
      const t = imageTarget(result);
      if (flags.vulns) {
        progress.update('matching packages against the vulnerability database');
        const v = scanVulnerabilities(result.sbom.packages, result.sbom.os, vulnOptions);
        t.findings.push(...v.findings);
        result.warnings.push(...v.warnings);
        t.metadata = { ...t.metadata, vulnerabilityScan: v.status };
      }
      const targets = [t];
      await applyIgnoreFile(targets, result.warnings, baseDir, flags.ignoreFile ?? config.ignoreFile);
      report = {
        schemaVersion: JSON_SCHEMA_VERSION,
        tool: { name: TOOL_NAME, version: TOOL_VERSION },
        createdAt: new Date().toISOString(),
        targets,
        ...(result.warnings.length ? { warnings: result.warnings } : {}),
      };
    } else report = await runScan({
      target,
      contextDir: flags.context ? resolve(flags.context) : undefined,
      buildArgs,
      ignoreFile: flags.ignoreFile ?? config.ignoreFile,
      baseDir,
      excludePaths: config.excludePaths ?? [],
      allowedRegistries: config.registryAllowlist ?? [],
      production: flags.production ?? config.production ?? false,
      progress,
    });
  } finally {
    progress.done();
  }
  report.targets = filterBySeverity(filterSkippedRules(report.targets, skip), severities);
  // The table shows warnings itself; for machine formats they go to stderr so CI logs show them.
  if (!quiet && writer.name !== 'table') for (const w of report.warnings ?? []) process.stderr.write(`warning: ${w}\n`);
  const content = writer.render(report, { rules: allRuleMetas(), color: useColor(flags.output), showSuppressed: flags.showSuppressed });
  await emit(content, flags.output);
  return policyFailed(report, failOn) ? EXIT.POLICY_FAILED : EXIT.OK;
}

function isDir(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}
