import { test } from 'node:test';
import assert from 'node:assert/strict';
import rule from '../../../src/rules/kubernetes/cpu-resources.js';
import { lineOf, lines, pod, run } from './helpers.js';

test('fires when neither request nor limit is set (container line) and for a request without limit', () => {
  const none = pod();
  assert.deepEqual(lines(rule, none), [lineOf(none, '- name: app')]);
  assert.match(run(rule, none)[0]!.message, /no CPU request or limit/);
  const reqOnly = pod({ container: 'resources:\n  requests:\n    cpu: 100m' });
  assert.deepEqual(lines(rule, reqOnly), [lineOf(reqOnly, 'resources:')]);
  assert.match(run(rule, reqOnly)[0]!.message, /request but no CPU limit/);
});

test('does not fire with a limit (it becomes the request) or both, nor for ephemeral containers', () => {
  assert.deepEqual(run(rule, pod({ container: 'resources:\n  limits: {cpu: 500m}' })), []);
  assert.deepEqual(run(rule, pod({ container: 'resources:\n  requests: {cpu: 100m}\n  limits: {cpu: "1"}' })), []);
  const eph = pod({ container: 'resources:\n  limits: {cpu: 500m}', pod: 'ephemeralContainers:\n  - name: debug\n    image: busybox:1.36' });
  assert.deepEqual(run(rule, eph), []);
});

test('a LimitRange with CPU defaults in the same namespace satisfies it; one elsewhere does not', () => {
  const lr = (ns: string) => `apiVersion: v1\nkind: LimitRange\nmetadata: {name: d, namespace: ${ns}}\nspec:\n  limits:\n    - type: Container\n      default: {cpu: 500m}\n`;
  assert.deepEqual(run(rule, { 'p.yaml': pod(), 'lr.yaml': lr('default') }), []);
  assert.equal(run(rule, { 'p.yaml': pod(), 'lr.yaml': lr('other') }).length, 1);
});
