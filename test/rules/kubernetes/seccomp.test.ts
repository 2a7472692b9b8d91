import { test } from 'node:test';
import assert from 'node:assert/strict';
import rule from '../../../src/rules/kubernetes/seccomp.js';
import { lineOf, lines, pod, run } from './helpers.js';

test('fires when no profile is set, on the container line', () => {
  const text = pod();
  assert.deepEqual(lines(rule, text), [lineOf(text, '- name: app')]);
});

test('Unconfined is HIGH on its type line, at pod level reported once per pod', () => {
  const c = pod({ container: 'securityContext:\n  seccompProfile:\n    type: Unconfined' });
  assert.deepEqual(lines(rule, c), [lineOf(c, 'type: Unconfined')]);
  assert.equal(run(rule, c)[0]!.severity, 'HIGH');
  const p = pod({ pod: 'securityContext:\n  seccompProfile: {type: Unconfined}' }).replace('  containers:\n', '  containers:\n    - name: side\n      image: busybox:1.36\n');
  assert.deepEqual(lines(rule, p), [lineOf(p, 'Unconfined')]);
});

test('the legacy unconfined annotation fires, the runtime/default annotation passes', () => {
  const bad = pod({ meta: 'annotations:\n  seccomp.security.alpha.kubernetes.io/pod: unconfined' });
  assert.deepEqual(lines(rule, bad), [lineOf(bad, 'seccomp.security.alpha')]);
  assert.deepEqual(run(rule, pod({ meta: 'annotations:\n  seccomp.security.alpha.kubernetes.io/pod: runtime/default' })), []);
});

test('does not fire with RuntimeDefault or Localhost at pod or container level', () => {
  assert.deepEqual(run(rule, pod({ pod: 'securityContext:\n  seccompProfile:\n    type: RuntimeDefault' })), []);
  assert.deepEqual(run(rule, pod({ container: 'securityContext:\n  seccompProfile:\n    type: Localhost\n    localhostProfile: profiles/app.json' })), []);
});

test('a container Unconfined overrides a pod RuntimeDefault', () => {
  const text = pod({ pod: 'securityContext:\n  seccompProfile: {type: RuntimeDefault}', container: 'securityContext:\n  seccompProfile: {type: Unconfined}' });
  assert.deepEqual(lines(rule, text), [lineOf(text, 'Unconfined')]);
});
