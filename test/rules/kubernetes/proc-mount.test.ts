import { test } from 'node:test';
import assert from 'node:assert/strict';
import rule from '../../../src/rules/kubernetes/proc-mount.js';
import { lineOf, lines, pod, run } from './helpers.js';

test('fires on procMount: Unmasked', () => {
  const text = pod({ container: 'securityContext:\n  procMount: Unmasked' });
  assert.deepEqual(lines(rule, text), [lineOf(text, 'procMount')]);
});

test('does not fire on Default or when unset', () => {
  assert.deepEqual(run(rule, pod({ container: 'securityContext:\n  procMount: Default' })), []);
  assert.deepEqual(run(rule, pod()), []);
});
