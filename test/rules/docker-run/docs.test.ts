import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dockerRunScanner } from '../../../src/deploy/docker-run/index.js';
import { checkDocExamples } from '../compose/helpers.js';

test('every docker-run rule documents a failing and a passing example, and both behave as documented', () => {
  const problems = checkDocExamples(dockerRunScanner, (b) => (b.lang === 'yaml' ? { path: '.gitlab-ci.yml', text: b.code } : { path: 'doc.sh', text: b.code }));
  assert.deepEqual(problems, []);
});

test('docker-run rule metadata: deploy phase, LS-RUN ids, docker-bench-security aliases', () => {
  for (const m of dockerRunScanner.rules) {
    assert.match(m.id, /^LS-RUN-\d{3}$/);
    assert.equal(m.phase, 'deploy');
    for (const a of m.aliases) assert.match(a, /^docker-bench-security:\d+\.\d+$/, `${m.id} alias ${a}`);
  }
});
