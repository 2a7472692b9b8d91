import { test } from 'node:test';
import assert from 'node:assert/strict';
import rule from '../../../src/rules/kubernetes/automount-sa-token.js';
import { lineOf, lines, pod, run } from './helpers.js';

test('fires on the pod spec line when unset, and on the field when true', () => {
  const unset = pod({ pod: 'serviceAccountName: web' });
  assert.deepEqual(lines(rule, unset), [lineOf(unset, 'spec:')]);
  const t = pod({ pod: 'automountServiceAccountToken: true' });
  assert.deepEqual(lines(rule, t), [lineOf(t, 'automountServiceAccountToken')]);
});

test('does not fire when the pod or its ServiceAccount (in another file, same namespace) disables it', () => {
  assert.deepEqual(run(rule, pod({ pod: 'automountServiceAccountToken: false' })), []);
  const sa = 'apiVersion: v1\nkind: ServiceAccount\nmetadata: {name: web}\nautomountServiceAccountToken: false\n';
  assert.deepEqual(run(rule, { 'pod.yaml': pod({ pod: 'serviceAccountName: web' }), 'sa.yaml': sa }), []);
});

test('a ServiceAccount in another namespace does not count, and pod true overrides the ServiceAccount', () => {
  const sa = 'apiVersion: v1\nkind: ServiceAccount\nmetadata: {name: web, namespace: other}\nautomountServiceAccountToken: false\n';
  assert.equal(run(rule, { 'pod.yaml': pod({ pod: 'serviceAccountName: web' }), 'sa.yaml': sa }).length, 1);
  const saHere = sa.replace('namespace: other', 'namespace: default');
  assert.equal(run(rule, { 'pod.yaml': pod({ pod: 'serviceAccountName: web\nautomountServiceAccountToken: true' }), 'sa.yaml': saHere }).length, 1);
});
