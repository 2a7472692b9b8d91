import { test } from 'node:test';
import assert from 'node:assert/strict';
import rule from '../../../src/rules/kubernetes/rbac-cluster-admin.js';
import { lineOf, run } from './helpers.js';

const binding = (kind: string, role: string, roleKind = 'ClusterRole') => `apiVersion: rbac.authorization.k8s.io/v1
kind: ${kind}
metadata: {name: b, namespace: tools}
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: ${roleKind}
  name: ${role}
subjects:
  - {kind: ServiceAccount, name: ci, namespace: tools}
`;

test('fires on the roleRef name, HIGH for ClusterRoleBinding and MEDIUM for RoleBinding', () => {
  const crb = binding('ClusterRoleBinding', 'cluster-admin');
  assert.deepEqual(run(rule, crb).map((h) => [h.line, h.severity]), [[lineOf(crb, 'name: cluster-admin'), 'HIGH']]);
  assert.match(run(rule, crb)[0]!.message, /ServiceAccount ci/);
  assert.deepEqual(run(rule, binding('RoleBinding', 'cluster-admin')).map((h) => h.severity), ['MEDIUM']);
});

test('does not fire for other roles or a namespaced Role that happens to be called cluster-admin', () => {
  assert.deepEqual(run(rule, binding('ClusterRoleBinding', 'view')), []);
  assert.deepEqual(run(rule, binding('RoleBinding', 'cluster-admin', 'Role')), []);
});
