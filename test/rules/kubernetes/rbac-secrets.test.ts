import { test } from 'node:test';
import assert from 'node:assert/strict';
import rule from '../../../src/rules/kubernetes/rbac-secrets.js';
import { lineOf, run } from './helpers.js';

const role = (rule: string, kind = 'Role') => `apiVersion: rbac.authorization.k8s.io/v1\nkind: ${kind}\nmetadata: {name: r}\nrules:\n  - apiGroups: [""]\n${rule}\n`;

test('fires on the secrets line for list/watch/get, HIGH in ClusterRoles', () => {
  const text = role('    resources: ["configmaps", "secrets"]\n    verbs: ["get", "list"]', 'ClusterRole');
  assert.deepEqual(run(rule, text).map((h) => [h.line, h.severity]), [[lineOf(text, 'secrets'), 'HIGH']]);
  assert.deepEqual(run(rule, role('    resources: ["secrets"]\n    verbs: ["watch"]')).map((h) => h.severity), ['MEDIUM']);
});

test('resourceNames limits get but not list', () => {
  assert.deepEqual(run(rule, role('    resources: ["secrets"]\n    resourceNames: ["tls"]\n    verbs: ["get"]')), []);
  assert.equal(run(rule, role('    resources: ["secrets"]\n    resourceNames: ["tls"]\n    verbs: ["get", "list"]')).length, 1);
});

test('does not fire for write-only verbs or other resources/groups', () => {
  assert.deepEqual(run(rule, role('    resources: ["secrets"]\n    verbs: ["create"]')), []);
  assert.deepEqual(run(rule, role('    resources: ["configmaps"]\n    verbs: ["get", "list"]')), []);
  assert.deepEqual(run(rule, role('    resources: ["secrets"]\n    verbs: ["list"]').replace('apiGroups: [""]', 'apiGroups: ["acme.io"]')), []);
});
