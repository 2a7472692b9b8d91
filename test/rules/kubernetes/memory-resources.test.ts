import { test } from 'node:test';
import assert from 'node:assert/strict';
import rule from '../../../src/rules/kubernetes/memory-resources.js';
import { lineOf, lines, pod, run } from './helpers.js';

test('fires for missing memory settings, init containers included', () => {
  const text = pod({ container: 'resources:\n  requests: {memory: 128Mi, cpu: 100m}', pod: 'initContainers:\n  - name: init\n    image: busybox:1.36' });
  assert.deepEqual(lines(rule, text), [lineOf(text, '- name: init'), lineOf(text, 'resources:')]);
  assert.ok(run(rule, text).every((h) => h.severity === 'MEDIUM'));
});

test('does not fire with a memory limit', () => {
  assert.deepEqual(run(rule, pod({ container: 'resources:\n  limits: {memory: 256Mi}' })), []);
  assert.deepEqual(run(rule, pod({ container: 'resources:\n  requests: {memory: 256Mi}\n  limits: {memory: 256Mi}' })), []);
});

test('a LimitRange defaultRequest alone is not a limit', () => {
  const lr = 'apiVersion: v1\nkind: LimitRange\nmetadata: {name: d}\nspec:\n  limits:\n    - type: Container\n      defaultRequest: {memory: 64Mi}\n';
  const hits = run(rule, { 'p.yaml': pod(), 'lr.yaml': lr });
  assert.equal(hits.length, 1);
  assert.match(hits[0]!.message, /request but no memory limit/);
});
