import { test } from 'node:test';
import assert from 'node:assert/strict';
import { claimsKubernetes, kubernetesScanner, scanKubernetes } from '../../../src/deploy/kubernetes/index.js';
import type { KubernetesRule } from '../../../src/deploy/kubernetes/rule-kit.js';
import type { DeployOptions } from '../../../src/deploy/types.js';
import { isSeverity } from '../../../src/findings/severity.js';

const OPTIONS: DeployOptions = { allowedRegistries: [], production: false, now: new Date('2025-01-01T00:00:00Z') };

const PRIVILEGED_POD = `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  containers:
    - name: c
      image: ghcr.io/acme/c:1.0.0
      securityContext:
        privileged: true
`;

function findings(text: string, path = 'm.yaml') {
  return scanKubernetes([{ path, text }], OPTIONS).targets[0]!.findings;
}

test('claims YAML/JSON with apiVersion and kind, not Compose, CI or Helm values files', () => {
  assert.equal(claimsKubernetes('k8s/app.yaml', 'apiVersion: apps/v1\nkind: Deployment\n'), true);
  assert.equal(claimsKubernetes('k8s/app.YML', '---\n# c\nkind: Service\napiVersion: v1\n'), true);
  assert.equal(claimsKubernetes('list.yaml', 'items:\n- apiVersion: v1\n  kind: Pod\n'), true);
  assert.equal(claimsKubernetes('pod.json', '{"apiVersion": "v1", "kind": "Pod"}'), true);
  assert.equal(claimsKubernetes('chart/templates/sa.yaml', '{{- if .Values.sa }}\napiVersion: v1\nkind: ServiceAccount\n'), true);
  assert.equal(claimsKubernetes('compose.yaml', 'services:\n  web:\n    image: nginx\n'), false);
  assert.equal(claimsKubernetes('.github/workflows/ci.yml', 'on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n'), false);
  assert.equal(claimsKubernetes('chart/Chart.yaml', 'apiVersion: v2\nname: cache\nversion: 0.1.0\n'), false);
  assert.equal(claimsKubernetes('package.json', '{"name": "x", "version": "1.0.0"}'), false);
  assert.equal(claimsKubernetes('deploy.txt', 'apiVersion: v1\nkind: Pod\n'), false);
});

test('one target per file (clean files too), findings sorted by line with path and line', () => {
  const r = scanKubernetes([
    { path: 'a.yaml', text: PRIVILEGED_POD },
    { path: 'b.yaml', text: 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata: {LOG_LEVEL: info}\n' },
  ], OPTIONS);
  assert.deepEqual(r.targets.map((t) => [t.kind, t.name]), [['kubernetes', 'a.yaml'], ['kubernetes', 'b.yaml']]);
  assert.deepEqual(r.targets[1]!.findings, []);
  assert.deepEqual(r.targets[1]!.metadata, { documents: 1, objects: 1, kinds: ['ConfigMap'] });
  const fs = r.targets[0]!.findings;
  assert.ok(fs.every((f) => f.location.path === 'a.yaml' && typeof f.location.line === 'number'));
  const linesSeen = fs.map((f) => f.location.line!);
  assert.deepEqual(linesSeen, [...linesSeen].sort((a, b) => a - b));
  const priv = fs.find((f) => f.ruleId === 'LS-K8S-004')!;
  assert.equal(priv.location.line, 10);
  assert.equal(priv.severity, 'CRITICAL');
  assert.deepEqual(priv.details, { object: 'Pod/p', kind: 'Pod', name: 'p', document: 0, namespace: 'default', container: 'c' });
  assert.ok(priv.aliases.includes('trivy:KSV017'));
});

test('cross-file: a NetworkPolicy in another file isolates the workload', () => {
  const policy = 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: deny}\nspec:\n  podSelector: {}\n';
  const alone = scanKubernetes([{ path: 'pod.yaml', text: PRIVILEGED_POD }], OPTIONS);
  const together = scanKubernetes([{ path: 'pod.yaml', text: PRIVILEGED_POD }, { path: 'np.yaml', text: policy }], OPTIONS);
  const has027 = (r: typeof alone) => r.targets[0]!.findings.some((f) => f.ruleId === 'LS-K8S-027');
  assert.equal(has027(alone), true);
  assert.equal(has027(together), false);
});

test('inline comment suppression above the field, with reason and source; other rules stay', () => {
  const text = PRIVILEGED_POD.replace('        privileged: true', '        # leftshift:ignore=LS-K8S-004 needs raw device access\n        privileged: true');
  const fs = findings(text);
  const priv = fs.find((f) => f.ruleId === 'LS-K8S-004')!;
  assert.deepEqual(priv.suppressed, { by: 'inline', reason: 'needs raw device access', source: 'm.yaml:10' });
  assert.ok(fs.filter((f) => f.ruleId !== 'LS-K8S-004').every((f) => f.suppressed === undefined));
});

test('stacked comments, aliases, trailing comments and ALL suppress; a comment two lines up with code between does not', () => {
  const stacked = PRIVILEGED_POD.replace('        privileged: true', '        # why: vendor agent\n        # leftshift:ignore=KSV017,CKV_K8S_16\n        privileged: true');
  assert.ok(findings(stacked).find((f) => f.ruleId === 'LS-K8S-004')!.suppressed);
  const trailing = PRIVILEGED_POD.replace('        privileged: true', '        privileged: true # leftshift:ignore=kube-linter:privileged-container');
  assert.ok(findings(trailing).find((f) => f.ruleId === 'LS-K8S-004')!.suppressed);
  const all = PRIVILEGED_POD.replace('    - name: c', '    # leftshift:ignore=ALL debugging pod\n    - name: c');
  const containerLine = all.split('\n').findIndex((l) => l.includes('- name: c')) + 1;
  const onContainerLine = findings(all).filter((f) => f.location.line === containerLine);
  assert.ok(onContainerLine.length > 0 && onContainerLine.every((f) => f.suppressed?.reason === 'debugging pod'));
  const far = PRIVILEGED_POD.replace('      securityContext:', '      # leftshift:ignore=LS-K8S-004\n      securityContext:');
  assert.equal(findings(far).find((f) => f.ruleId === 'LS-K8S-004')!.suppressed, undefined);
});

test('the leftshift.dev/ignore annotation suppresses for the whole object, on the object or its pod template', () => {
  const onPod = PRIVILEGED_POD.replace('  name: p\n', '  name: p\n  annotations:\n    leftshift.dev/ignore: "LS-K8S-004, LS-K8S-031"\n    leftshift.dev/ignore-reason: vendor agent, reviewed 2025-01\n');
  const fs = findings(onPod);
  const sup = fs.filter((f) => f.suppressed);
  assert.deepEqual(sup.map((f) => f.ruleId).sort(), ['LS-K8S-004', 'LS-K8S-031']);
  assert.deepEqual(sup[0]!.suppressed, { by: 'inline', reason: 'vendor agent, reviewed 2025-01', source: 'm.yaml:6' });

  const deploy = `apiVersion: apps/v1
kind: Deployment
metadata: {name: d}
spec:
  template:
    metadata:
      annotations:
        leftshift.dev/ignore: LS-K8S-004
    spec:
      containers:
        - name: c
          image: x:1
          securityContext: {privileged: true}
---
apiVersion: v1
kind: Pod
metadata: {name: other}
spec:
  containers:
    - name: c
      image: x:1
      securityContext: {privileged: true}
`;
  const dfs = findings(deploy).filter((f) => f.ruleId === 'LS-K8S-004');
  assert.deepEqual(dfs.map((f) => [f.location.line, f.suppressed !== undefined]), [[13, true], [22, false]]);
});

test('a rule that throws becomes a warning and the other rules still report', () => {
  const broken: KubernetesRule = {
    meta: { ...kubernetesScanner.rules[0]!, id: 'LS-K8S-999' },
    check() {
      throw new Error('boom');
    },
  };
  const r = scanKubernetes([{ path: 'a.yaml', text: PRIVILEGED_POD }], OPTIONS, { rules: [broken, ...[] as KubernetesRule[]] });
  assert.deepEqual(r.warnings, ['rule LS-K8S-999 failed on the Kubernetes manifests: boom']);
  const r2 = scanKubernetes([{ path: 'a.yaml', text: PRIVILEGED_POD }], OPTIONS);
  assert.ok(r2.targets[0]!.findings.length > 0);
});

test('bad input never throws: each problem is a finding on its file', async () => {
  const r = await kubernetesScanner.scan([
    { path: 'broken.yaml', text: 'apiVersion: v1\nkind: Pod\nspec: [\n' },
    { path: 'tpl.yaml', text: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: {{ .Values.name }}\n' },
    { path: 'empty.yaml', text: '' },
    { path: 'bad.json', text: '{"apiVersion": "v1", "kind": "Pod",, }' },
    { path: 'garbage.yaml', text: '\u0000\u0001{' },
  ], OPTIONS);
  assert.deepEqual(r.targets.map((t) => t.findings.map((f) => f.ruleId)), [['LS-K8S-000'], ['LS-K8S-001'], [], ['LS-K8S-000'], []]);
  assert.deepEqual(r.warnings, []);
});

test('rule metadata: stable LS-K8S ids, deploy phase, docs with a failing and a passing example, known alias tools', () => {
  const ids = kubernetesScanner.rules.map((r) => r.id);
  assert.equal(new Set(ids).size, ids.length);
  assert.deepEqual(ids, [...ids].sort());
  const tools = new Set(['kube-linter', 'kubesec', 'polaris', 'checkov', 'trivy']);
  for (const m of kubernetesScanner.rules) {
    assert.match(m.id, /^LS-K8S-\d{3}$/);
    assert.equal(m.phase, 'deploy', m.id);
    assert.ok(isSeverity(m.severity), m.id);
    assert.ok(m.title.length > 0 && m.remediation.length > 20, m.id);
    assert.ok((m.docs.match(/```yaml/g) ?? []).length >= 2, `${m.id} needs a failing and a passing example`);
    assert.match(m.docs, /fires/, m.id);
    for (const a of m.aliases) assert.ok(tools.has(a.slice(0, a.indexOf(':'))), `${m.id}: ${a}`);
    assert.equal(new Set(m.aliases).size, m.aliases.length, m.id);
  }
  assert.equal(kubernetesScanner.kind, 'kubernetes');
});
