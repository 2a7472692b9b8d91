import { test } from 'node:test';
import assert from 'node:assert/strict';
import rule from '../../../src/rules/kubernetes/capabilities-added.js';
import { lineOf, pod, run } from './helpers.js';

test('fires per added capability, severity by capability, CAP_ prefix and case normalised', () => {
  const text = pod({ container: 'securityContext:\n  capabilities:\n    add:\n      - SYS_ADMIN\n      - cap_net_admin\n      - NET_RAW\n      - CHOWN\n      - NET_BIND_SERVICE' });
  const hits = run(rule, text);
  assert.deepEqual(hits.map((h) => [h.line, h.severity]), [
    [lineOf(text, 'SYS_ADMIN'), 'CRITICAL'],
    [lineOf(text, 'cap_net_admin'), 'HIGH'],
    [lineOf(text, 'NET_RAW'), 'MEDIUM'],
    [lineOf(text, 'CHOWN'), 'LOW'],
  ]);
});

test('ALL is critical and an unknown capability is medium', () => {
  const hits = run(rule, pod({ container: 'securityContext:\n  capabilities:\n    add: [ALL, MADE_UP]' }));
  assert.deepEqual(hits.map((h) => h.severity), ['CRITICAL', 'MEDIUM']);
});

test('does not fire for drop lists or NET_BIND_SERVICE alone', () => {
  assert.deepEqual(run(rule, pod({ container: 'securityContext:\n  capabilities:\n    drop: [ALL]\n    add: [NET_BIND_SERVICE]' })), []);
  assert.deepEqual(run(rule, pod()), []);
});
