import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ScanReport } from '../../src/findings/types.js';
import { tableWriter, TABLE_WIDTH } from '../../src/report/table.js';
import { ctx, finding, sampleReport } from './fixtures.js';

const ESC = '\u001b';

function render(report: ScanReport = sampleReport(), options: { color?: boolean; showSuppressed?: boolean } = {}): string {
  return tableWriter.render(report, ctx(options));
}

function lines(out: string): string[] {
  return out.split('\n');
}

describe('table writer', () => {
  it('writes no ANSI escapes without colour, and some with it', () => {
    assert.equal(render(sampleReport(), { color: false }).includes(ESC), false);
    assert.ok(render(sampleReport(), { color: true }).includes(`${ESC}[`));
  });

  it('neutralises escape sequences that come from scanned files', () => {
    const report = sampleReport();
    report.targets[0].findings.push(
      finding({ ruleId: 'LS-EVIL', title: `bad\u001b[2Jtitle`, message: `LABEL says \u001b]0;pwned\u0007 and \u202Eevil`, location: { path: 'Dockerfile', line: 2 } }),
    );
    const out = render(report, { color: false });
    assert.equal(out.includes(ESC), false);
    assert.equal(out.includes('\u0007'), false);
    assert.equal(out.includes('\u202E'), false);
    assert.ok(out.includes('LABEL says'));
  });

  it('starts each target with its name, kind and counts', () => {
    const out = lines(render());
    const header = out.indexOf('Dockerfile (dockerfile)');
    assert.ok(header >= 0);
    assert.equal(out[header + 1], 'Findings: 3 (HIGH: 1, MEDIUM: 1, LOW: 1), 1 suppressed');
    assert.ok(out.includes('. (context)'));
  });

  it('orders rows by severity, then line', () => {
    const report: ScanReport = {
      ...sampleReport(),
      targets: [{
        kind: 'dockerfile',
        name: 'Dockerfile',
        findings: [
          finding({ ruleId: 'R-LOW', severity: 'LOW', location: { path: 'Dockerfile', line: 1 } }),
          finding({ ruleId: 'R-HIGH-20', severity: 'HIGH', location: { path: 'Dockerfile', line: 20 } }),
          finding({ ruleId: 'R-CRIT', severity: 'CRITICAL', location: { path: 'Dockerfile', line: 30 } }),
          finding({ ruleId: 'R-HIGH-5', severity: 'HIGH', location: { path: 'Dockerfile', line: 5 } }),
        ],
      }],
    };
    const rows = lines(render(report)).filter((l) => /^(CRITICAL|HIGH|MEDIUM|LOW|INFO) /.test(l));
    assert.deepEqual(rows.map((r) => r.split(/\s+/)[1]), ['R-CRIT', 'R-HIGH-5', 'R-HIGH-20', 'R-LOW']);
  });

  it('shows severity, rule, line and title on one row, then message and remediation indented', () => {
    const out = lines(render());
    const row = out.findIndex((l) => l.includes('LS-DF-001') && l.startsWith('HIGH'));
    assert.match(out[row], /^HIGH\s+LS-DF-001\s+9\s+Container runs as root$/);
    assert.equal(out[row + 1], '    The last USER is root | set at line 9 <script>alert(1)</script>');
    assert.equal(out[row + 2], '    Remediation: Fix LS-DF-001');
    const wholeFile = out.find((l) => l.includes('LS-DF-003'));
    assert.match(wholeFile ?? '', /LS-DF-003\s+-\s+Title/, 'a finding without a line shows "-"');
  });

  it('shows the path when a finding is in another file than the target', () => {
    const out = render();
    assert.match(out, /CRITICAL\s+LS-SEC-001\s+config\/dev env:2\s+AWS access key/);
    assert.match(out, /SEVERITY\s+RULE\s+LOCATION\s+TITLE/);
  });

  it('hides suppressed findings by default but counts them', () => {
    const out = render();
    assert.equal(out.includes('LS-DF-004'), false);
    assert.equal(out.includes('LS-DF-005'), false);
    assert.ok(out.trimEnd().endsWith('Total: 5 (CRITICAL: 1, HIGH: 2, MEDIUM: 1, LOW: 1, INFO: 0, suppressed: 2 not shown)'));
  });

  it('lists suppressed findings with their reason when asked', () => {
    const out = render(sampleReport(), { showSuppressed: true });
    assert.ok(out.includes('LS-DF-004'));
    assert.ok(out.includes('Suppressed by inline (Dockerfile:3): we need curl here'));
    assert.ok(out.trimEnd().endsWith('suppressed: 2)'));
  });

  it('says "No findings" for a clean target and still prints the total', () => {
    const report: ScanReport = { ...sampleReport(), targets: [{ kind: 'dockerfile', name: 'Dockerfile', findings: [] }], warnings: [] };
    const out = lines(render(report));
    assert.deepEqual(out.slice(0, 2), ['Dockerfile (dockerfile)', 'No findings']);
    assert.equal(out.some((l) => l.startsWith('SEVERITY')), false);
    assert.equal(out[out.length - 2], 'Total: 0 (CRITICAL: 0, HIGH: 0, MEDIUM: 0, LOW: 0, INFO: 0)');
    assert.equal(out[out.length - 1], '');
  });

  it('wraps long messages to the terminal width without losing words', () => {
    const words = Array.from({ length: 60 }, (_, i) => `word${i}`);
    const report: ScanReport = {
      ...sampleReport(),
      targets: [{
        kind: 'dockerfile',
        name: 'Dockerfile',
        findings: [finding({ ruleId: 'R', message: words.join(' '), remediation: `see https://example.com/${'x'.repeat(150)}` })],
      }],
    };
    const out = lines(render(report));
    for (const l of out) assert.ok(Array.from(l).length <= TABLE_WIDTH, `too long: ${l}`);
    const body = out.filter((l) => l.startsWith('    ')).map((l) => l.trim()).join(' ');
    for (const w of words) assert.ok(body.includes(w), w);
    assert.ok(out.filter((l) => l.startsWith('    ')).length > 2, 'the message took several lines');
  });

  it('prints warnings', () => {
    assert.ok(lines(render()).includes('- skipped symlink loop at ./link'));
  });

  it('says "No findings" with the suppressed count when everything is suppressed', () => {
    const report: ScanReport = {
      ...sampleReport(),
      targets: [{ kind: 'dockerfile', name: 'Dockerfile', findings: [finding({ ruleId: 'R', suppressed: { by: 'config' } })] }],
    };
    assert.equal(lines(render(report))[1], 'No findings, 1 suppressed');
  });

  it('keeps the title readable when the location is very long', () => {
    const path = `${'deep/'.repeat(30)}Dockerfile`;
    const report: ScanReport = {
      ...sampleReport(),
      targets: [{ kind: 'context', name: '.', findings: [finding({ ruleId: 'R', title: 'A short title here', location: { path, line: 3 } })] }],
    };
    const row = lines(render(report)).find((l) => l.startsWith('MEDIUM'));
    assert.ok(row?.endsWith(`${path}:3  A short title here`), row);
  });
});

import { describe as describeVulns, it as itVulns } from 'node:test';
import { tableWriter as vulnTable } from '../../src/report/table.js';
import { ctx as vulnCtx, finding as vulnFinding } from './fixtures.js';

describeVulns('table: vulnerabilities grouped by package', () => {
  itVulns('lists each package once with severity, id, fixed version and title of each vulnerability', () => {
    const mk = (id: string, sev: 'HIGH' | 'MEDIUM', pkg: string, fixed: string[]) =>
      vulnFinding({ ruleId: id, kind: 'vulnerability', severity: sev, title: `${id} title`, location: { path: `app/node_modules/${pkg}/package.json`, package: { name: pkg, version: '1.0.0' } }, details: { vulnerability: { fixedVersions: fixed } } });
    const report = { schemaVersion: '1.1.0', tool: { name: 'leftshift', version: '0' }, createdAt: '', targets: [{ kind: 'image' as const, name: 'img', findings: [mk('CVE-1', 'HIGH', 'a', ['1.0.1']), mk('CVE-2', 'MEDIUM', 'a', []), mk('CVE-3', 'HIGH', 'b', ['2.0.0'])] }] };
    const text = vulnTable.render(report, vulnCtx());
    assert.match(text, /Vulnerabilities: 3 in 2 packages/);
    assert.equal(text.split('\n').filter((l) => /^a 1\.0\.0/.test(l)).length, 1, 'one header per package');
    assert.match(text, /HIGH\s+CVE-1\s+fixed 1\.0\.1\s+CVE-1 title/);
    assert.match(text, /MEDIUM\s+CVE-2\s+no fix/);
  });
});
