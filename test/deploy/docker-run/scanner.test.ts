import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SHELL_TARGET_KIND, dockerRunScanner } from '../../../src/deploy/docker-run/index.js';
import { OPTS, loadTree, repoPath, scanFiles } from '../../rules/compose/helpers.js';

const ROOT = repoPath('test/fixtures/docker-run');

const load = (sub = '') => loadTree(ROOT, sub);

const lines = (findings: Array<{ ruleId: string; location: { line?: number }; suppressed?: unknown }>) =>
  findings.map((f) => `${f.ruleId}@${f.location.line}${f.suppressed ? ' (suppressed)' : ''}`);

test('the hardened script produces no findings; scripts without containers are not targets', () => {
  const { findings, targets } = scanFiles(dockerRunScanner, [...load('hardened'), ...load('nothing')]);
  assert.deepEqual(findings, []);
  assert.deepEqual(targets.targets.map((t) => t.name), ['hardened/run.sh']);
  assert.equal(targets.targets[0]!.kind, SHELL_TARGET_KIND);
});

test('shell script: multi-line commands report each flag on its own line', () => {
  const { findings } = scanFiles(dockerRunScanner, load('scripts'));
  assert.deepEqual(lines(findings), [
    'LS-RUN-011@10', 'LS-RUN-013@12', 'LS-RUN-002@19', 'LS-RUN-007@20', 'LS-RUN-009@21', 'LS-RUN-010@22', 'LS-RUN-001@23', 'LS-RUN-012@24',
    'LS-RUN-003@27', 'LS-RUN-004@27', 'LS-RUN-012@31 (suppressed)',
  ]);
  assert.ok(findings.every((f) => !f.message.includes('Tr0ub4dor-and-3')));
});

test('Makefile: recipes only, with their lines', () => {
  assert.deepEqual(lines(scanFiles(dockerRunScanner, load().filter((f) => f.path === 'Makefile')).findings), ['LS-RUN-006@10', 'LS-RUN-010@11']);
});

test('GitLab CI: list items, literal and folded blocks, anchors, suppression comments', () => {
  assert.deepEqual(lines(scanFiles(dockerRunScanner, load().filter((f) => f.path === '.gitlab-ci.yml')).findings), [
    'LS-RUN-002@18', 'LS-RUN-012@18', 'LS-RUN-011@22', 'LS-RUN-006@27', 'LS-RUN-009@34 (suppressed)',
  ]);
});

test('GitHub Actions: expressions are references, pwsh steps are skipped', () => {
  assert.deepEqual(lines(scanFiles(dockerRunScanner, load('.github')).findings), ['LS-RUN-013@12', 'LS-RUN-008@13']);
});

test('Jenkinsfile: sh steps, // suppressions above the step', () => {
  assert.deepEqual(lines(scanFiles(dockerRunScanner, load('ci')).findings), ['LS-RUN-006@6', 'LS-RUN-010@8 (suppressed)', 'LS-RUN-011@11', 'LS-RUN-003@12']);
});

test('a comment above the first line of a multi-line command covers all of it', () => {
  const text = '# leftshift:ignore=LS-RUN-002,LS-RUN-009 build runner\ndocker run \\\n  --privileged \\\n  -v /var/run/docker.sock:/var/run/docker.sock \\\n  img:1\ndocker run --privileged img:1\n';
  const { findings } = scanFiles(dockerRunScanner, [{ path: 'x.sh', text }]);
  assert.deepEqual(lines(findings), ['LS-RUN-002@3 (suppressed)', 'LS-RUN-009@4 (suppressed)', 'LS-RUN-002@6']);
});

test('scripts that do not parse as shell are still searched', () => {
  const { findings } = scanFiles(dockerRunScanner, [{ path: 'x.sh', text: 'if [ x ; then\ndocker run --privileged img:1\n' }]);
  assert.deepEqual(lines(findings), ['LS-RUN-002@2']);
});

test('huge scripts are searched up to the cap, huge CI files skipped, both with a warning', () => {
  const big = 'docker run --privileged img:1\n' + 'echo padding\n'.repeat(400_000);
  const r = dockerRunScanner.scan([{ path: 'big.sh', text: big }], OPTS);
  assert.equal(r.targets[0]!.findings[0]!.ruleId, 'LS-RUN-002');
  assert.match(r.warnings[0]!, /only the first/);
  const ci = dockerRunScanner.scan([{ path: '.gitlab-ci.yml', text: 'a:\n  script: [docker run x]\n' + '# pad\n'.repeat(800_000) }], OPTS);
  assert.equal(ci.targets.length, 0);
  assert.match(ci.warnings[0]!, /not searched/);
});

test('large scripts are searched line by line: lines stay exact, the parse stays bounded', () => {
  const pad = 'echo padding line\n'.repeat(20_000);
  const text = pad + 'docker run \\\n  --privileged \\\n  img:1\n# docker run --privileged in a comment\n' + pad;
  assert.ok(text.length > 256 * 1024);
  const { findings } = scanFiles(dockerRunScanner, [{ path: 'gen.sh', text }]);
  assert.deepEqual(lines(findings), ['LS-RUN-002@20002']);
  const many = 'docker run --privileged img:1\n'.repeat(12_000);
  const start = Date.now();
  const r = dockerRunScanner.scan([{ path: 'many.sh', text: many }], OPTS);
  assert.ok(Date.now() - start < 15_000);
  assert.equal(r.targets[0]!.findings.length, 2000);
  assert.match(r.warnings.join('\n'), /only the first 2000 of 12000 lines/);
});
