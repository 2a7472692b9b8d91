import { test } from 'node:test';
import assert from 'node:assert/strict';
import rule from '../../../src/rules/kubernetes/pod-not-isolated.js';
import { lineOf, lines, run } from './helpers.js';

const deploy = (labels = 'app: web, tier: front', ns = 'shop') => `apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: ${ns}}
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata:
      labels: {${labels}}
    spec:
      containers: [{name: web, image: "x:1"}]
`;
const np = (selector: string, ns = 'shop', extra = '') => `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: p, namespace: ${ns}}
spec:
  podSelector: ${selector}
${extra}`;

test('fires on the pod template labels when no policy selects the pods', () => {
  const text = deploy();
  assert.deepEqual(lines(rule, text), [lineOf(text, 'labels:')]);
});

test('matchLabels, matchExpressions and empty selectors select across files', () => {
  assert.deepEqual(run(rule, { 'd.yaml': deploy(), 'p.yaml': np('{matchLabels: {app: web}}') }), []);
  assert.deepEqual(run(rule, { 'd.yaml': deploy(), 'p.yaml': np('{}') }), []);
  assert.deepEqual(run(rule, { 'd.yaml': deploy(), 'p.yaml': np('{matchExpressions: [{key: tier, operator: In, values: [front, back]}]}') }), []);
  assert.deepEqual(run(rule, { 'd.yaml': deploy(), 'p.yaml': np('{matchExpressions: [{key: env, operator: DoesNotExist}, {key: app, operator: Exists}]}') }), []);
  assert.deepEqual(run(rule, { 'd.yaml': deploy(), 'p.yaml': np('{matchExpressions: [{key: tier, operator: NotIn, values: [back]}]}') }), []);
});

test('non-matching selectors, other namespaces and egress-only policies do not isolate', () => {
  assert.equal(run(rule, { 'd.yaml': deploy(), 'p.yaml': np('{matchLabels: {app: api}}') }).length, 1);
  assert.equal(run(rule, { 'd.yaml': deploy(), 'p.yaml': np('{matchExpressions: [{key: tier, operator: NotIn, values: [front]}]}') }).length, 1);
  assert.equal(run(rule, { 'd.yaml': deploy(), 'p.yaml': np('{}', 'other') }).length, 1);
  assert.equal(run(rule, { 'd.yaml': deploy(), 'p.yaml': np('{}', 'shop', '  policyTypes: [Egress]\n') }).length, 1);
  assert.equal(run(rule, { 'd.yaml': deploy(), 'p.yaml': np('{matchExpressions: [{key: app, operator: Bogus}]}') }).length, 1);
});

test('the default namespace applies when metadata.namespace is unset', () => {
  const d = deploy().replace('namespace: shop', 'labels: {}');
  assert.deepEqual(run(rule, { 'd.yaml': d, 'p.yaml': np('{}', 'default') }), []);
});

test('hostNetwork pods are skipped', () => {
  assert.deepEqual(run(rule, deploy().replace('      containers:', '      hostNetwork: true\n      containers:')), []);
});
