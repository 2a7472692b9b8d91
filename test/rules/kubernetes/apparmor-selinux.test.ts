import { test } from 'node:test';
import assert from 'node:assert/strict';
import rule from '../../../src/rules/kubernetes/apparmor-selinux.js';
import { lineOf, pod, run } from './helpers.js';

test('fires on appArmorProfile Unconfined and on the unconfined annotation for the container', () => {
  const f = pod({ container: 'securityContext:\n  appArmorProfile:\n    type: Unconfined' });
  assert.deepEqual(run(rule, f).map((h) => h.line), [lineOf(f, 'type: Unconfined')]);
  const a = pod({ meta: 'annotations:\n  container.apparmor.security.beta.kubernetes.io/app: unconfined' });
  assert.deepEqual(run(rule, a).map((h) => [h.line, h.severity]), [[lineOf(a, 'apparmor'), 'HIGH']]);
});

test('SELinux: spc_t is HIGH, another custom type and user/role are MEDIUM', () => {
  const text = pod({ pod: 'securityContext:\n  seLinuxOptions:\n    type: spc_t\n    user: system_u' });
  assert.deepEqual(run(rule, text).map((h) => [h.line, h.severity]), [[lineOf(text, 'spc_t'), 'HIGH'], [lineOf(text, 'user: system_u'), 'MEDIUM']]);
  const other = pod({ container: 'securityContext:\n  seLinuxOptions:\n    type: unconfined_t' });
  assert.deepEqual(run(rule, other).map((h) => h.severity), ['MEDIUM']);
});

test('does not fire for RuntimeDefault, allowed SELinux types, level-only options or other containers\' annotations', () => {
  assert.deepEqual(run(rule, pod({ container: 'securityContext:\n  appArmorProfile: {type: RuntimeDefault}' })), []);
  assert.deepEqual(run(rule, pod({ pod: 'securityContext:\n  seLinuxOptions: {type: container_t, level: "s0:c123,c456"}' })), []);
  assert.deepEqual(run(rule, pod({ meta: 'annotations:\n  container.apparmor.security.beta.kubernetes.io/other: unconfined' })), []);
  assert.deepEqual(run(rule, pod({ meta: 'annotations:\n  container.apparmor.security.beta.kubernetes.io/app: runtime/default' })), []);
});
