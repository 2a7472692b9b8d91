import { test } from 'node:test';
import assert from 'node:assert/strict';
import { composeScanner } from '../../../src/deploy/compose/index.js';
import { OPTS, loadTree, repoPath, scanFiles } from '../../rules/compose/helpers.js';

const ROOT = repoPath('test/fixtures/compose');
const EXAMPLES = repoPath('examples/compose');

const load = loadTree;

function ids(findings: Array<{ ruleId: string; location: { line?: number } }>): string[] {
  return findings.map((f) => `${f.ruleId}@${f.location.line}`);
}

test('claims Compose files by name, and other YAML only with a top-level services mapping', () => {
  for (const p of ['compose.yaml', 'compose.yml', 'docker-compose.yml', 'deploy/docker-compose.prod.yaml', 'docker-compose-dev.yml', 'app.compose.yml', 'compose.override.yaml']) {
    assert.equal(composeScanner.claims(p, ''), true, p);
  }
  assert.equal(composeScanner.claims('stack.yml', 'version: "3"\nservices:\n  web:\n    image: x\n'), true);
  assert.equal(composeScanner.claims('stack.yml', 'services:\n\n  # comment\n  web:\n    image: x\n'), true);
  assert.equal(composeScanner.claims('values.yaml', 'image:\n  repository: x\n'), false);
  assert.equal(composeScanner.claims('gitlab.yml', 'services:\n  - docker:dind\n'), false, 'a list of services is GitLab CI, not Compose');
  assert.equal(composeScanner.claims('.gitlab-ci.yml', 'services:\n  db:\n    image: x\n'), false);
  assert.equal(composeScanner.claims('Dockerfile', 'services:\n  a:\n'), false);
});

test('the hardened fixture and the hardened example produce no findings', () => {
  assert.deepEqual(scanFiles(composeScanner, load(ROOT, 'hardened')).findings, []);
  const ex = scanFiles(composeScanner, load(EXAMPLES, 'hardened'));
  assert.equal(ex.targets.targets.length, 1);
  assert.deepEqual(ex.findings, []);
});

test('the insecure example triggers every rule that does not need configuration', () => {
  const { findings } = scanFiles(composeScanner, load(EXAMPLES, 'insecure'));
  const fired = new Set(findings.map((f) => f.ruleId));
  for (const m of composeScanner.rules) {
    if (m.id === 'LS-COMPOSE-017' || m.id === 'LS-COMPOSE-021') continue;
    assert.ok(fired.has(m.id), `${m.id} fires on examples/compose/insecure`);
  }
});

test('web + db + cache stack: the expected problems, on their lines', () => {
  const { findings } = scanFiles(composeScanner, load(ROOT, 'web-db-cache'));
  const got = ids(findings.filter((f) => f.severity !== 'LOW'));
  assert.deepEqual(got, ['LS-COMPOSE-014@11', 'LS-COMPOSE-014@12', 'LS-COMPOSE-018@22', 'LS-COMPOSE-014@25', 'LS-COMPOSE-015@31', 'LS-COMPOSE-018@33', 'LS-COMPOSE-015@36']);
  // `web` is built from source: no image, user or health check findings for it.
  assert.ok(!findings.some((f) => f.details?.['container'] === 'web' && ['LS-COMPOSE-001', 'LS-COMPOSE-015', 'LS-COMPOSE-019'].includes(f.ruleId)));
  // Secrets are never printed.
  assert.ok(findings.every((f) => !f.message.includes('Tr0ub4dor-and-3') && !f.message.includes('k8Jd92hFs0Qm1zXv')));
});

test('monitoring stack: docker.sock, privileged, host namespaces and host mounts', () => {
  const { findings } = scanFiles(composeScanner, load(ROOT, 'monitoring'));
  const high = ids(findings.filter((f) => f.severity === 'HIGH'));
  assert.deepEqual(high, ['LS-COMPOSE-009@16', 'LS-COMPOSE-008@17', 'LS-COMPOSE-002@29', 'LS-COMPOSE-011@33', 'LS-COMPOSE-014@40']);
  const mounts = findings.filter((f) => f.ruleId === 'LS-COMPOSE-012').map((f) => [f.location.line, f.severity]);
  assert.deepEqual(mounts, [[20, 'MEDIUM'], [24, 'MEDIUM'], [25, 'MEDIUM'], [34, 'MEDIUM'], [35, 'MEDIUM']]);
  assert.ok(!findings.some((f) => f.ruleId === 'LS-COMPOSE-018'), 'prometheus is bound to 127.0.0.1, grafana is not a database');
});

test('a setting shared through an anchor is reported once, naming every service', () => {
  const { findings } = scanFiles(composeScanner, load(ROOT, 'anchors'));
  const priv = findings.filter((f) => f.ruleId === 'LS-COMPOSE-002');
  assert.equal(priv.length, 1);
  assert.equal(priv[0]!.location.line, 2);
  assert.deepEqual(priv[0]!.details?.['alsoIn'], ['two']);
  assert.match(priv[0]!.message, /\(also in: two\)$/);
  assert.equal(findings.filter((f) => f.ruleId === 'LS-COMPOSE-014').length, 1, 'API_KEY merged into `two` with <<: *env');
});

test('extends across files: inherited findings are filed once in the file that holds the setting', () => {
  const { targets } = scanFiles(composeScanner, load(ROOT, 'extends'));
  const byName = new Map(targets.targets.map((t) => [t.name, t.findings]));
  const common = byName.get('extends/common.yml')!;
  const priv = common.filter((f) => f.ruleId === 'LS-COMPOSE-002');
  assert.equal(priv.length, 1);
  assert.deepEqual(priv[0]!.details?.['alsoIn'], ['worker-debug']);
  const main = byName.get('extends/docker-compose.yml')!;
  assert.ok(main.every((f) => f.location.path === 'extends/docker-compose.yml'));
  // worker inherits everything from a hardened base; outside's base is not in the scan.
  assert.ok(!main.some((f) => ['worker', 'outside'].includes(f.details?.['container'] as string)));
  assert.deepEqual(main.filter((f) => f.details?.['container'] === 'local-child').map((f) => f.ruleId), ['LS-COMPOSE-013']);
});

test('invalid files become a finding with the line; non-Compose YAML claimed by content is dropped', () => {
  const { findings, targets } = scanFiles(composeScanner, [...load(ROOT, 'invalid'), { path: 'not-compose/stack.yml', text: 'services:\n  web:\n    image: x\nfoo: [1,\n' }]);
  assert.deepEqual(findings.map((f) => [f.location.path, f.ruleId, f.location.line]), [
    ['invalid/compose.duplicate.yaml', 'LS-COMPOSE-021', 4],
    ['invalid/docker-compose.yml', 'LS-COMPOSE-021', 4],
    // The YAML parser notices the unclosed `[` at the end of the file.
    ['not-compose/stack.yml', 'LS-COMPOSE-021', 5],
  ]);
  const r = composeScanner.scan([{ path: 'helm/values.yml', text: 'services:\n  enabled: true\n' }], OPTS);
  assert.equal(r.targets.length, 0, 'a file without service mappings is not a Compose target');
  assert.equal(targets.targets.length, 3);
});

test('inline suppressions: above the line, stacked, by alias, above the service, ALL; with reason and source', () => {
  const text = `services:
  a:
    image: x/a:1
    # leftshift:ignore=LS-COMPOSE-002 needed for the GPU driver
    privileged: true
    # leftshift:ignore=kics:d6355c88-1e8d-49e9-b2f2-f8a1ca12c75b
    # some other comment
    volumes: ["/var/run/docker.sock:/var/run/docker.sock"]
  # leftshift:ignore=LS-COMPOSE-008 whole service
  b:
    image: x/b:1
    network_mode: host
  # leftshift:ignore=ALL legacy
  c:
    image: x/c:1
    pid: host
  d:
    image: x/d:1
    ipc: host
`;
  const { findings } = scanFiles(composeScanner, [{ path: 'docker-compose.yml', text }]);
  const by = (id: string, line: number) => findings.find((f) => f.ruleId === id && f.location.line === line)!;
  assert.deepEqual(by('LS-COMPOSE-002', 5).suppressed, { by: 'inline', reason: 'needed for the GPU driver', source: 'docker-compose.yml:4' });
  assert.equal(by('LS-COMPOSE-011', 8).suppressed?.by, 'inline', 'alias with tool prefix, stacked comments');
  assert.equal(by('LS-COMPOSE-008', 12).suppressed?.reason, 'whole service');
  assert.ok(findings.filter((f) => f.details?.['container'] === 'c').every((f) => f.suppressed?.reason === 'legacy'));
  assert.equal(by('LS-COMPOSE-010', 19).suppressed, undefined);
  assert.equal(by('LS-COMPOSE-001', 10).suppressed, undefined, 'a directive for another rule does not suppress');
});

test('alias bombs are cheap and reported, never expanded', () => {
  let bomb = 'x-a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n';
  let prev = 'a';
  for (const n of 'bcdefghijklm') {
    bomb += `x-${n}: &${n} [${Array(9).fill('*' + prev).join(',')}]\n`;
    prev = n;
  }
  bomb += 'services:\n  web:\n    image: nginx:1.27\n    environment: *m\n    volumes: *m\n    <<: *m\n';
  const start = Date.now();
  const r = composeScanner.scan([{ path: 'docker-compose.yml', text: bomb }], OPTS);
  assert.ok(Date.now() - start < 2000, 'bounded time');
  assert.equal(r.targets.length, 1);
});

test('merge-key chains that would blow up are cut off by the alias budget and reported', () => {
  let text = 'x-0: &k0 {user: root}\n';
  for (let i = 1; i <= 30; i++) text += `x-${i}: &k${i}\n  <<: [${Array(6).fill(`*k${i - 1}`).join(', ')}]\n  v${i}: 1\n`;
  text += 'services:\n  web:\n    <<: *k30\n    image: nginx:1.27\n';
  const start = Date.now();
  const r = composeScanner.scan([{ path: 'docker-compose.yml', text }], OPTS);
  assert.ok(Date.now() - start < 3000, `bounded time (${Date.now() - start} ms)`);
  const findings = r.targets.flatMap((t) => t.findings);
  assert.ok(findings.some((f) => f.ruleId === 'LS-COMPOSE-021' && /aliases/.test(f.message)));
});

test('huge files are skipped with a warning, not parsed', () => {
  const huge = 'services:\n  web:\n    image: nginx:1.27\n' + '# padding\n'.repeat(500_000);
  const r = composeScanner.scan([{ path: 'docker-compose.yml', text: huge }], OPTS);
  assert.equal(r.targets.length, 0);
  assert.match(r.warnings[0]!, /larger than 4 MiB/);
});

test('rules list every Compose rule for `leftshift rules`', () => {
  assert.equal(composeScanner.kind, 'compose');
  assert.equal(composeScanner.rules.length, 21);
});
