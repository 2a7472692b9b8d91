import { test } from 'node:test';
import assert from 'node:assert/strict';
import rule from '../../../src/rules/kubernetes/rbac-wildcard.js';
import { lineOf, run } from './helpers.js';

const role = (rules: string, kind = 'Role') => `apiVersion: rbac.authorization.k8s.io/v1\nkind: ${kind}\nmetadata: {name: r}\nrules:\n${rules}\n`;

test('severity depends on what is wildcarded; the line is the first wildcard', () => {
  const text = role([
    '  - apiGroups: ["*"]',
    '    resources: ["*"]',
    '    verbs: ["*"]',
    '  - apiGroups: [""]',
    '    resources: ["pods"]',
    '    verbs: ["*"]',
    '  - apiGroups: ["*"]',
    '    resources: ["deployments"]',
    '    verbs: ["get"]',
  ].join('\n'), 'ClusterRole');
  const hits = run(rule, text);
  assert.deepEqual(hits.map((h) => [h.line, h.severity]), [[5, 'CRITICAL'], [10, 'HIGH'], [11, 'MEDIUM']]);
});

test('does not fire on explicit lists', () => {
  const text = role('  - apiGroups: ["apps"]\n    resources: ["deployments", "deployments/scale"]\n    verbs: ["get", "patch"]');
  assert.deepEqual(run(rule, text), []);
  assert.equal(lineOf(text, 'deployments'), 6);
});
