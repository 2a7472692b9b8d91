import { test } from 'node:test';
import assert from 'node:assert/strict';
import rule from '../../../src/rules/kubernetes/rbac-escalation-verbs.js';
import { lineOf, run } from './helpers.js';

const role = (rules: string) => `apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: {name: r}\nrules:\n${rules}\n`;

test('fires on escalate/bind on roles and impersonate on identities, on the verb line', () => {
  const text = role([
    '  - apiGroups: ["rbac.authorization.k8s.io"]',
    '    resources: ["clusterroles"]',
    '    verbs:',
    '      - escalate',
    '      - bind',
    '  - apiGroups: [""]',
    '    resources: ["users", "groups"]',
    '    verbs:',
    '      - impersonate',
  ].join('\n'));
  const hits = run(rule, text);
  assert.deepEqual(hits.map((h) => h.line), [lineOf(text, '- escalate'), lineOf(text, '- bind'), lineOf(text, '- impersonate')]);
  assert.ok(hits.every((h) => h.severity === 'HIGH'));
});

test('resourceNames lowers the severity', () => {
  const text = role('  - apiGroups: [""]\n    resources: ["serviceaccounts"]\n    resourceNames: ["deployer"]\n    verbs: ["impersonate"]');
  assert.deepEqual(run(rule, text).map((h) => h.severity), ['MEDIUM']);
});

test('does not fire for read verbs on roles, bind on other groups\' resources, or impersonate on other resources', () => {
  assert.deepEqual(run(rule, role('  - apiGroups: ["rbac.authorization.k8s.io"]\n    resources: ["roles"]\n    verbs: ["get", "list"]')), []);
  assert.deepEqual(run(rule, role('  - apiGroups: ["acme.io"]\n    resources: ["roles"]\n    verbs: ["bind"]')), []);
  assert.deepEqual(run(rule, role('  - apiGroups: [""]\n    resources: ["pods"]\n    verbs: ["impersonate"]')), []);
});
