import { test } from 'node:test';
import assert from 'node:assert/strict';
import rule from '../../../src/rules/kubernetes/unsafe-sysctls.js';
import { lineOf, lines, pod, run } from './helpers.js';

test('fires per unsafe sysctl on its name line (slash spelling normalised)', () => {
  const text = pod({ pod: 'securityContext:\n  sysctls:\n    - name: net.ipv4.tcp_syncookies\n      value: "1"\n    - name: kernel.msgmax\n      value: "65536"\n    - name: net/core/somaxconn\n      value: "1024"' });
  assert.deepEqual(lines(rule, text), [lineOf(text, 'kernel.msgmax'), lineOf(text, 'somaxconn')]);
  assert.match(run(rule, text)[1]!.message, /net\.core\.somaxconn/);
});

test('does not fire for the safe set', () => {
  const text = pod({ pod: 'securityContext:\n  sysctls:\n    - {name: net.ipv4.ip_unprivileged_port_start, value: "80"}\n    - {name: net.ipv4.tcp_keepalive_time, value: "60"}\n    - {name: kernel.shm_rmid_forced, value: "1"}' });
  assert.deepEqual(run(rule, text), []);
});
