import { test } from 'node:test';
import assert from 'node:assert/strict';
import rule from '../../../src/rules/kubernetes/read-only-root-fs.js';
import { lineOf, lines, pod, run } from './helpers.js';

test('fires when unset (container line) or false (its line)', () => {
  const unset = pod();
  assert.deepEqual(lines(rule, unset), [lineOf(unset, '- name: app')]);
  const f = pod({ container: 'securityContext:\n  readOnlyRootFilesystem: false' });
  assert.deepEqual(lines(rule, f), [lineOf(f, 'readOnlyRootFilesystem')]);
});

test('does not fire when true; ephemeral containers are skipped', () => {
  assert.deepEqual(run(rule, pod({ container: 'securityContext:\n  readOnlyRootFilesystem: true' })), []);
  const eph = pod({ container: 'securityContext:\n  readOnlyRootFilesystem: true', pod: 'ephemeralContainers:\n  - name: debug\n    image: busybox:1.36' });
  assert.deepEqual(run(rule, eph), []);
});
