import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { claimsKubernetes, scanKubernetes } from '../../../src/deploy/kubernetes/index.js';
import type { DeployInputFile, DeployOptions } from '../../../src/deploy/types.js';
import type { Finding } from '../../../src/findings/types.js';
import { kubernetesRules } from '../../../src/rules/kubernetes/index.js';
import { REPO_ROOT } from '../../helpers/repo.js';

const ROOT = REPO_ROOT;
const OPTIONS: DeployOptions = { allowedRegistries: [], production: false, now: new Date('2025-01-01T00:00:00Z') };

function read(dir: string): DeployInputFile[] {
  const walk = (d: string): string[] => readdirSync(d).sort().flatMap((f) => (statSync(join(d, f)).isDirectory() ? walk(join(d, f)) : [join(d, f)]));
  return walk(dir).filter((p) => /\.(ya?ml|json)$/.test(p)).map((p) => ({ path: relative(dir, p).split('\\').join('/'), text: readFileSync(p, 'utf8') }));
}

function scan(dir: string, options: Partial<DeployOptions> = {}): Map<string, Finding[]> {
  const r = scanKubernetes(read(join(ROOT, dir)), { ...OPTIONS, ...options });
  assert.deepEqual(r.warnings, []);
  return new Map(r.targets.map((t) => [t.name, t.findings]));
}

/** `LINE RULE` pairs of unsuppressed findings, for compact expectations. */
const brief = (fs: Finding[] | undefined) => (fs ?? []).filter((f) => !f.suppressed).map((f) => `${f.location.line} ${f.ruleId}`);

const corpus = scan('test/fixtures/k8s');

test('every corpus file is claimed by its first bytes (except the unparseable bomb fixtures, which are too)', () => {
  for (const f of read(join(ROOT, 'test/fixtures/k8s'))) assert.equal(claimsKubernetes(f.path, f.text.slice(0, 512)), true, f.path);
});

test('app: Deployment + Service + Ingress, isolated by NetworkPolicies from another file', () => {
  assert.deepEqual(brief(corpus.get('app/deployment.yaml')), [
    '19 LS-K8S-018', '22 LS-K8S-031', '23 LS-K8S-021', '31 LS-K8S-015', '36 LS-K8S-029', '42 LS-K8S-007', '42 LS-K8S-014',
  ]);
  assert.deepEqual(brief(corpus.get('app/service.yaml')), ['7 LS-K8S-028']);
  assert.deepEqual(brief(corpus.get('app/ingress.yaml')), []);
});

test('StatefulSet database: ConfigMap password, committed Secret, namespace without policies', () => {
  const fs = brief(corpus.get('statefulset-db.yaml'));
  assert.deepEqual(fs.slice(0, 3), ['9 LS-K8S-016', '17 LS-K8S-017', '45 LS-K8S-027']);
  assert.ok(fs.includes('55 LS-K8S-021'));
  assert.ok(!fs.some((f) => f.endsWith('LS-K8S-002')), 'runAsUser 999 is not root');
  assert.ok(!fs.some((f) => f.endsWith('LS-K8S-007')), 'pod-level RuntimeDefault covers the container');
});

test('DaemonSet node agent: host namespaces, privileged, capabilities, hostPaths by severity, AppArmor annotation', () => {
  const fs = corpus.get('daemonset-agent.yaml')!;
  const by = (rule: string) => fs.filter((f) => f.ruleId === rule).map((f) => [f.location.line, f.severity]);
  assert.deepEqual(by('LS-K8S-011'), [[18, 'HIGH'], [19, 'HIGH']]);
  assert.deepEqual(by('LS-K8S-004'), [[27, 'CRITICAL']]);
  assert.deepEqual(by('LS-K8S-005'), [[29, 'HIGH'], [29, 'MEDIUM']]);
  assert.deepEqual(by('LS-K8S-012'), [[40, 'LOW'], [43, 'HIGH'], [46, 'CRITICAL']]);
  assert.deepEqual(by('LS-K8S-008'), [[16, 'HIGH']]);
  assert.deepEqual(by('LS-K8S-013'), [], 'hostPort on a hostNetwork pod is covered by LS-K8S-011');
});

test('CronJob: hardened except that no policy isolates its pods', () => {
  assert.deepEqual(brief(corpus.get('cronjob.yaml')), ['12 LS-K8S-027']);
});

test('RBAC set: wildcard, secrets, exec, bind and cluster-admin binding', () => {
  assert.deepEqual(brief(corpus.get('rbac.yaml')), ['24 LS-K8S-032', '27 LS-K8S-034', '30 LS-K8S-036', '34 LS-K8S-035', '43 LS-K8S-033']);
});

test('NetworkPolicies and Namespaces: the protected namespace passes, the bare one fails both namespace rules', () => {
  assert.deepEqual(brief(corpus.get('network-policies.yaml')), ['42 LS-K8S-037', '43 LS-K8S-026']);
});

test('rendered Helm chart: multi-document with "# Source" comments, empty securityContexts, latest image', () => {
  const fs = brief(corpus.get('helm-rendered.yaml'));
  assert.ok(fs.includes('61 LS-K8S-020'));
  assert.ok(fs.includes('62 LS-K8S-023'));
  assert.ok(fs.includes('59 LS-K8S-002'));
  assert.ok(!fs.some((f) => f.endsWith('LS-K8S-031')), 'the chart has probes');
  assert.ok(!fs.some((f) => f.endsWith('LS-K8S-019')), 'the chart has its own ServiceAccount');
});

test('List and JSON manifests are checked like any other', () => {
  assert.ok(brief(corpus.get('list.yaml')).includes('23 LS-K8S-004'));
  assert.ok(brief(corpus.get('list.yaml')).includes('30 LS-K8S-028'));
  const json = brief(corpus.get('pod.json'));
  assert.ok(json.includes('16 LS-K8S-004'));
  assert.ok(json.includes('9 LS-K8S-011'));
  assert.ok(json.includes('13 LS-K8S-020'));
});

test('bad input: one clear finding each, unknown kinds ignored', () => {
  assert.deepEqual(brief(corpus.get('bad/invalid.yaml')), ['18 LS-K8S-000']);
  assert.deepEqual(brief(corpus.get('bad/billion-laughs.yaml')), ['1 LS-K8S-000']);
  assert.match(corpus.get('bad/billion-laughs.yaml')![0]!.message, /billion laughs/);
  assert.deepEqual(brief(corpus.get('bad/anchor-loop.yaml')), ['6 LS-K8S-000']);
  assert.deepEqual(brief(corpus.get('bad/helm-template.yaml')), ['1 LS-K8S-001']);
  assert.deepEqual(brief(corpus.get('bad/unknown-kind.yaml')), []);
});

test('hardened example: zero findings, with and without the production setting', () => {
  for (const production of [false, true]) {
    const fs = [...scan('examples/k8s/hardened', { production }).values()].flat();
    assert.deepEqual(fs.map((f) => `${f.location.path}:${f.location.line} ${f.ruleId} ${f.message}`), [], `production=${production}`);
  }
  // And it is not clean by accident: every file holds objects.
  for (const f of read(join(ROOT, 'examples/k8s/hardened'))) assert.ok(f.text.includes('kind:'), f.path);
});

test('insecure example: every rule that can fire on manifests does (022 with an allow list)', () => {
  const fired = new Set([...scan('examples/k8s/insecure', { production: true, allowedRegistries: ['ghcr.io/acme'] }).values()].flat().map((f) => f.ruleId));
  const expected = kubernetesRules.map((r) => r.meta.id).filter((id) => id !== 'LS-K8S-000' && id !== 'LS-K8S-001');
  assert.deepEqual(expected.filter((id) => !fired.has(id)), []);
});
