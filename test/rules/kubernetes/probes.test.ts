import { test } from 'node:test';
import assert from 'node:assert/strict';
import rule from '../../../src/rules/kubernetes/probes.js';
import { lineOf, lines, pod, run } from './helpers.js';

test('fires on the container line naming what is missing', () => {
  const none = pod();
  assert.deepEqual(lines(rule, none), [lineOf(none, '- name: app')]);
  assert.deepEqual(run(rule, none)[0]!.details?.missing, ['livenessProbe', 'readinessProbe']);
  const half = pod({ container: 'readinessProbe:\n  httpGet: {path: /ready, port: 8080}' });
  assert.deepEqual(run(rule, half)[0]!.details?.missing, ['livenessProbe']);
});

test('does not fire with both probes, for run-to-completion pods, or for init containers', () => {
  assert.deepEqual(run(rule, pod({ container: 'readinessProbe: {tcpSocket: {port: 80}}\nlivenessProbe: {tcpSocket: {port: 80}}' })), []);
  assert.deepEqual(run(rule, pod({ pod: 'restartPolicy: Never' })), []);
  const job = 'apiVersion: batch/v1\nkind: Job\nmetadata: {name: j}\nspec:\n  template:\n    spec:\n      restartPolicy: OnFailure\n      containers: [{name: j, image: "x:1"}]\n';
  assert.deepEqual(run(rule, job), []);
  const init = pod({ container: 'readinessProbe: {tcpSocket: {port: 80}}\nlivenessProbe: {tcpSocket: {port: 80}}', pod: 'initContainers:\n  - name: init\n    image: busybox:1.36' });
  assert.deepEqual(run(rule, init), []);
});
