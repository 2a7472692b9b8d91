import { test } from 'node:test';
import assert from 'node:assert/strict';
import { daemonScanner } from '../../../src/deploy/daemon/index.js';
import { checkDocExamples } from '../compose/helpers.js';

test('every daemon rule documents a failing and a passing example, and both behave as documented', () => {
  assert.deepEqual(checkDocExamples(daemonScanner, (b) => ({ path: 'etc/docker/daemon.json', text: b.code })), []);
});

test('daemon rule metadata: deploy phase, LS-DAEMON ids, docker-bench-security aliases', () => {
  for (const m of daemonScanner.rules) {
    assert.match(m.id, /^LS-DAEMON-\d{3}$/);
    assert.equal(m.phase, 'deploy');
    for (const a of m.aliases) assert.match(a, /^docker-bench-security:2\.\d+$/, `${m.id} alias ${a}`);
  }
});
