import { test } from 'node:test';
import assert from 'node:assert/strict';
import rule from '../../../src/rules/kubernetes/privilege-escalation.js';
import { lineOf, lines, pod, run } from './helpers.js';

test('fires when allowPrivilegeEscalation is missing (container line) or true (HIGH, its line)', () => {
  const missing = pod();
  assert.deepEqual(lines(rule, missing), [lineOf(missing, '- name: app')]);
  const t = pod({ container: 'securityContext:\n  allowPrivilegeEscalation: true' });
  assert.deepEqual(lines(rule, t), [lineOf(t, 'allowPrivilegeEscalation')]);
  assert.equal(run(rule, t)[0]!.severity, 'HIGH');
});

test('does not fire when it is false, and skips Windows pods', () => {
  assert.deepEqual(run(rule, pod({ container: 'securityContext:\n  allowPrivilegeEscalation: false' })), []);
  assert.deepEqual(run(rule, pod({ pod: 'os: {name: windows}' })), []);
});

test('the pod-level securityContext has no such field: setting it there does not count', () => {
  const text = pod({ pod: 'securityContext:\n  allowPrivilegeEscalation: false' });
  assert.equal(run(rule, text).length, 1);
});
