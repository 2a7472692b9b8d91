import { test } from 'node:test';
import assert from 'node:assert/strict';
import { nomadScanner } from '../../../src/deploy/nomad/index.js';
import { OPTS, loadTree, repoPath, scanFiles } from '../../rules/compose/helpers.js';

const ROOT = repoPath('test/fixtures/nomad');

const load = (sub = '') => loadTree(ROOT, sub);

test('claims .nomad, .nomad.hcl, .nomad.json, and .hcl/.json only when they hold a job', () => {
  assert.equal(nomadScanner.claims('jobs/a.nomad', ''), true);
  assert.equal(nomadScanner.claims('jobs/a.nomad.hcl', ''), true);
  assert.equal(nomadScanner.claims('jobs/a.nomad.json', ''), true);
  assert.equal(nomadScanner.claims('jobs/a.hcl', '# x\njob "a" {\n'), true);
  assert.equal(nomadScanner.claims('infra/main.hcl', 'resource "x" "y" {}\n'), false);
  assert.equal(nomadScanner.claims('terragrunt.hcl', 'inputs = { job = "x" }\n'), false);
  assert.equal(nomadScanner.claims('jobs/a.json', '{\n  "Job": {\n'), true);
  assert.equal(nomadScanner.claims('jobs/b.json', '\uFEFF{"job": {"x": {}}}'), true);
  assert.equal(nomadScanner.claims('package.json', '{"name": "x"}'), false);
});

test('the hardened job produces no findings', () => {
  assert.deepEqual(scanFiles(nomadScanner, load('jobs').filter((f) => f.path.endsWith('hardened.nomad'))).findings, []);
});

test('the insecure job: every problem on its line', () => {
  const { findings } = scanFiles(nomadScanner, load('jobs').filter((f) => f.path.endsWith('insecure.nomad')));
  const got = findings.map((f) => `${f.ruleId}@${f.location.line}`);
  assert.deepEqual(got, [
    'LS-NOMAD-001@16', 'LS-NOMAD-011@19', 'LS-NOMAD-002@20', 'LS-NOMAD-006@21', 'LS-NOMAD-007@22', 'LS-NOMAD-003@23', 'LS-NOMAD-003@23',
    'LS-NOMAD-004@24', 'LS-NOMAD-005@24', 'LS-NOMAD-009@26', 'LS-NOMAD-010@27', 'LS-NOMAD-010@28', 'LS-NOMAD-014@33', 'LS-NOMAD-015@38',
    'LS-NOMAD-016@46', 'LS-NOMAD-001@54', 'LS-NOMAD-011@58', 'LS-NOMAD-010@59',
  ]);
  assert.ok(findings.every((f) => !f.message.includes('Tr0ub4dor-and-3') && !f.message.includes('q9Zt4mWx7Lp2Kd8s')));
  assert.ok(!findings.some((f) => f.details?.['container'] === 'agents/templated'), 'an image tag from a variable is unknown, user is set');
});

test("the `nomad job init` example: only the image tag and the missing user", () => {
  const { findings } = scanFiles(nomadScanner, load('jobs').filter((f) => f.path.endsWith('example.nomad.hcl')));
  assert.deepEqual(findings.map((f) => [f.ruleId, f.severity, f.location.line]), [['LS-NOMAD-001', 'LOW', 15], ['LS-NOMAD-012', 'LOW', 19]]);
});

test('JSON jobs in both formats are scanned with their lines', () => {
  const { findings } = scanFiles(nomadScanner, load('jobs').filter((f) => f.path.endsWith('.json')));
  assert.deepEqual(findings.map((f) => `${f.location.path}:${f.ruleId}@${f.location.line}`), [
    'jobs/api-format.json:LS-NOMAD-001@15', 'jobs/api-format.json:LS-NOMAD-011@17', 'jobs/api-format.json:LS-NOMAD-002@18', 'jobs/api-format.json:LS-NOMAD-009@19',
    'jobs/api-format.json:LS-NOMAD-015@22', 'jobs/api-format.json:LS-NOMAD-016@27',
    'jobs/hcl-json.nomad.json:LS-NOMAD-001@7', 'jobs/hcl-json.nomad.json:LS-NOMAD-011@10', 'jobs/hcl-json.nomad.json:LS-NOMAD-006@11',
  ]);
});

test('invalid jobs are one finding each, with the line; other HCL is not claimed', () => {
  const { findings, targets } = scanFiles(nomadScanner, [...load('invalid'), ...load('other')]);
  assert.deepEqual(findings.map((f) => [f.location.path, f.ruleId, f.location.line]), [
    ['invalid/bad.nomad.json', 'LS-NOMAD-017', 5],
    ['invalid/broken.nomad', 'LS-NOMAD-017', 6],
    ['invalid/unclosed.nomad.hcl', 'LS-NOMAD-017', 6],
  ]);
  assert.equal(targets.targets.length, 3);
});

test('inline suppressions with # and //, above the line or above the task', () => {
  const text = `job "j" {
  group "g" {
    // leftshift:ignore=LS-NOMAD-002 GPU driver needs it
    task "a" {
      driver = "docker"
      config {
        image = "x/a:1"
        privileged = true
        # leftshift:ignore=docker-bench-security:5.32 CI runner
        volumes = ["/var/run/docker.sock:/var/run/docker.sock"]
        network_mode = "host"
      }
    }
  }
}
`;
  const { findings } = scanFiles(nomadScanner, [{ path: 'j.nomad', text }]);
  const by = (id: string) => findings.find((f) => f.ruleId === id)!;
  assert.equal(by('LS-NOMAD-002').suppressed?.reason, 'GPU driver needs it');
  assert.equal(by('LS-NOMAD-009').suppressed?.reason, 'CI runner');
  assert.equal(by('LS-NOMAD-006').suppressed, undefined);
});

test('huge files are skipped with a warning; deeply nested input does not crash', () => {
  const r = nomadScanner.scan([{ path: 'big.nomad', text: 'job "x" {}\n' + '# pad\n'.repeat(800_000) }], OPTS);
  assert.equal(r.targets.length, 0);
  assert.match(r.warnings[0]!, /larger than/);
  const deep = nomadScanner.scan([{ path: 'deep.nomad', text: 'job "x" ' + '{ a {'.repeat(3000) }], OPTS);
  assert.equal(deep.targets[0]!.findings[0]!.ruleId, 'LS-NOMAD-017');
});
