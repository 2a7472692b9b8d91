import { test } from 'node:test';
import assert from 'node:assert/strict';
import rule from '../../../src/rules/kubernetes/capabilities-not-dropped.js';
import { lineOf, lines, pod, run } from './helpers.js';

test('fires when nothing is dropped (container line) or only some capabilities (drop line)', () => {
  const none = pod();
  assert.deepEqual(lines(rule, none), [lineOf(none, '- name: app')]);
  const some = pod({ container: 'securityContext:\n  capabilities:\n    drop: [NET_RAW]' });
  assert.deepEqual(lines(rule, some), [lineOf(some, 'drop:')]);
  assert.match(run(rule, some)[0]!.message, /drops only NET_RAW/);
});

test('does not fire for drop ALL in any case/prefix spelling, nor on Windows pods', () => {
  assert.deepEqual(run(rule, pod({ container: 'securityContext:\n  capabilities:\n    drop: [ALL]' })), []);
  assert.deepEqual(run(rule, pod({ container: 'securityContext:\n  capabilities:\n    drop: ["all"]' })), []);
  assert.deepEqual(run(rule, pod({ pod: 'os: {name: windows}' })), []);
});
