import { SEVERITIES } from '../findings/severity.js';
import type { Finding, ScanReport, Target } from '../findings/types.js';
import { compareFindingsBySeverity, countFindings, countReport, sortedFindings } from './order.js';
import { formatLines, stripControlCharacters } from './text.js';
import type { ReportContext, ReportWriter } from './types.js';

/*
 * GitHub-flavoured Markdown for PR comments and job summaries. Cell text comes from scanned
 * files, so it is escaped: a `|` must not split a cell, HTML must not render, Markdown must not
 * turn into links or formatting, and `@name` must not notify anybody.
 */

/** Above this many findings a target's table is collapsed so the comment stays readable. */
export const COLLAPSE_AFTER = 10;
/**
 * Rows per target. GitHub caps a comment at 65,536 characters; the full list is in the JSON
 * and SARIF outputs, so a huge target is cut here with a note rather than failing to post.
 */
export const MAX_ROWS_PER_TARGET = 100;

const ESCAPES: Record<string, string> = {
  '\\': '\\\\',
  '`': '\\`',
  '*': '\\*',
  _: '\\_',
  '[': '\\[',
  ']': '\\]',
  '~': '\\~',
  '|': '\\|',
  '#': '\\#',
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  '@': '&#64;',
};

function escapeChars(text: string): string {
  let out = '';
  for (const ch of text) out += ch === '\n' ? '<br>' : (ESCAPES[ch] ?? ch);
  return out;
}

/**
 * Escapes text for a table cell or a line of prose; newlines become `<br>`. Backtick spans
 * (rules write `USER 10001`) become `<code>` with escaped content: a Markdown code span would
 * show a `\|` literally and cannot hold a backtick, the tag has neither problem.
 */
export function escapeMarkdown(text: string): string {
  const cleaned = stripControlCharacters(text).replace(/\r\n?/g, '\n').trim();
  let out = '';
  let last = 0;
  for (const m of cleaned.matchAll(/`([^`\n]+)`/g)) {
    out += escapeChars(cleaned.slice(last, m.index)) + `<code>${escapeChars(m[1])}</code>`;
    last = m.index + m[0].length;
  }
  return out + escapeChars(cleaned.slice(last));
}

function location(f: Finding): string {
  const lines = formatLines(f.location);
  const path = f.location.path;
  const pkg = f.location.package ? ` (${f.location.package.name}${f.location.package.version ? `@${f.location.package.version}` : ''})` : '';
  return escapeMarkdown(`${path}${lines === '' ? '' : `:${lines}`}${pkg}`);
}

function row(cells: string[]): string {
  return `| ${cells.join(' | ')} |`;
}

function findingsTable(findings: readonly Finding[], withReason: boolean): string[] {
  const head = ['Severity', 'Rule', 'Location', 'Title', 'Remediation', ...(withReason ? ['Suppressed'] : [])];
  const lines = [row(head), row(head.map(() => '---'))];
  for (const f of findings.slice(0, MAX_ROWS_PER_TARGET)) {
    const cells = [
      `**${f.severity}**`,
      escapeMarkdown(f.ruleId),
      location(f),
      f.message.trim() !== '' && f.message !== f.title
        ? `${escapeMarkdown(f.title)}<br>${escapeMarkdown(f.message)}`
        : escapeMarkdown(f.title),
      escapeMarkdown(f.remediation),
    ];
    if (withReason && f.suppressed) {
      const reason = f.suppressed.reason ? `: ${f.suppressed.reason}` : '';
      cells.push(escapeMarkdown(`${f.suppressed.by}${reason}`));
    }
    lines.push(row(cells));
  }
  if (findings.length > MAX_ROWS_PER_TARGET) {
    lines.push('', `_${findings.length - MAX_ROWS_PER_TARGET} more not shown; see the JSON or SARIF report for all of them._`);
  }
  return lines;
}

/** GitHub renders Markdown inside `<details>` only when blank lines separate it from the tags. */
function collapsible(summary: string, body: string[]): string[] {
  return ['<details>', `<summary>${summary}</summary>`, '', ...body, '', '</details>'];
}

function renderTarget(target: Target, ctx: ReportContext): string[] {
  const counts = countFindings(target.findings);
  const sorted = sortedFindings(target.findings, compareFindingsBySeverity);
  const visible = sorted.filter((f) => !f.suppressed);
  const suppressed = sorted.filter((f) => f.suppressed);
  const out = [`### ${escapeMarkdown(target.name)} (${target.kind})`, ''];

  if (visible.length === 0) out.push('No findings.');
  else if (visible.length > COLLAPSE_AFTER) out.push(...collapsible(`${counts.total} findings`, findingsTable(visible, false)));
  else out.push(...findingsTable(visible, false));

  if (suppressed.length > 0) {
    out.push('');
    if (ctx.showSuppressed) out.push(...collapsible(`${suppressed.length} suppressed`, findingsTable(suppressed, true)));
    else out.push(`_${suppressed.length} suppressed finding${suppressed.length === 1 ? '' : 's'} not shown._`);
  }
  out.push('');
  return out;
}

function renderMarkdown(report: ScanReport, ctx: ReportContext): string {
  const counts = countReport(report);
  const out = ['## leftshift scan results', ''];
  const targets = `${report.targets.length} target${report.targets.length === 1 ? '' : 's'}`;
  out.push(
    counts.total === 0
      ? `No findings in ${targets}.`
      : `**${counts.total} finding${counts.total === 1 ? '' : 's'}** in ${targets}.`,
    '',
  );
  out.push(row(['Severity', 'Count']), row(['---', '---:']));
  for (const s of SEVERITIES) out.push(row([s, String(counts.bySeverity[s])]));
  if (counts.suppressed > 0) out.push(row(['Suppressed', String(counts.suppressed)]));
  out.push('');

  for (const target of report.targets) out.push(...renderTarget(target, ctx));

  const warnings = report.warnings ?? [];
  if (warnings.length > 0) {
    out.push(...collapsible(`${warnings.length} warning${warnings.length === 1 ? '' : 's'}`, warnings.map((w) => `- ${escapeMarkdown(w)}`)), '');
  }
  out.push(`<sub>${escapeMarkdown(`${report.tool.name} ${report.tool.version}`)}, ${escapeMarkdown(report.createdAt)}</sub>`);
  return `${out.join('\n')}\n`;
}

export const markdownWriter: ReportWriter = {
  name: 'markdown',
  description: 'GitHub-flavoured Markdown for pull request comments and job summaries',
  mediaType: 'text/markdown',
  fileExtension: 'md',
  render: renderMarkdown,
};
