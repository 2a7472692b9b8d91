import type { Finding, Location, PackageSummary, ScanReport, Target } from '../findings/types.js';
import { countReport, sortedFindings } from './order.js';
import type { ReportWriter } from './types.js';

/*
 * The JSON format is the public, machine-readable contract (docs/json-output.md). Every
 * object is rebuilt field by field, so the key order is fixed by this file rather than by
 * however the scanner happened to construct its findings.
 */

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/**
 * Free-form maps (`details`, `metadata`) have no documented key order, so their keys are
 * sorted, recursively, to keep output byte-stable between runs.
 */
export function canonicalJson(value: unknown): Json | undefined {
  if (value === null) return null;
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value !== 'object') return undefined; // functions, symbols, undefined: JSON drops them
  const withToJson = value as { toJSON?: () => unknown };
  if (typeof withToJson.toJSON === 'function') return canonicalJson(withToJson.toJSON());
  if (Array.isArray(value)) return value.map((item) => canonicalJson(item) ?? null);
  const out: { [key: string]: Json } = {};
  for (const key of Object.keys(value).sort()) {
    const item = canonicalJson((value as Record<string, unknown>)[key]);
    if (item !== undefined) out[key] = item;
  }
  return out;
}

function locationJson(loc: Location): Record<string, unknown> {
  return {
    path: loc.path,
    line: loc.line,
    endLine: loc.endLine,
    column: loc.column,
    endColumn: loc.endColumn,
    layer: loc.layer && { diffID: loc.layer.diffID, index: loc.layer.index },
    package: loc.package && { name: loc.package.name, version: loc.package.version, purl: loc.package.purl },
  };
}

function findingJson(f: Finding): Record<string, unknown> {
  return {
    ruleId: f.ruleId,
    kind: f.kind,
    severity: f.severity,
    title: f.title,
    message: f.message,
    aliases: [...f.aliases],
    location: locationJson(f.location),
    remediation: f.remediation,
    details: f.details && canonicalJson(f.details),
    suppressed: f.suppressed && { by: f.suppressed.by, reason: f.suppressed.reason, source: f.suppressed.source },
  };
}

function targetJson(t: Target): Record<string, unknown> {
  return {
    kind: t.kind,
    name: t.name,
    metadata: t.metadata && canonicalJson(t.metadata),
    findings: sortedFindings(t.findings).map(findingJson),
    packages: t.packages && [...t.packages].sort(comparePackages).map(packageJson),
  };
}

function comparePackages(a: PackageSummary, b: PackageSummary): number {
  return a.type.localeCompare(b.type) || a.name.localeCompare(b.name) || a.version.localeCompare(b.version) || (a.locations[0]?.path ?? '').localeCompare(b.locations[0]?.path ?? '');
}

function packageJson(p: PackageSummary): Record<string, unknown> {
  return {
    name: p.name,
    version: p.version,
    type: p.type,
    purl: p.purl,
    source: p.source && { name: p.source.name, version: p.source.version },
    licenses: p.licenses,
    locations: p.locations.map((l) => ({ path: l.path, layer: l.layer && { diffID: l.layer.diffID, index: l.layer.index } })),
  };
}

/** The document as a plain object, before serialisation; exported for tests and embedders. */
export function toJsonDocument(report: ScanReport): Record<string, unknown> {
  const counts = countReport(report);
  return {
    schemaVersion: report.schemaVersion,
    tool: { name: report.tool.name, version: report.tool.version },
    createdAt: report.createdAt,
    targets: report.targets.map(targetJson),
    // Absent rather than empty, so that a clean scan stays as small as the contract allows.
    warnings: report.warnings && report.warnings.length > 0 ? [...report.warnings] : undefined,
    summary: { total: counts.total, bySeverity: { ...counts.bySeverity }, suppressed: counts.suppressed },
  };
}

export const jsonWriter: ReportWriter = {
  name: 'json',
  description: 'Machine-readable report (stable contract, see docs/json-output.md)',
  mediaType: 'application/json',
  fileExtension: 'json',
  // JSON.stringify leaves out keys whose value is undefined, which is how optional fields vanish.
  render: (report) => `${JSON.stringify(toJsonDocument(report), null, 2)}\n`,
};
