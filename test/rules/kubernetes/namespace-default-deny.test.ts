import { test } from 'node:test';
import assert from 'node:assert/strict';
import rule from '../../../src/rules/kubernetes/namespace-default-deny.js';
import { lines, run } from './helpers.js';

const ns = 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n';
const deny = (extra = '') => `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: default-deny, namespace: shop}\nspec:\n  podSelector: {}\n${extra}`;

test('fires on the Namespace name line when no default-deny policy exists', () => {
  assert.deepEqual(lines(rule, ns), [4]);
});

test('policies that are not default-deny do not count', () => {
  // Selects only some pods.
  assert.equal(run(rule, { 'ns.yaml': ns, 'np.yaml': deny().replace('podSelector: {}', 'podSelector: {matchLabels: {app: web}}') }).length, 1);
  // Has an allow-all ingress rule.
  assert.equal(run(rule, { 'ns.yaml': ns, 'np.yaml': deny('  ingress:\n    - {}\n') }).length, 1);
  // Egress only.
  assert.equal(run(rule, { 'ns.yaml': ns, 'np.yaml': deny('  policyTypes: [Egress]\n') }).length, 1);
  // Other namespace.
  assert.equal(run(rule, { 'ns.yaml': ns, 'np.yaml': deny().replace('namespace: shop', 'namespace: other') }).length, 1);
});

test('does not fire with a default-deny policy in another file (policyTypes given or defaulted)', () => {
  assert.deepEqual(run(rule, { 'ns.yaml': ns, 'np.yaml': deny('  policyTypes: [Ingress, Egress]\n') }), []);
  assert.deepEqual(run(rule, { 'ns.yaml': ns, 'np.yaml': deny() }), []);
  assert.deepEqual(run(rule, { 'ns.yaml': ns, 'np.yaml': deny('  ingress: []\n') }), []);
});
