import { test } from 'node:test';
import assert from 'node:assert/strict';
import rule from '../../../src/rules/kubernetes/privileged.js';
import { lineOf, lines, pod, run } from './helpers.js';

test('fires on privileged: true, also spelled the YAML 1.1 way Kubernetes accepts', () => {
  for (const v of ['true', 'yes', 'on', 'True']) {
    const text = pod({ container: `securityContext:\n  privileged: ${v}` });
    assert.deepEqual(lines(rule, text), [lineOf(text, 'privileged:')], v);
  }
});

test('fires on Windows hostProcess at pod level once', () => {
  const text = pod({ pod: 'securityContext:\n  windowsOptions:\n    hostProcess: true' });
  assert.deepEqual(lines(rule, text), [lineOf(text, 'hostProcess')]);
});

test('does not fire when privileged is false, absent, or the string "true"', () => {
  assert.deepEqual(run(rule, pod({ container: 'securityContext:\n  privileged: false' })), []);
  assert.deepEqual(run(rule, pod()), []);
  assert.deepEqual(run(rule, pod({ container: 'securityContext:\n  privileged: "true"' })), []);
});
