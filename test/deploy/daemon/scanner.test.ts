import { test } from 'node:test';
import assert from 'node:assert/strict';
import { daemonScanner } from '../../../src/deploy/daemon/index.js';
import { OPTS, loadTree, repoPath, scanFiles } from '../../rules/compose/helpers.js';

const ROOT = repoPath('test/fixtures/daemon');

const load = (sub = '') => loadTree(ROOT, sub);

test('claims daemon.json wherever it is, and nothing else', () => {
  for (const p of ['daemon.json', 'etc/docker/daemon.json', 'roles/docker/files/daemon.json', 'home/u/.config/docker/daemon.json']) assert.equal(daemonScanner.claims(p, '{}'), true, p);
  for (const p of ['daemon.yaml', 'docker.json', 'daemon.json.bak']) assert.equal(daemonScanner.claims(p, '{}'), false, p);
});

test('hardened and rootless configurations produce no findings', () => {
  assert.deepEqual(scanFiles(daemonScanner, [...load('hardened'), ...load('rootless')]).findings, []);
});

test('the insecure configuration: every problem on its line', () => {
  const { findings } = scanFiles(daemonScanner, load('insecure'));
  assert.deepEqual(findings.map((f) => [f.ruleId, f.severity, f.location.line]), [
    ['LS-DAEMON-004', 'MEDIUM', 1], ['LS-DAEMON-007', 'INFO', 1], ['LS-DAEMON-003', 'CRITICAL', 2],
    ['LS-DAEMON-002', 'HIGH', 3], ['LS-DAEMON-002', 'HIGH', 3], ['LS-DAEMON-002', 'LOW', 3],
    ['LS-DAEMON-005', 'LOW', 4], ['LS-DAEMON-006', 'LOW', 5], ['LS-DAEMON-008', 'HIGH', 6], ['LS-DAEMON-009', 'LOW', 7],
  ]);
});

test('TLS without verification is HIGH for every TCP listener', () => {
  const { findings } = scanFiles(daemonScanner, load('tls-without-verify'));
  assert.deepEqual(findings.map((f) => [f.ruleId, f.severity, f.details?.['host']]), [['LS-DAEMON-003', 'HIGH', 'tcp://127.0.0.1:2375'], ['LS-DAEMON-003', 'HIGH', '10.1.2.3:2376']]);
});

test('an empty configuration reports the insecure defaults on line 1', () => {
  const { findings } = scanFiles(daemonScanner, load('empty'));
  assert.deepEqual(findings.map((f) => [f.ruleId, f.location.line]), [['LS-DAEMON-004', 1], ['LS-DAEMON-005', 1], ['LS-DAEMON-006', 1], ['LS-DAEMON-007', 1]]);
});

test('invalid JSON is one finding with line and column; another program\'s daemon.json is skipped', () => {
  const { findings, targets } = scanFiles(daemonScanner, [...load('invalid'), ...load('other-program')]);
  assert.deepEqual(findings.map((f) => [f.location.path, f.ruleId, f.location.line, f.location.column]), [['invalid/daemon.json', 'LS-DAEMON-001', 3, 3]]);
  assert.match(findings[0]!.message, /comments/);
  assert.equal(targets.targets.length, 1);
});

test('the same unknown-keys file under a docker/ directory is checked', () => {
  const r = daemonScanner.scan([{ path: 'etc/docker/daemon.json', text: '{ "port": 8080 }' }], OPTS);
  assert.equal(r.targets.length, 1);
});

test('huge files are skipped with a warning', () => {
  const r = daemonScanner.scan([{ path: 'daemon.json', text: '{"icc": false' + ' '.repeat(5 * 1024 * 1024) + '}' }], OPTS);
  assert.equal(r.targets.length, 0);
  assert.match(r.warnings[0]!, /larger than/);
});
