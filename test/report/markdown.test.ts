import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ScanReport } from '../../src/findings/types.js';
import { COLLAPSE_AFTER, escapeMarkdown, markdownWriter, MAX_ROWS_PER_TARGET } from '../../src/report/markdown.js';
import { ctx, finding, sampleReport } from './fixtures.js';

function render(report: ScanReport = sampleReport(), showSuppressed = false): string {
  return markdownWriter.render(report, ctx({ showSuppressed }));
}

/** Cell separators of a GFM table row: pipes not preceded by a backslash. */
function unescapedPipes(row: string): number {
  return (row.match(/(?<!\\)\|/g) ?? []).length;
}

function reportWith(count: number): ScanReport {
  const findings = Array.from({ length: count }, (_, i) => finding({ ruleId: `R-${i}`, location: { path: 'Dockerfile', line: i + 1 } }));
  return { ...sampleReport(), targets: [{ kind: 'dockerfile', name: 'Dockerfile', findings }], warnings: undefined };
}

describe('markdown writer', () => {
  it('escapes pipes so a message cannot add table cells', () => {
    const out = render();
    const row = out.split('\n').find((l) => l.includes('LS-DF-001') && l.includes('USER is root'));
    assert.ok(row);
    assert.ok(row.includes('root \\| set'));
    assert.equal(unescapedPipes(row), 6, 'five columns');
  });

  it('escapes HTML, Markdown syntax and mentions', () => {
    assert.equal(render().includes('<script>'), false);
    assert.equal(escapeMarkdown('<b>x</b> & y'), '&lt;b&gt;x&lt;/b&gt; &amp; y');
    assert.equal(escapeMarkdown('[click](http://evil) *bold* _em_'), '\\[click\\](http://evil) \\*bold\\* \\_em\\_');
    assert.equal(escapeMarkdown('ping @octocat').includes('@'), false);
    assert.equal(escapeMarkdown('line one\nline two'), 'line one<br>line two');
  });

  it('keeps backtick spans as escaped <code>', () => {
    assert.equal(escapeMarkdown('Add `USER a|b` now'), 'Add <code>USER a\\|b</code> now');
    assert.equal(escapeMarkdown('a lone ` backtick'), 'a lone \\` backtick');
  });

  it('has a summary table with a row per severity', () => {
    const out = render();
    for (const [severity, n] of [['CRITICAL', 1], ['HIGH', 2], ['MEDIUM', 1], ['LOW', 1], ['INFO', 0]] as const) {
      assert.ok(out.includes(`| ${severity} | ${n} |`), severity);
    }
    assert.ok(out.includes('| Suppressed | 2 |'));
    assert.ok(out.includes('**5 findings** in 2 targets.'));
  });

  it('has a table per target with severity, rule, location, title and remediation', () => {
    const out = render();
    assert.ok(out.includes('### Dockerfile (dockerfile)'));
    assert.ok(out.includes('| Severity | Rule | Location | Title | Remediation |'));
    assert.ok(out.includes('| **CRITICAL** | LS-SEC-001 | config/dev env:2 |'));
    // Without a line, the location is just the path.
    assert.match(out, /\| LS-DF-003 \| Dockerfile \|/);
    assert.ok(out.includes('café ☕ 日本語'));
  });

  it('does not list suppressed findings unless asked, and then collapses them', () => {
    assert.equal(render().includes('LS-DF-004'), false);
    assert.ok(render().includes('_1 suppressed finding not shown._'));
    const shown = render(sampleReport(), true);
    const details = shown.indexOf('<summary>1 suppressed</summary>');
    assert.ok(details >= 0 && shown.indexOf('LS-DF-004') > details);
    assert.ok(shown.includes('inline: we need curl here'));
  });

  it('collapses long tables into <details> with blank lines around the table', () => {
    assert.equal(render(reportWith(COLLAPSE_AFTER)).includes('<details>'), false);
    const out = render(reportWith(COLLAPSE_AFTER + 1));
    assert.ok(out.includes(`<summary>${COLLAPSE_AFTER + 1} findings</summary>\n\n| Severity |`));
  });

  it('cuts a huge target and says how many rows were left out', () => {
    const out = render(reportWith(MAX_ROWS_PER_TARGET + 5));
    assert.equal(out.split('\n').filter((l) => l.startsWith('| **')).length, MAX_ROWS_PER_TARGET);
    assert.ok(out.includes('_5 more not shown;'));
  });

  it('says so when there is nothing to report', () => {
    const out = render(reportWith(0));
    assert.ok(out.includes('No findings in 1 target.'));
    assert.ok(out.includes('No findings.'));
  });
});
