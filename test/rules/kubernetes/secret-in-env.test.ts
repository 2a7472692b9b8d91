import { test } from 'node:test';
import assert from 'node:assert/strict';
import rule from '../../../src/rules/kubernetes/secret-in-env.js';
import { createRng, fakeAwsAccessKeyId, fakeSlackBotToken } from '../../../src/analyze/secret/fake-tokens.js';
import { lineOf, pod, run } from './helpers.js';

const env = (entries: string) => pod({ container: `env:\n${entries}` });

test('fires on a credential-named variable with a literal value, redacted, on the value line', () => {
  const text = env('  - name: DB_PASSWORD\n    value: "pr0d-Passw0rd-2024"');
  const hits = run(rule, text);
  assert.deepEqual(hits.map((h) => [h.line, h.severity]), [[lineOf(text, 'value:'), undefined]]);
  assert.ok(!hits[0]!.message.includes('pr0d-Passw0rd-2024'));
  assert.match(hits[0]!.message, /pr…24/);
});

test('fires on engine-recognised formats whatever the name, keeping the engine severity', () => {
  const rng = createRng(7);
  const key = fakeAwsAccessKeyId(rng);
  const slack = fakeSlackBotToken(rng);
  const text = env(`  - name: UPSTREAM\n    value: ${key}\n  - name: NOTIFY\n    value: ${slack}`);
  const hits = run(rule, text);
  assert.equal(hits.length, 2);
  assert.equal(hits[0]!.severity, 'CRITICAL');
  assert.ok(hits.every((h) => !h.message.includes(key) && !h.message.includes(slack)));
  assert.equal(hits[0]!.details?.secretRule, 'LS-SEC-001');
});

test('does not fire on references, placeholders, flags, secretKeyRef or ordinary settings', () => {
  const text = env([
    '  - name: DB_PASSWORD',
    '    valueFrom:',
    '      secretKeyRef: {name: db, key: password}',
    '  - name: API_TOKEN',
    '    value: $(TOKEN_FROM_FILE)',
    '  - name: ADMIN_PASSWORD',
    '    value: changeme',
    '  - name: REQUIRE_PASSWORD',
    '    value: "true"',
    '  - name: LOG_LEVEL',
    '    value: debug',
    '  - name: PASSWORD_FILE',
    '    value: /run/secrets/db',
  ].join('\n'));
  assert.deepEqual(run(rule, text), []);
});
