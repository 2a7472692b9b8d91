import { test } from 'node:test';
import assert from 'node:assert/strict';
import rule from '../../../src/rules/kubernetes/run-as-root.js';
import { lineOf, lines, pod, run } from './helpers.js';

test('fires on the container line when neither runAsNonRoot nor runAsUser is set', () => {
  const text = pod();
  assert.deepEqual(lines(rule, text), [lineOf(text, '- name: app')]);
  assert.equal(run(rule, text)[0]!.severity, undefined);
});

test('points at the container securityContext when it exists but lacks the field', () => {
  const text = pod({ container: 'securityContext:\n  readOnlyRootFilesystem: true' });
  assert.deepEqual(lines(rule, text), [lineOf(text, 'securityContext:')]);
});

test('runAsUser: 0 is HIGH on its line, at container or pod level (once per pod)', () => {
  const c = pod({ container: 'securityContext:\n  runAsNonRoot: true\n  runAsUser: 0' });
  assert.deepEqual(lines(rule, c), [lineOf(c, 'runAsUser: 0')]);
  assert.equal(run(rule, c)[0]!.severity, 'HIGH');
  const p = pod({ pod: 'securityContext:\n  runAsUser: 0' }).replace('  containers:\n', '  containers:\n    - name: side\n      image: busybox:1.36\n');
  assert.deepEqual(lines(rule, p), [lineOf(p, 'runAsUser: 0')]);
});

test('runAsNonRoot: false fires on its line', () => {
  const text = pod({ container: 'securityContext:\n  runAsNonRoot: false' });
  assert.deepEqual(lines(rule, text), [lineOf(text, 'runAsNonRoot: false')]);
});

test('does not fire with runAsNonRoot: true or a non-zero runAsUser at either level, nor on Windows pods', () => {
  assert.deepEqual(run(rule, pod({ pod: 'securityContext:\n  runAsNonRoot: true' })), []);
  assert.deepEqual(run(rule, pod({ container: 'securityContext:\n  runAsUser: 10001' })), []);
  assert.deepEqual(run(rule, pod({ pod: 'securityContext:\n  runAsUser: 1000', container: 'securityContext:\n  runAsNonRoot: false' })), []);
  assert.deepEqual(run(rule, pod({ pod: 'os:\n  name: windows' })), []);
});

test('the container value overrides the pod value', () => {
  const text = pod({ pod: 'securityContext:\n  runAsNonRoot: true', container: 'securityContext:\n  runAsUser: 0' });
  assert.deepEqual(lines(rule, text), [lineOf(text, 'runAsUser: 0')]);
});

test('checks init and ephemeral containers and every workload kind', () => {
  const text = `apiVersion: batch/v1
kind: CronJob
metadata: {name: nightly}
spec:
  schedule: "0 3 * * *"
  jobTemplate:
    spec:
      template:
        spec:
          securityContext: {runAsNonRoot: true}
          initContainers:
            - name: migrate
              image: ghcr.io/acme/migrate:1.0.0
              securityContext: {runAsUser: 0}
          containers:
            - name: job
              image: ghcr.io/acme/job:1.0.0
`;
  assert.deepEqual(lines(rule, text), [14]);
});
