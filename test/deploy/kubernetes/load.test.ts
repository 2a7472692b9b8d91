import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadText, loadManifests, MAX_FILE_BYTES } from '../../../src/deploy/kubernetes/load.js';
import { containersOf, podSpecOf } from '../../../src/deploy/kubernetes/workloads.js';

const DEPLOY = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: shop
spec:
  template:
    spec:
      securityContext:
        runAsNonRoot: true
      containers:
        - name: app
          image: nginx:1.27
          securityContext:
            privileged: false
`;

test('at() answers value and line, and the nearest existing parent\'s line for missing fields', () => {
  const doc = loadText(DEPLOY).docs[0]!;
  assert.deepEqual(doc.at(['spec', 'template', 'spec', 'containers', 0, 'securityContext', 'privileged']), {
    found: true, value: false, line: 15, node: doc.node(['spec', 'template', 'spec', 'containers', 0, 'securityContext', 'privileged']),
  });
  const missing = doc.at(['spec', 'template', 'spec', 'containers', 0, 'securityContext', 'readOnlyRootFilesystem']);
  assert.equal(missing.found, false);
  assert.equal(missing.line, 14);
  assert.equal(doc.at(['spec', 'template', 'spec', 'containers', 3, 'name']).line, 11);
  // A map value points at its key's line, not where the mapping starts.
  assert.equal(doc.at(['spec', 'template', 'spec', 'securityContext']).line, 9);
  assert.deepEqual({ ...(doc.get(['spec', 'template', 'spec', 'securityContext']) as object) }, { runAsNonRoot: true });
  assert.equal(doc.ref, 'Deployment/shop/web');
  assert.equal(doc.namespace, 'shop');
});

test('multi-document files, List items and JSON all become objects with their own lines', () => {
  const m = loadManifests([
    { path: 'multi.yaml', text: `${DEPLOY}---\napiVersion: v1\nkind: Service\nmetadata: {name: web}\n---\n# only a comment\n` },
    { path: 'list.yaml', text: 'apiVersion: v1\nkind: List\nitems:\n  - apiVersion: v1\n    kind: ConfigMap\n    metadata: {name: a}\n  - apiVersion: v1\n    kind: Secret\n    metadata: {name: b}\n' },
    { path: 'pod.json', text: '{\n  "apiVersion": "v1",\n  "kind": "Pod",\n  "metadata": {"name": "p"},\n  "spec": {"containers": [\n    {"name": "c", "image": "x:1"}\n  ]}\n}\n' },
  ]);
  assert.deepEqual(m.docs.map((d) => [d.path, d.kind, d.document, d.item, d.line]), [
    ['multi.yaml', 'Deployment', 0, undefined, 1],
    ['multi.yaml', 'Service', 1, undefined, 17],
    ['list.yaml', 'ConfigMap', 0, 0, 4],
    ['list.yaml', 'Secret', 0, 1, 7],
    ['pod.json', 'Pod', 0, undefined, 1],
  ]);
  assert.equal(m.files[0]!.documents, 3);
  assert.equal(m.docs[4]!.at(['spec', 'containers', 0, 'image']).line, 6);
  assert.equal(m.docs[1]!.namespace, 'default');
});

test('every workload kind yields its pod spec path; containers, init and ephemeral containers are found', () => {
  const spec = 'containers: [{name: a, image: "x:1"}]\ninitContainers: [{name: i, image: "x:1"}]\nephemeralContainers: [{name: e, image: "x:1"}]';
  const ind = (s: string, n: number) => s.split('\n').map((l) => ' '.repeat(n) + l).join('\n');
  const cases: Array<[string, string, string[]]> = [
    ['Pod', `spec:\n${ind(spec, 2)}`, ['spec']],
    ['Deployment', `spec:\n  template:\n    spec:\n${ind(spec, 6)}`, ['spec', 'template', 'spec']],
    ['StatefulSet', `spec:\n  template:\n    spec:\n${ind(spec, 6)}`, ['spec', 'template', 'spec']],
    ['DaemonSet', `spec:\n  template:\n    spec:\n${ind(spec, 6)}`, ['spec', 'template', 'spec']],
    ['ReplicaSet', `spec:\n  template:\n    spec:\n${ind(spec, 6)}`, ['spec', 'template', 'spec']],
    ['ReplicationController', `spec:\n  template:\n    spec:\n${ind(spec, 6)}`, ['spec', 'template', 'spec']],
    ['DeploymentConfig', `spec:\n  template:\n    spec:\n${ind(spec, 6)}`, ['spec', 'template', 'spec']],
    ['Job', `spec:\n  template:\n    spec:\n${ind(spec, 6)}`, ['spec', 'template', 'spec']],
    ['CronJob', `spec:\n  jobTemplate:\n    spec:\n      template:\n        spec:\n${ind(spec, 10)}`, ['spec', 'jobTemplate', 'spec', 'template', 'spec']],
  ];
  for (const [kind, body, path] of cases) {
    const doc = loadText(`apiVersion: v1\nkind: ${kind}\nmetadata: {name: w}\n${body}\n`).docs[0]!;
    const pod = podSpecOf(doc)!;
    assert.deepEqual(pod.path, path, kind);
    assert.deepEqual(containersOf(pod).map((c) => [c.kind, c.name]), [['container', 'a'], ['initContainer', 'i'], ['ephemeralContainer', 'e']], kind);
  }
  assert.equal(podSpecOf(loadText('apiVersion: v1\nkind: Service\nmetadata: {name: s}\n').docs[0]!), undefined);
});

test('YAML 1.1 booleans as Kubernetes reads them, map keys keep their spelling, merge keys and aliases expand', () => {
  const doc = loadText(`apiVersion: v1
kind: ConfigMap
metadata: {name: c}
base: &base
  privileged: yes
  other: on
data:
  y: "1"
  "on": "2"
  merged:
    <<: *base
    other: off
  copy: *base
`).docs[0]!;
  assert.equal(doc.get(['base', 'privileged']), true);
  assert.deepEqual(Object.keys(doc.get(['data']) as object), ['y', 'on', 'merged', 'copy']);
  assert.equal(doc.get(['data', 'merged', 'privileged']), true);
  assert.equal(doc.get(['data', 'merged', 'other']), false);
  // A value used through an alias is located at the alias.
  assert.equal(doc.at(['data', 'copy']).line, 13);
  assert.equal(doc.get(['data', 'copy', 'privileged']), true);
});

test('a syntax error is a problem with its line; other documents of the file still load', () => {
  const f = loadText('apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n---\napiVersion: v1\nkind: Pod\nspec: [unclosed\n').files[0]!;
  assert.equal(f.docs.length, 1);
  assert.equal(f.problems.length, 1);
  assert.equal(f.problems[0]!.problem, 'syntax');
  assert.equal(f.problems[0]!.document, 1);
  assert.ok(f.problems[0]!.line! >= 7);
});

test('a billion-laughs alias bomb is refused quickly without expanding it', () => {
  const levels = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
  for (let i = 1; i < 12; i++) {
    const prev = String.fromCharCode(96 + i);
    const cur = String.fromCharCode(97 + i);
    levels.push(`${cur}: &${cur} [${Array(9).fill(`*${prev}`).join(',')}]`);
  }
  const text = `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: lol}\ndata:\n${levels.map((l) => '  ' + l).join('\n')}\n`;
  const start = performance.now();
  const f = loadText(text).files[0]!;
  assert.ok(performance.now() - start < 1000, 'bomb handled in under a second');
  assert.equal(f.docs.length, 0);
  assert.equal(f.problems[0]!.problem, 'aliases');
  assert.match(f.problems[0]!.message, /billion laughs/);
});

test('moderate alias use is expanded normally', () => {
  const text = 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata:\n  env: &env [{name: A, value: "1"}, {name: B, value: "2"}]\n  again: *env\n  more: *env\n';
  const f = loadText(text).files[0]!;
  assert.deepEqual(f.problems, []);
  assert.equal((f.docs[0]!.get(['data', 'more']) as unknown[]).length, 2);
});

test('an anchor loop is reported, not followed', () => {
  const f = loadText('apiVersion: v1\nkind: ConfigMap\nmetadata: {name: loop}\ndata: &self\n  nested: *self\n').files[0]!;
  assert.equal(f.docs.length, 0);
  assert.equal(f.problems[0]!.problem, 'alias-cycle');
  assert.equal(f.problems[0]!.line, 5);
});

test('files over the size cap are not parsed (20 MB in well under a second)', () => {
  const big = 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: big}\ndata:\n  blob: "' + 'x'.repeat(20 * 1024 * 1024) + '"\n';
  const start = performance.now();
  const f = loadText(big).files[0]!;
  assert.ok(performance.now() - start < 1000);
  assert.equal(f.problems[0]!.problem, 'too-large');
  assert.match(f.problems[0]!.message, /20\.0 MiB, over the 10 MiB limit/);
  assert.equal(f.docs.length, 0);
  // The cap counts bytes, not characters: 4 MiB of 3-byte characters is 12 MiB.
  assert.equal(loadText('a: "' + '€'.repeat(4 * 1024 * 1024) + '"\n').files[0]!.problems[0]?.problem, 'too-large');
  assert.equal(MAX_FILE_BYTES, 10 * 1024 * 1024);
});

test('deeply nested input is a problem, not a crash', () => {
  const f = loadText('a: ' + '['.repeat(20000) + ']'.repeat(20000) + '\n').files[0]!;
  assert.equal(f.docs.length, 0);
  assert.deepEqual(f.problems.map((p) => p.problem), ['too-deep']);
});

test('unrendered Helm templates are detected and not parsed', () => {
  const f = loadText('apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}-config\n').files[0]!;
  assert.deepEqual(f.template, { line: 4, expression: '{{ .Release.Name }}' });
  assert.equal(f.docs.length, 0);
  assert.deepEqual(f.problems, []);
});

test('unknown kinds load as objects (rules ignore them); documents without kind are skipped', () => {
  const m = loadText('apiVersion: acme.io/v1\nkind: Widget\nmetadata: {name: w}\n---\nfoo: bar\n---\n- just\n- a list\n');
  assert.deepEqual(m.docs.map((d) => d.kind), ['Widget']);
  assert.deepEqual(m.files[0]!.problems, []);
});

test('cluster-scoped kinds have no namespace', () => {
  const m = loadText('apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: {name: r, namespace: ignored}\n');
  assert.equal(m.docs[0]!.namespace, undefined);
});
