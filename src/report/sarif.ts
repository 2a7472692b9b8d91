import { createHash } from 'node:crypto';
import type { RuleMeta } from '../findings/rule-meta.js';
import type { Severity } from '../findings/severity.js';
import type { Finding, FindingKind, Location, ScanReport, Target, TargetKind } from '../findings/types.js';
import { compareStrings, sortedFindings } from './order.js';
import type { ReportContext, ReportWriter } from './types.js';

/*
 * SARIF 2.1.0, shaped for GitHub code scanning: only the properties it reads are filled in
 * with care (rules with help and security-severity, one location per result, 1-based regions,
 * partial fingerprints), and everything else stays within the OASIS schema.
 */

export const SARIF_SCHEMA_URI = 'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json';
/** Where users learn about the tool; shown by SARIF viewers next to the tool name. */
export const LEFTSHIFT_INFORMATION_URI = 'https://github.com/leftshift/leftshift';
/** Key of our partial fingerprint; the `/v1` lets the recipe change without colliding with old alerts. */
export const FINGERPRINT_KEY = 'leftshift/v1';
/** Base id that relative artifact URIs are resolved against: the scan root, i.e. the repository. */
export const SRCROOT = '%SRCROOT%';

type SarifLevel = 'error' | 'warning' | 'note';

const LEVEL: Record<Severity, SarifLevel> = {
  CRITICAL: 'error',
  HIGH: 'error',
  MEDIUM: 'warning',
  LOW: 'note',
  INFO: 'note',
};

/**
 * GitHub buckets `security-severity` as: above 9.0 critical, 7.0-8.9 high, 4.0-6.9 medium,
 * 0.1-3.9 low, 0.0 none. Each value sits inside its bucket, away from the edges.
 */
const SECURITY_SEVERITY: Record<Severity, string> = {
  CRITICAL: '9.5',
  HIGH: '8.0',
  MEDIUM: '5.5',
  LOW: '2.0',
  INFO: '0.0',
};

export function sarifLevel(severity: Severity): SarifLevel {
  return LEVEL[severity];
}

export function securitySeverity(severity: Severity): string {
  return SECURITY_SEVERITY[severity];
}

/** SARIF `rank` (0-100, higher is more important), derived from the same score. */
export function sarifRank(severity: Severity): number {
  return Math.round(Number(SECURITY_SEVERITY[severity]) * 10);
}

/**
 * How often a rule's results are true. Misconfiguration rules read the parsed file and are
 * exact; secret detection is pattern-based and vulnerability matching depends on version
 * data, so both are a step lower.
 */
function precisionFor(kind: FindingKind): 'very-high' | 'high' {
  return kind === 'misconfiguration' ? 'very-high' : 'high';
}

/** Targets whose findings point into an image rather than a file of the repository. */
const IMAGE_TARGET_KINDS: ReadonlySet<TargetKind> = new Set<TargetKind>(['image']);

// GitHub limits: 1024 characters for rule descriptions, 255 for rule names, 20 tags per rule.
const MAX_DESCRIPTION = 1024;
const MAX_NAME = 255;
const MAX_TAGS = 20;

function truncate(text: string, max: number): string {
  const chars = Array.from(text);
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`;
}

/** GitHub rejects empty strings in required properties, so every text has a fallback. */
function nonEmpty(text: string | undefined, fallback: string): string {
  return text && text.trim() !== '' ? text : fallback;
}

function isPositiveInteger(n: number | undefined): n is number {
  return typeof n === 'number' && Number.isInteger(n) && n >= 1;
}

const SEMVER = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$/;

// ---------------------------------------------------------------------------------------------
// Rules

/** Rule metadata for a rule id the registry does not know (e.g. a plugin): built from a finding. */
function ruleFromFinding(f: Finding): RuleMeta {
  return {
    id: f.ruleId,
    kind: f.kind,
    severity: f.severity,
    title: f.title,
    docs: '',
    remediation: f.remediation,
    aliases: [...f.aliases],
    phase: 'dockerfile', // required by the type, never read by this writer
  };
}

/** A PascalCase identifier from the title, which is what SARIF expects in `name`. */
function ruleName(rule: RuleMeta): string {
  const words = rule.title.match(/[A-Za-z0-9]+/g) ?? [];
  const name = words.map((w) => w[0].toUpperCase() + w.slice(1)).join('');
  return truncate(nonEmpty(name, rule.id), MAX_NAME);
}

/** The first prose paragraph of the rule's Markdown docs, for the plain-text full description. */
function firstParagraph(markdown: string): string {
  for (const block of markdown.split(/\n\s*\n/)) {
    const text = block.trim();
    if (text === '' || text.startsWith('#') || text.startsWith('```')) continue;
    return text.replace(/\s+/g, ' ');
  }
  return '';
}

function helpFor(rule: RuleMeta): { text: string; markdown: string } {
  const docs = nonEmpty(rule.docs.trim(), rule.title);
  const aliases = rule.aliases.length > 0 ? rule.aliases : undefined;
  const text = [docs, `Remediation: ${rule.remediation}`, aliases && `Also known as: ${aliases.join(', ')}`];
  const markdown = [
    docs,
    `## Remediation\n\n${rule.remediation}`,
    aliases && `**Also known as:** ${aliases.map((a) => `\`${a}\``).join(', ')}`,
  ];
  return {
    text: text.filter((part): part is string => Boolean(part)).join('\n\n'),
    markdown: markdown.filter((part): part is string => Boolean(part)).join('\n\n'),
  };
}

function uniqueTags(rule: RuleMeta): string[] {
  const tags = ['security', rule.kind, ...(rule.tags ?? [])].filter((t) => t.trim() !== '');
  return [...new Set(tags)].slice(0, MAX_TAGS);
}

function reportingDescriptor(rule: RuleMeta): Record<string, unknown> {
  return {
    id: rule.id,
    name: ruleName(rule),
    shortDescription: { text: truncate(nonEmpty(rule.title, rule.id), MAX_DESCRIPTION) },
    fullDescription: { text: truncate(nonEmpty(firstParagraph(rule.docs), nonEmpty(rule.title, rule.id)), MAX_DESCRIPTION) },
    help: helpFor(rule),
    defaultConfiguration: { level: sarifLevel(rule.severity) },
    properties: {
      tags: uniqueTags(rule),
      precision: precisionFor(rule.kind),
      'security-severity': securitySeverity(rule.severity),
      aliases: rule.aliases.length > 0 ? [...rule.aliases] : undefined,
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Locations

/** Forward slashes, no `./` prefix: the same file must give the same URI on every platform. */
export function normalizePath(path: string): string {
  let p = path.replace(/\\/g, '/');
  while (p.startsWith('./')) p = p.slice(2);
  return p;
}

/**
 * Percent-encodes each path segment. Besides spaces and non-ASCII characters this encodes
 * `:`, so that an image reference like `nginx:1.25` stays a relative reference instead of
 * reading as a URI with scheme `nginx` (GitHub rejects uploads with mismatched schemes).
 */
function encodePath(path: string): string {
  return path
    .split('/')
    .map((segment) => encodeURIComponent(segment).replace(/%40/g, '@'))
    .join('/');
}

export function artifactLocation(path: string, target: Pick<Target, 'kind' | 'name'>): { uri: string; uriBaseId?: string } {
  const p = normalizePath(path);
  if (IMAGE_TARGET_KINDS.has(target.kind)) {
    // Paths inside an image are not files of the repository, so they get no source-root base.
    // An absolute path in the image's file system is prefixed with the image reference (as one
    // encoded segment) so that it neither reads as a local file nor loses which image it is in.
    if (p.startsWith('/')) return { uri: `${encodeURIComponent(target.name)}${encodePath(p)}` };
    return { uri: p === '' ? encodeURIComponent(target.name) : encodePath(p) };
  }
  if (/^[A-Za-z]:\//.test(p) || p.startsWith('/')) {
    // Absolute paths should not reach a report, but if one does, a file: URI is the honest form.
    const absolute = p.startsWith('/') ? p : `/${p}`;
    return { uri: `file://${encodePath(absolute)}` };
  }
  return { uri: p === '' ? '.' : encodePath(p), uriBaseId: SRCROOT };
}

/** A region only with valid 1-based values: GitHub rejects zero, and a region needs a line. */
export function sarifRegion(loc: Location): Record<string, number> | undefined {
  if (!isPositiveInteger(loc.line)) return undefined;
  const startLine = loc.line;
  const endLine = isPositiveInteger(loc.endLine) && loc.endLine >= startLine ? loc.endLine : startLine;
  const startColumn = isPositiveInteger(loc.column) ? loc.column : undefined;
  let endColumn = isPositiveInteger(loc.endColumn) ? loc.endColumn : undefined;
  // On a single line the end cannot come before the start; drop a contradictory end column.
  if (endColumn !== undefined && endLine === startLine && endColumn < (startColumn ?? 1)) endColumn = undefined;
  const region: Record<string, number> = { startLine };
  if (startColumn !== undefined) region.startColumn = startColumn;
  region.endLine = endLine;
  if (endColumn !== undefined) region.endColumn = endColumn;
  return region;
}

/** Layer and package, for findings inside an image: they have no line in any repository file. */
function logicalLocations(f: Finding, target: Target): Record<string, unknown>[] | undefined {
  const out: Record<string, unknown>[] = [];
  const { layer, package: pkg } = f.location;
  if (layer) {
    out.push({
      name: `layer ${layer.index}`,
      fullyQualifiedName: `${target.name}/layers/${layer.index}/${layer.diffID}`,
      kind: 'resource',
    });
  }
  if (pkg) {
    out.push({
      name: pkg.name,
      fullyQualifiedName: pkg.purl ?? (pkg.version ? `${pkg.name}@${pkg.version}` : pkg.name),
      kind: 'module',
    });
  }
  return out.length > 0 ? out : undefined;
}

// ---------------------------------------------------------------------------------------------
// Fingerprints

/**
 * What identifies a finding across commits: rule, file, package and message, but not the line,
 * so inserting lines above it does not turn it into a new alert. Line mentions inside the
 * message are dropped for the same reason.
 */
function fingerprintBase(f: Finding): string {
  const message = f.message
    .replace(/\blines?\s+\d+(\s*(-|–|to)\s*\d+)?/gi, 'line')
    .replace(/\s+/g, ' ')
    .trim();
  const parts = [f.ruleId, normalizePath(f.location.path), f.location.package?.name ?? '', message];
  return createHash('sha256').update(parts.join('\u0000')).digest('hex').slice(0, 32);
}

/**
 * Assigns `hash:n` fingerprints; `n` counts identical findings in order of appearance so that
 * two equal findings in one file (the same mistake on two lines) stay two alerts.
 */
function fingerprints(findings: readonly Finding[]): string[] {
  const seen = new Map<string, number>();
  return findings.map((f) => {
    const base = fingerprintBase(f);
    const n = (seen.get(base) ?? 0) + 1;
    seen.set(base, n);
    return `${base}:${n}`;
  });
}

// ---------------------------------------------------------------------------------------------
// Results

/** GitHub shows the message as the alert title, so it leads with the problem and ends with the fix. */
function resultMessage(f: Finding): string {
  const problem = nonEmpty(f.message.trim(), nonEmpty(f.title, f.ruleId));
  const sentence = /[.!?…]$/.test(problem) ? problem : `${problem}.`;
  const fix = f.remediation.trim();
  return fix === '' ? sentence : `${sentence} Remediation: ${fix}`;
}

function suppressionsFor(f: Finding): Record<string, unknown>[] | undefined {
  const s = f.suppressed;
  if (!s) return undefined;
  const source = s.source ? ` (${s.source})` : '';
  return [
    {
      kind: s.by === 'inline' ? 'inSource' : 'external',
      status: 'accepted',
      justification: nonEmpty(s.reason, `Suppressed by ${s.by}${source}`),
      properties: { by: s.by, source: s.source },
    },
  ];
}

function resultFor(
  f: Finding,
  target: Target,
  ruleIndex: number,
  fingerprint: string,
): Record<string, unknown> {
  return {
    ruleId: f.ruleId,
    ruleIndex,
    level: sarifLevel(f.severity),
    rank: sarifRank(f.severity),
    message: { text: resultMessage(f) },
    locations: [
      {
        physicalLocation: {
          artifactLocation: artifactLocation(f.location.path || target.name, target),
          region: sarifRegion(f.location),
        },
        logicalLocations: logicalLocations(f, target),
      },
    ],
    partialFingerprints: { [FINGERPRINT_KEY]: fingerprint },
    suppressions: suppressionsFor(f),
    properties: {
      severity: f.severity,
      kind: f.kind,
      target: { kind: target.kind, name: target.name },
    },
  };
}

/** `startTimeUtc` must be a date-time; a malformed `createdAt` is left out rather than emitted. */
function startTime(createdAt: string): string | undefined {
  const ms = Date.parse(createdAt);
  return Number.isNaN(ms) ? undefined : new Date(ms).toISOString();
}

/** The SARIF log as a plain object (undefined values are dropped on serialisation). */
export function toSarifLog(report: ScanReport, ctx: ReportContext): Record<string, unknown> {
  const known = new Map(ctx.rules.map((r) => [r.id, r]));
  const ordered = report.targets.flatMap((target) =>
    sortedFindings(target.findings).map((finding) => ({ target, finding })),
  );

  // Only rules with a result are described, each once however many targets hit it.
  const used = new Map<string, RuleMeta>();
  for (const { finding } of ordered) {
    if (!used.has(finding.ruleId)) used.set(finding.ruleId, known.get(finding.ruleId) ?? ruleFromFinding(finding));
  }
  const rules = [...used.values()].sort((a, b) => compareStrings(a.id, b.id));
  const ruleIndex = new Map(rules.map((r, i) => [r.id, i]));
  const prints = fingerprints(ordered.map((o) => o.finding));

  const warnings = report.warnings ?? [];
  const version = report.tool.version;
  return {
    $schema: SARIF_SCHEMA_URI,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: nonEmpty(report.tool.name, 'leftshift'),
            version: version.trim() !== '' ? version : undefined,
            semanticVersion: SEMVER.test(version) ? version : undefined,
            informationUri: LEFTSHIFT_INFORMATION_URI,
            rules: rules.map(reportingDescriptor),
          },
        },
        invocations: [
          {
            executionSuccessful: true,
            startTimeUtc: startTime(report.createdAt),
            toolExecutionNotifications:
              warnings.length > 0 ? warnings.map((w) => ({ level: 'warning', message: { text: w } })) : undefined,
          },
        ],
        originalUriBaseIds: {
          [SRCROOT]: { description: { text: 'The root of the scanned directory (the repository root in CI).' } },
        },
        columnKind: 'utf16CodeUnits',
        results: ordered.map(({ target, finding }, i) =>
          // Every rule id was added to `used` above, so the index lookup cannot miss.
          resultFor(finding, target, ruleIndex.get(finding.ruleId) ?? 0, prints[i]),
        ),
        properties: {
          targets: report.targets.map((t) => ({ kind: t.kind, name: t.name })),
        },
      },
    ],
  };
}

export const sarifWriter: ReportWriter = {
  name: 'sarif',
  description: 'SARIF 2.1.0, for GitHub code scanning and other SARIF viewers',
  mediaType: 'application/sarif+json',
  fileExtension: 'sarif',
  render: (report, ctx) => `${JSON.stringify(toSarifLog(report, ctx), null, 2)}\n`,
};
