import picocolors from 'picocolors';
import { SEVERITIES, type Severity } from '../findings/severity.js';
import type { Finding, ScanReport, Target } from '../findings/types.js';
import { compareFindingsBySeverity, countFindings, countReport, sortedFindings, type FindingCounts } from './order.js';
import { formatLines, padEnd, stripControlCharacters, wrapText } from './text.js';
import type { ReportContext, ReportWriter } from './types.js';

/** Terminals are assumed to be this wide; the CLI does not pass the real width to a pure writer. */
export const TABLE_WIDTH = 100;
/** Message and remediation lines are indented by this much under their row. */
const DETAIL_INDENT = 4;
/** A location column wider than this stops aligning: long paths push the title right instead. */
const MAX_LOCATION_WIDTH = 40;
const GAP = '  ';

type Colors = ReturnType<typeof picocolors.createColors>;

function severityColor(c: Colors, severity: Severity): (s: string) => string {
  switch (severity) {
    case 'CRITICAL':
      return (s) => c.bold(c.red(s));
    case 'HIGH':
      return c.red;
    case 'MEDIUM':
      return c.yellow;
    case 'LOW':
      return c.cyan;
    case 'INFO':
      return c.dim;
  }
}

/** `CRITICAL: 1, HIGH: 3`; with `all`, zero counts are listed too. */
function formatCounts(counts: FindingCounts, all: boolean): string {
  return SEVERITIES.filter((s) => all || counts.bySeverity[s] > 0)
    .map((s) => `${s}: ${counts.bySeverity[s]}`)
    .join(', ');
}

function clean(text: string): string {
  return stripControlCharacters(text);
}

/** Single-line cells (title, location) must not break the row layout. */
function oneLine(text: string): string {
  return clean(text).replace(/[\r\n]+/g, ' ');
}

/**
 * The LINE (or LOCATION) column. Findings in the target's own file show the line only; findings elsewhere
 * (a build context, a file inside an image) show `path:line` so the reader knows which file.
 */
function locationCell(f: Finding, target: Target): string {
  const lines = formatLines(f.location);
  const path = f.location.path;
  if (path === '' || path === target.name) return lines === '' ? '-' : lines;
  const pkg = f.location.package ? ` (${f.location.package.name}${f.location.package.version ? `@${f.location.package.version}` : ''})` : '';
  return oneLine(lines === '' ? `${path}${pkg}` : `${path}:${lines}${pkg}`);
}

interface Columns {
  rule: number;
  location: number;
  /** 'LINE' when every row is in the target's own file, 'LOCATION' when some show a path. */
  locationHeader: string;
}

function columnsFor(findings: readonly Finding[], target: Target): Columns {
  const showsPath = findings.some((f) => f.location.path !== '' && f.location.path !== target.name);
  const locationHeader = showsPath ? 'LOCATION' : 'LINE';
  let rule = 'RULE'.length;
  let location = locationHeader.length;
  for (const f of findings) {
    rule = Math.max(rule, Array.from(f.ruleId).length);
    location = Math.max(location, Math.min(MAX_LOCATION_WIDTH, Array.from(locationCell(f, target)).length));
  }
  return { rule, location, locationHeader };
}

const SEVERITY_WIDTH = Math.max(...SEVERITIES.map((s) => s.length));

function renderFinding(f: Finding, target: Target, cols: Columns, c: Colors): string[] {
  const prefix = [padEnd(f.severity, SEVERITY_WIDTH), padEnd(oneLine(f.ruleId), cols.rule), padEnd(locationCell(f, target), cols.location)];
  const prefixWidth = prefix.reduce((n, cell) => n + Array.from(cell).length, 0) + GAP.length * prefix.length;
  // A very long location cell would leave no room for the title; it then overflows instead.
  const titleLines = wrapText(oneLine(f.title), Math.max(TABLE_WIDTH - prefixWidth, 30));
  const coloured = [severityColor(c, f.severity)(prefix[0]), c.bold(prefix[1]), prefix[2]];
  const out = [coloured.join(GAP) + GAP + titleLines[0]];
  for (const more of titleLines.slice(1)) out.push(' '.repeat(prefixWidth) + more);

  const indent = ' '.repeat(DETAIL_INDENT);
  const width = TABLE_WIDTH - DETAIL_INDENT;
  const message = clean(f.message).trim();
  if (message !== '' && message !== f.title) out.push(...wrapText(message, width).map((l) => indent + l));
  if (f.remediation.trim() !== '') {
    const lines = wrapText(`Remediation: ${clean(f.remediation).trim()}`, width);
    out.push(...lines.map((l) => indent + c.dim(l)));
  }
  if (f.suppressed) {
    const why = f.suppressed.reason ? `: ${f.suppressed.reason}` : '';
    const where = f.suppressed.source ? ` (${f.suppressed.source})` : '';
    out.push(...wrapText(clean(`Suppressed by ${f.suppressed.by}${where}${why}`), width).map((l) => indent + c.magenta(l)));
  }
  return out;
}

function renderTarget(target: Target, ctx: ReportContext, c: Colors): string[] {
  const counts = countFindings(target.findings);
  const suppressedNote = counts.suppressed > 0 ? `, ${counts.suppressed} suppressed` : '';
  const title = `${oneLine(target.name)} (${target.kind})`;
  const summary = counts.total > 0 ? `Findings: ${counts.total} (${formatCounts(counts, false)})` : 'No findings';
  const out = [c.bold(c.underline(title)), `${summary}${suppressedNote}`];
  if (target.packages) {
    const byType = new Map<string, number>();
    for (const p of target.packages) byType.set(p.type, (byType.get(p.type) ?? 0) + 1);
    const parts = [...byType].sort((a, b) => b[1] - a[1]).map(([t, n]) => `${t}: ${n}`);
    out.push(`Packages: ${target.packages.length}${parts.length ? ` (${parts.join(', ')})` : ''} — the SBOM lists them (leftshift sbom)`);
  }
  out.push('');

  const sorted = sortedFindings(target.findings, compareFindingsBySeverity);
  const vulns = sorted.filter((f) => !f.suppressed && f.kind === 'vulnerability');
  const visible = sorted.filter((f) => !f.suppressed && f.kind !== 'vulnerability');
  if (vulns.length > 0) out.push(...renderVulnerabilities(vulns, c), '');
  const suppressed = ctx.showSuppressed ? sorted.filter((f) => f.suppressed) : [];
  if (visible.length === 0 && suppressed.length === 0) return out;

  const cols = columnsFor([...visible, ...suppressed], target);
  const header = [padEnd('SEVERITY', SEVERITY_WIDTH), padEnd('RULE', cols.rule), padEnd(cols.locationHeader, cols.location), 'TITLE'];
  out.push(c.dim(header.join(GAP)));
  for (const f of visible) out.push(...renderFinding(f, target, cols, c), '');
  if (suppressed.length > 0) {
    out.push(c.magenta(`Suppressed (${suppressed.length}):`));
    for (const f of suppressed) out.push(...renderFinding(f, target, cols, c), '');
  }
  return out;
}

/**
 * Vulnerabilities grouped by package, as users of Trivy/Grype expect: one block per installed
 * package with each vulnerability's severity, id, fixed version and title.
 */
function renderVulnerabilities(vulns: Finding[], c: Colors): string[] {
  const groups = new Map<string, Finding[]>();
  for (const f of vulns) {
    const p = f.location.package;
    const key = `${p?.name ?? '?'}\u0000${p?.version ?? ''}\u0000${f.location.path}`;
    groups.set(key, [...(groups.get(key) ?? []), f]);
  }
  const out = [c.bold(`Vulnerabilities: ${vulns.length} in ${groups.size} package${groups.size === 1 ? '' : 's'}`)];
  for (const list of groups.values()) {
    const p = list[0]!.location.package;
    const layer = list[0]!.location.layer ? `, layer ${list[0]!.location.layer.index}` : '';
    out.push(`${c.bold(oneLine(`${p?.name ?? '?'} ${p?.version ?? ''}`))}  ${c.dim(oneLine(`${list[0]!.location.path}${layer}`))}`);
    const idWidth = Math.min(24, Math.max(...list.map((f) => f.ruleId.length)));
    for (const f of list) {
      const fixed = (f.details?.vulnerability as { fixedVersions?: string[] } | undefined)?.fixedVersions ?? [];
      const fix = fixed.length > 0 ? `fixed ${fixed.join(', ')}` : 'no fix';
      const line = `  ${padEnd(f.severity, SEVERITY_WIDTH)}${GAP}${padEnd(f.ruleId, idWidth)}${GAP}${padEnd(fix, 18)}${GAP}${oneLine(f.title)}`;
      out.push(severityColor(c, f.severity)(line.slice(0, TABLE_WIDTH)));
    }
  }
  return out;
}

function renderTable(report: ScanReport, ctx: ReportContext): string {
  const c = picocolors.createColors(ctx.color);
  const out: string[] = [];
  if (report.targets.length === 0) out.push('No targets scanned', '');
  for (const target of report.targets) out.push(...renderTarget(target, ctx, c));

  const warnings = report.warnings ?? [];
  if (warnings.length > 0) {
    out.push(c.yellow(`Warnings (${warnings.length}):`));
    for (const w of warnings) out.push(...wrapText(clean(w), TABLE_WIDTH - 2).map((l, i) => (i === 0 ? `- ${l}` : `  ${l}`)));
    out.push('');
  }

  const counts = countReport(report);
  // The flag that shows them belongs to the CLI, so the writer only says they are hidden.
  const hidden = ctx.showSuppressed ? '' : ' not shown';
  const suppressed = counts.suppressed > 0 ? `, suppressed: ${counts.suppressed}${hidden}` : '';
  out.push(c.bold(`Total: ${counts.total} (${formatCounts(counts, true)}${suppressed})`));
  return `${out.join('\n')}\n`;
}

export const tableWriter: ReportWriter = {
  name: 'table',
  description: 'Human-readable report for terminals (default)',
  mediaType: 'text/plain',
  fileExtension: 'txt',
  render: renderTable,
};
