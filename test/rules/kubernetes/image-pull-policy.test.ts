import { test } from 'node:test';
import assert from 'node:assert/strict';
import rule from '../../../src/rules/kubernetes/image-pull-policy.js';
import { lineOf, lines, pod, run } from './helpers.js';

const withImage = (image: string, policy?: string) => pod({ container: policy ? `imagePullPolicy: ${policy}` : '' }).replace('ghcr.io/acme/app:1.0.0', image);

test('fires on IfNotPresent/Never with a moving latest image, on the policy line', () => {
  for (const policy of ['IfNotPresent', 'Never']) {
    const text = withImage('acme/worker:latest', policy);
    assert.deepEqual(lines(rule, text), [lineOf(text, 'imagePullPolicy')], policy);
  }
});

test('does not fire for Always, no policy, pinned tags or digests', () => {
  assert.deepEqual(run(rule, withImage('acme/worker:latest', 'Always')), []);
  assert.deepEqual(run(rule, withImage('acme/worker')), []);
  assert.deepEqual(run(rule, withImage('acme/worker:2.3.1', 'IfNotPresent')), []);
  assert.deepEqual(run(rule, withImage('acme/worker@sha256:' + 'd'.repeat(64), 'Always')), []);
});
