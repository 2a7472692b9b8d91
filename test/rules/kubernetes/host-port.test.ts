import { test } from 'node:test';
import assert from 'node:assert/strict';
import rule from '../../../src/rules/kubernetes/host-port.js';
import { lineOf, lines, pod, run } from './helpers.js';

test('fires on each non-zero hostPort', () => {
  const text = pod({ container: 'ports:\n  - containerPort: 8080\n    hostPort: 80\n  - containerPort: 9090\n    hostPort: 0' });
  assert.deepEqual(lines(rule, text), [lineOf(text, 'hostPort: 80')]);
});

test('does not fire without hostPort, nor for hostNetwork pods (reported by LS-K8S-011)', () => {
  assert.deepEqual(run(rule, pod({ container: 'ports:\n  - containerPort: 8080' })), []);
  assert.deepEqual(run(rule, pod({ pod: 'hostNetwork: true', container: 'ports:\n  - containerPort: 8080\n    hostPort: 8080' })), []);
});
