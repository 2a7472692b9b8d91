import { test } from 'node:test';
import assert from 'node:assert/strict';
import { filterBySeverity, filterSkippedRules, parseSeverityFilter, policyFailed } from '../../src/findings/policy.js';
import { applyIgnoreEntries } from '../../src/findings/suppress.js';
import { parseIgnoreFile } from '../../src/config/ignore-file.js';
import type { Finding, ScanReport } from '../../src/findings/types.js';
import type { Severity } from '../../src/findings/severity.js';
import { UsageError } from '../../src/errors.js';

function finding(ruleId: string, severity: Severity, path = 'Dockerfile', aliases: string[] = []): Finding {
  return { ruleId, kind: 'misconfiguration', severity, title: 't', message: 'm', aliases, location: { path, line: 1 }, remediation: 'r' };
}

function report(findings: Finding[]): ScanReport {
  return { schemaVersion: '1.0.0', tool: { name: 'leftshift', version: '0' }, createdAt: '', targets: [{ kind: 'dockerfile', name: 'Dockerfile', findings }] };
}

test('--severity accepts lists and X+ thresholds, rejects unknown names', () => {
  assert.deepEqual(parseSeverityFilter('high,critical'), ['CRITICAL', 'HIGH']);
  assert.deepEqual(parseSeverityFilter('MEDIUM+'), ['CRITICAL', 'HIGH', 'MEDIUM']);
  assert.throws(() => parseSeverityFilter('urgent'), UsageError);
});

test('fail-on: only unsuppressed findings at or above the threshold fail', () => {
  const low = finding('A', 'LOW');
  const high = finding('B', 'HIGH');
  assert.equal(policyFailed(report([low, high]), 'HIGH'), true);
  assert.equal(policyFailed(report([low]), 'HIGH'), false);
  assert.equal(policyFailed(report([{ ...high, suppressed: { by: 'inline' } }]), 'HIGH'), false);
  assert.equal(policyFailed(report([low, high]), undefined), false);
  assert.equal(policyFailed(report([finding('C', 'CRITICAL')]), 'HIGH'), true);
});

test('severity filter and skip-rules (by id or alias)', () => {
  const targets = report([finding('LS-DF-005', 'MEDIUM', 'Dockerfile', ['hadolint:DL3007']), finding('LS-DF-001', 'HIGH')]).targets;
  assert.deepEqual(filterBySeverity(targets, ['HIGH'])[0]!.findings.map((f) => f.ruleId), ['LS-DF-001']);
  assert.deepEqual(filterSkippedRules(targets, ['DL3007'])[0]!.findings.map((f) => f.ruleId), ['LS-DF-001']);
  assert.deepEqual(filterSkippedRules(targets, ['ls-df-001'])[0]!.findings.map((f) => f.ruleId), ['LS-DF-005']);
});

test('ignore entries suppress by id, alias and path; expired ones warn and do not suppress', () => {
  const entries = parseIgnoreFile('LS-DF-001 docker/**\nDL3007 # known\nLS-DF-009 exp:2020-01-01\n', '.leftshiftignore');
  const fs = [finding('LS-DF-001', 'HIGH', 'docker/app/Dockerfile'), finding('LS-DF-001', 'HIGH', 'Dockerfile'), finding('LS-DF-005', 'MEDIUM', 'Dockerfile', ['hadolint:DL3007']), finding('LS-DF-009', 'HIGH')];
  const r = applyIgnoreEntries(fs, entries, new Date('2026-11-29T00:00:00Z'));
  assert.deepEqual(r.findings.map((f) => f.suppressed?.by ?? null), ['ignorefile', null, 'ignorefile', null]);
  assert.equal(r.findings[2]!.suppressed!.reason, 'known');
  assert.equal(r.findings[0]!.suppressed!.source, '.leftshiftignore:1');
  assert.equal(r.warnings.length, 1);
  assert.match(r.warnings[0]!, /expired on 2020-01-01/);
  // On the expiry day itself the entry still holds.
  const sameDay = applyIgnoreEntries([finding('LS-DF-009', 'HIGH')], entries, new Date('2020-01-01T18:00:00Z'));
  assert.equal(sameDay.findings[0]!.suppressed?.by, 'ignorefile');
});
