import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { JSON_SCHEMA_VERSION, type ScanReport } from '../../src/findings/types.js';
import { jsonWriter } from '../../src/report/json.js';
import { REPO_ROOT } from '../helpers/repo.js';
import { ctx, finding, sampleReport } from './fixtures.js';

interface JsonFinding {
  ruleId: string;
  message: string;
  location: Record<string, unknown>;
  details?: Record<string, unknown>;
  suppressed?: Record<string, unknown>;
}
interface JsonTarget {
  kind: string;
  name: string;
  metadata?: Record<string, unknown>;
  findings: JsonFinding[];
}
interface JsonDoc {
  schemaVersion: string;
  tool: { name: string; version: string };
  createdAt: string;
  targets: JsonTarget[];
  warnings?: string[];
  summary: { total: number; bySeverity: Record<string, number>; suppressed: number };
}

function render(report: ScanReport = sampleReport()): string {
  return jsonWriter.render(report, ctx());
}

function parse(report: ScanReport = sampleReport()): JsonDoc {
  return JSON.parse(render(report)) as JsonDoc;
}

describe('json writer', () => {
  it('is two-space indented and ends with exactly one newline', () => {
    const out = render();
    assert.ok(out.endsWith('}\n') && !out.endsWith('\n\n'));
    assert.equal(out.split('\n')[1], '  "schemaVersion": "1.0.0",');
  });

  it('puts top-level, finding and location keys in the documented order', () => {
    const doc = parse();
    assert.deepEqual(Object.keys(doc), ['schemaVersion', 'tool', 'createdAt', 'targets', 'warnings', 'summary']);
    assert.deepEqual(Object.keys(doc.targets[0]), ['kind', 'name', 'metadata', 'findings']);
    const secret = doc.targets[1].findings.find((f) => f.ruleId === 'LS-SEC-001');
    assert.ok(secret);
    assert.deepEqual(Object.keys(secret), [
      'ruleId', 'kind', 'severity', 'title', 'message', 'aliases', 'location', 'remediation', 'details',
    ]);
    assert.deepEqual(Object.keys(secret.location), ['path', 'line', 'column', 'endColumn']);
  });

  it('sorts findings by path, then line (no line first), then rule id', () => {
    const doc = parse();
    assert.deepEqual(doc.targets[0].findings.map((f) => f.ruleId), ['LS-DF-003', 'LS-DF-002', 'LS-DF-004', 'LS-DF-001']);
    // a.txt < config/dev env < sub/Dockerfile
    assert.deepEqual(doc.targets[1].findings.map((f) => f.ruleId), ['LS-DF-005', 'LS-SEC-001', 'LS-DF-001']);

    const sameLine = sampleReport();
    sameLine.targets = [{
      kind: 'dockerfile',
      name: 'Dockerfile',
      findings: [finding({ ruleId: 'B', location: { path: 'Dockerfile', line: 2 } }), finding({ ruleId: 'A', location: { path: 'Dockerfile', line: 2 } })],
    }];
    assert.deepEqual(parse(sameLine).targets[0].findings.map((f) => f.ruleId), ['A', 'B']);
  });

  it('gives byte-identical output whatever the input order of findings and detail keys', () => {
    const shuffled = sampleReport();
    for (const t of shuffled.targets) t.findings.reverse();
    const secret = shuffled.targets[1].findings.find((f) => f.ruleId === 'LS-SEC-001');
    assert.ok(secret);
    secret.details = { alpha: { a: 1, b: 2 }, zeta: 1 };
    assert.equal(render(shuffled), render());
  });

  it('sorts the keys of free-form details and metadata recursively', () => {
    const doc = parse();
    const secret = doc.targets[1].findings.find((f) => f.ruleId === 'LS-SEC-001');
    assert.ok(secret?.details);
    assert.deepEqual(Object.keys(secret.details), ['alpha', 'zeta']);
    assert.deepEqual(Object.keys(secret.details.alpha as object), ['a', 'b']);
    assert.deepEqual(Object.keys(doc.targets[0].metadata ?? {}), ['finalStage', 'stages']);
  });

  it('keeps suppressed findings, marked, and counts them apart from the total', () => {
    const doc = parse();
    const suppressed = doc.targets[0].findings.find((f) => f.ruleId === 'LS-DF-004');
    assert.deepEqual(suppressed?.suppressed, { by: 'inline', reason: 'we need curl here', source: 'Dockerfile:3' });
    assert.deepEqual(doc.summary, {
      total: 5,
      bySeverity: { CRITICAL: 1, HIGH: 2, MEDIUM: 1, LOW: 1, INFO: 0 },
      suppressed: 2,
    });
    assert.deepEqual(Object.keys(doc.summary.bySeverity), ['CRITICAL', 'HIGH', 'MEDIUM', 'LOW', 'INFO']);
  });

  it('round-trips text exactly, unicode and pipes included', () => {
    const doc = parse();
    const messages = doc.targets.flatMap((t) => t.findings.map((f) => f.message));
    assert.ok(messages.includes('Whole-file problem: café ☕ 日本語'));
    assert.ok(messages.includes('The last USER is root | set at line 9 <script>alert(1)</script>'));
    assert.equal(doc.createdAt, '2025-01-02T03:04:05.000Z');
    assert.deepEqual(doc.tool, { name: 'leftshift', version: '0.1.0' });
  });

  it('leaves out absent optional fields instead of writing null', () => {
    const doc = parse();
    const wholeFile = doc.targets[0].findings.find((f) => f.ruleId === 'LS-DF-003');
    assert.deepEqual(wholeFile?.location, { path: 'Dockerfile' });
    assert.equal('suppressed' in (wholeFile ?? {}), false);

    const clean = sampleReport();
    clean.warnings = [];
    clean.targets = [{ kind: 'dockerfile', name: 'Dockerfile', findings: [] }];
    const cleanDoc = parse(clean);
    assert.equal('warnings' in cleanDoc, false);
    assert.equal('metadata' in cleanDoc.targets[0], false);
    assert.equal(render(clean).includes('null'), false);
  });

  it('does not reorder the caller\'s findings', () => {
    const report = sampleReport();
    const before = report.targets[0].findings.map((f) => f.ruleId);
    render(report);
    assert.deepEqual(report.targets[0].findings.map((f) => f.ruleId), before);
  });
});

describe('docs/json-output.md', () => {
  it('shows an example that is exactly what the writer prints for that report', async () => {
    const text = await readFile(join(REPO_ROOT, 'docs', 'json-output.md'), 'utf8').catch(() => undefined);
    assert.ok(text, 'docs/json-output.md not found');
    const example = /## Example\n\n```json\n([\s\S]*?)```/.exec(text)?.[1];
    assert.ok(example);

    const report: ScanReport = {
      schemaVersion: JSON_SCHEMA_VERSION,
      tool: { name: 'leftshift', version: '0.1.0' },
      createdAt: '2025-01-02T03:04:05.000Z',
      targets: [
        {
          kind: 'dockerfile',
          name: 'Dockerfile',
          metadata: { finalStage: 'runtime' },
          findings: [
            finding({
              ruleId: 'LS-DF-004',
              severity: 'LOW',
              title: 'apt-get install without --no-install-recommends',
              message: 'apt-get install pulls in recommended packages.',
              location: { path: 'Dockerfile', line: 12 },
              remediation: 'Add --no-install-recommends.',
              suppressed: { by: 'inline', reason: 'we need the recommended fonts', source: 'Dockerfile:11' },
            }),
            finding({
              ruleId: 'LS-DF-001',
              severity: 'HIGH',
              title: 'Container runs as root',
              message: 'The final stage has no USER instruction, so the container runs as root.',
              aliases: ['hadolint:DL3002', 'trivy:DS002'],
              location: { path: 'Dockerfile', line: 9, endLine: 9 },
              remediation: 'Add `USER 10001` after the last RUN instruction.',
            }),
          ],
        },
        { kind: 'context', name: '.', findings: [] },
      ],
    };
    assert.equal(render(report), example);
  });
});
