import { test } from 'node:test';
import assert from 'node:assert/strict';
import rule from '../../../src/rules/kubernetes/image-not-pinned.js';
import { lineOf, lines, pod, run } from './helpers.js';

const withImage = (image: string) => pod().replace('ghcr.io/acme/app:1.0.0', image);

test('fires on a version tag without digest', () => {
  const text = withImage('postgres:16.4');
  assert.deepEqual(lines(rule, text), [lineOf(text, 'image:')]);
});

test('does not fire with a digest, nor for latest/untagged (LS-K8S-020 owns those)', () => {
  assert.deepEqual(run(rule, withImage('postgres:16.4@sha256:' + 'c'.repeat(64))), []);
  assert.deepEqual(run(rule, withImage('postgres')), []);
  assert.deepEqual(run(rule, withImage('postgres:latest')), []);
});
