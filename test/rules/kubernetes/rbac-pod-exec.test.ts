import { test } from 'node:test';
import assert from 'node:assert/strict';
import rule from '../../../src/rules/kubernetes/rbac-pod-exec.js';
import { lineOf, run } from './helpers.js';

const role = (resources: string, verbs: string, kind = 'Role') => `apiVersion: rbac.authorization.k8s.io/v1\nkind: ${kind}\nmetadata: {name: r}\nrules:\n  - apiGroups: [""]\n    resources: [${resources}]\n    verbs: [${verbs}]\n`;

test('fires on exec/attach/ephemeralcontainers with the verbs that use them', () => {
  const text = role('pods, pods/exec', 'create');
  assert.deepEqual(run(rule, text).map((h) => [h.line, h.severity]), [[lineOf(text, 'pods/exec'), 'MEDIUM']]);
  assert.deepEqual(run(rule, role('pods/attach', 'get', 'ClusterRole')).map((h) => h.severity), ['HIGH']);
  assert.equal(run(rule, role('pods/ephemeralcontainers', 'patch')).length, 1);
});

test('does not fire for logs, pod reads, or exec with unrelated verbs', () => {
  assert.deepEqual(run(rule, role('pods, pods/log', 'get, list')), []);
  assert.deepEqual(run(rule, role('pods/exec', 'list')), []);
  assert.deepEqual(run(rule, role('pods/ephemeralcontainers', 'get')), []);
});
