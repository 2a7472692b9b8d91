import { test } from 'node:test';
import assert from 'node:assert/strict';
import { composeScanner } from '../../../src/deploy/compose/index.js';
import { checkDocExamples } from './helpers.js';

test('every Compose rule documents a failing and a passing example, and both behave as documented', () => {
  const problems = checkDocExamples(composeScanner, (b) => ({ path: 'docker-compose.yml', text: b.code }));
  assert.deepEqual(problems, []);
});

test('Compose rule metadata: deploy phase, LS-COMPOSE ids, aliases in tool:id form', () => {
  for (const m of composeScanner.rules) {
    assert.match(m.id, /^LS-COMPOSE-\d{3}$/);
    assert.equal(m.phase, 'deploy');
    for (const a of m.aliases) assert.match(a, /^(?:kics|docker-bench-security):[\w.-]+$/, `${m.id} alias ${a}`);
  }
});
