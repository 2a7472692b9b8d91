import { test } from 'node:test';
import assert from 'node:assert/strict';
import rule from '../../../src/rules/kubernetes/default-service-account.js';
import { lineOf, lines, pod, run } from './helpers.js';

test('fires when serviceAccountName is unset (pod spec line) or "default" (its line)', () => {
  const unset = pod();
  assert.deepEqual(lines(rule, unset), [lineOf(unset, 'spec:')]);
  const def = pod({ pod: 'serviceAccountName: default' });
  assert.deepEqual(lines(rule, def), [lineOf(def, 'serviceAccountName')]);
});

test('does not fire for a dedicated account, also via the deprecated serviceAccount field', () => {
  assert.deepEqual(run(rule, pod({ pod: 'serviceAccountName: web' })), []);
  assert.deepEqual(run(rule, pod({ pod: 'serviceAccount: web' })), []);
});
