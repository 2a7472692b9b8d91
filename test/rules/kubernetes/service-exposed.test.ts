import { test } from 'node:test';
import assert from 'node:assert/strict';
import rule from '../../../src/rules/kubernetes/service-exposed.js';
import { lines, run } from './helpers.js';

const svc = (type: string) => `apiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec:\n  type: ${type}\n  ports: [{port: 80}]\n`;

test('fires on NodePort and LoadBalancer on the type line', () => {
  assert.deepEqual(lines(rule, svc('NodePort')), [5]);
  assert.deepEqual(lines(rule, svc('LoadBalancer')), [5]);
  assert.match(run(rule, svc('LoadBalancer'))[0]!.message, /without loadBalancerSourceRanges/);
});

test('does not fire on ClusterIP, headless or ExternalName services', () => {
  assert.deepEqual(run(rule, svc('ClusterIP')), []);
  assert.deepEqual(run(rule, 'apiVersion: v1\nkind: Service\nmetadata: {name: db}\nspec:\n  clusterIP: None\n'), []);
  assert.deepEqual(run(rule, svc('ExternalName')), []);
});
