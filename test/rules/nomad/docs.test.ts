import { test } from 'node:test';
import assert from 'node:assert/strict';
import { nomadScanner } from '../../../src/deploy/nomad/index.js';
import { checkDocExamples } from '../compose/helpers.js';

/** Documentation shows fragments (`config { ... }`, `task "x" { ... }`); wrap them into a job. */
function asJob(code: string): string {
  const t = code.trimStart();
  if (t.startsWith('job')) return code;
  if (t.startsWith('task')) return `job "doc" {\n  group "g" {\n${code}\n  }\n}\n`;
  return `job "doc" {\n  group "g" {\n    task "t" {\n      driver = "docker"\n${code}\n    }\n  }\n}\n`;
}

test('every Nomad rule documents a failing and a passing example, and both behave as documented', () => {
  assert.deepEqual(checkDocExamples(nomadScanner, (b) => ({ path: 'doc.nomad', text: asJob(b.code.replace(/^#.*\n/, '')) })), []);
});

test('Nomad rule metadata: deploy phase, LS-NOMAD ids, aliases in tool:id form', () => {
  for (const m of nomadScanner.rules) {
    assert.match(m.id, /^LS-NOMAD-\d{3}$/);
    assert.equal(m.phase, 'deploy');
    for (const a of m.aliases) assert.match(a, /^docker-bench-security:\d+\.\d+$/, `${m.id} alias ${a}`);
  }
});
