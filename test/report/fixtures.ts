import type { RuleMeta } from '../../src/findings/rule-meta.js';
import type { Finding, ScanReport } from '../../src/findings/types.js';
import type { ReportContext } from '../../src/report/types.js';

/** Builds a finding with sensible defaults; tests override only what they are about. */
export function finding(overrides: Partial<Finding> & Pick<Finding, 'ruleId'>): Finding {
  return {
    kind: 'misconfiguration',
    severity: 'MEDIUM',
    title: `Title of ${overrides.ruleId}`,
    message: `Message of ${overrides.ruleId}`,
    aliases: [],
    location: { path: 'Dockerfile', line: 1 },
    remediation: `Fix ${overrides.ruleId}`,
    ...overrides,
  };
}

export const RULES: RuleMeta[] = [
  {
    id: 'LS-DF-001',
    kind: 'misconfiguration',
    severity: 'HIGH',
    title: 'Container runs as root',
    docs: '# Runs as root\n\nA container whose last USER is root gives an attacker root in the container.\n\n```Dockerfile\nUSER root\n```',
    remediation: 'Add `USER 10001` after the last RUN.',
    aliases: ['hadolint:DL3002', 'trivy:DS002'],
    phase: 'dockerfile',
    tags: ['best-practice'],
  },
  {
    id: 'LS-DF-002',
    kind: 'misconfiguration',
    severity: 'LOW',
    title: 'Image tag is latest',
    docs: 'Pin base images so builds are reproducible.',
    remediation: 'Use a digest or a version tag.',
    aliases: [],
    phase: 'dockerfile',
  },
  {
    id: 'LS-SEC-001',
    kind: 'secret',
    severity: 'CRITICAL',
    title: 'AWS access key',
    docs: 'An AWS access key id was found.',
    remediation: 'Revoke the key and pass it as a build secret.',
    aliases: [],
    phase: 'context',
  },
  {
    id: 'LS-UNUSED-999',
    kind: 'misconfiguration',
    severity: 'INFO',
    title: 'A rule with no findings',
    docs: 'Never reported in the fixtures.',
    remediation: 'Nothing.',
    aliases: [],
    phase: 'dockerfile',
  },
];

/**
 * Two targets, every severity, a suppressed finding, a finding without a line, unicode, a pipe
 * and HTML in a message, and a rule (LS-DF-001) that fires in both targets. Findings are
 * deliberately out of order.
 */
export function sampleReport(): ScanReport {
  return {
    schemaVersion: '1.0.0',
    tool: { name: 'leftshift', version: '0.1.0' },
    createdAt: '2025-01-02T03:04:05.000Z',
    targets: [
      {
        kind: 'dockerfile',
        name: 'Dockerfile',
        metadata: { stages: 2, finalStage: 'runtime' },
        findings: [
          finding({ ruleId: 'LS-DF-002', severity: 'LOW', location: { path: 'Dockerfile', line: 1, column: 6, endColumn: 19 } }),
          finding({
            ruleId: 'LS-DF-001',
            severity: 'HIGH',
            title: 'Container runs as root',
            message: 'The last USER is root | set at line 9 <script>alert(1)</script>',
            location: { path: 'Dockerfile', line: 9, endLine: 9 },
          }),
          finding({ ruleId: 'LS-DF-003', severity: 'MEDIUM', message: 'Whole-file problem: café ☕ 日本語', location: { path: 'Dockerfile' } }),
          finding({
            ruleId: 'LS-DF-004',
            severity: 'INFO',
            location: { path: 'Dockerfile', line: 4 },
            suppressed: { by: 'inline', reason: 'we need curl here', source: 'Dockerfile:3' },
          }),
        ],
      },
      {
        kind: 'context',
        name: '.',
        findings: [
          finding({
            ruleId: 'LS-SEC-001',
            kind: 'secret',
            severity: 'CRITICAL',
            title: 'AWS access key',
            message: 'AWS access key AKIA************MPLE in config/dev env',
            location: { path: 'config/dev env', line: 2, column: 5, endColumn: 25 },
            details: { zeta: 1, alpha: { b: 2, a: 1 } },
          }),
          finding({ ruleId: 'LS-DF-001', severity: 'HIGH', location: { path: 'sub/Dockerfile', line: 3 } }),
          finding({ ruleId: 'LS-DF-005', severity: 'LOW', location: { path: 'a.txt', line: 0 }, suppressed: { by: 'ignorefile' } }),
        ],
      },
    ],
    warnings: ['skipped symlink loop at ./link'],
  };
}

export function ctx(overrides: Partial<ReportContext> = {}): ReportContext {
  return { rules: RULES, color: false, ...overrides };
}
