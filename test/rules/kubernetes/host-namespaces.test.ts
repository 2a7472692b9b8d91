import { test } from 'node:test';
import assert from 'node:assert/strict';
import rule from '../../../src/rules/kubernetes/host-namespaces.js';
import { lineOf, lines, pod, run } from './helpers.js';

test('fires once per shared namespace on its line', () => {
  const text = pod({ pod: 'hostNetwork: true\nhostPID: true\nhostIPC: true' });
  assert.deepEqual(lines(rule, text), [lineOf(text, 'hostNetwork'), lineOf(text, 'hostPID'), lineOf(text, 'hostIPC')]);
  assert.deepEqual(run(rule, text).map((h) => h.details?.field), ['hostNetwork', 'hostPID', 'hostIPC']);
});

test('does not fire when false or unset', () => {
  assert.deepEqual(run(rule, pod({ pod: 'hostNetwork: false\nhostPID: false' })), []);
  assert.deepEqual(run(rule, pod()), []);
});

test('finds the pod spec of a DaemonSet and an OpenShift DeploymentConfig', () => {
  const ds = 'apiVersion: apps/v1\nkind: DaemonSet\nmetadata: {name: agent}\nspec:\n  template:\n    spec:\n      hostPID: true\n      containers: [{name: a, image: x:1}]\n';
  assert.deepEqual(lines(rule, ds), [7]);
  assert.deepEqual(lines(rule, ds.replace('apps/v1\nkind: DaemonSet', 'apps.openshift.io/v1\nkind: DeploymentConfig')), [7]);
});
