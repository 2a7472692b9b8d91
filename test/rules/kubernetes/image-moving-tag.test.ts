import { test } from 'node:test';
import assert from 'node:assert/strict';
import rule, { isMovingTag } from '../../../src/rules/kubernetes/image-moving-tag.js';
import { lineOf, lines, pod, run } from './helpers.js';

const withImage = (image: string) => pod().replace('ghcr.io/acme/app:1.0.0', image);

test('fires on major-only and channel tags when production is set', () => {
  for (const image of ['node:20', 'postgres:16', 'node:20-alpine', 'nginx:stable', 'ghcr.io/acme/app:v3']) {
    const text = withImage(image);
    assert.deepEqual(lines(rule, text, { production: true }), [lineOf(text, 'image:')], image);
  }
});

test('does not fire without production, for full versions, or with a digest', () => {
  assert.deepEqual(run(rule, withImage('node:20')), []);
  assert.deepEqual(run(rule, withImage('node:20.18.1-alpine3.20'), { production: true }), []);
  assert.deepEqual(run(rule, withImage('node:20@sha256:' + 'e'.repeat(64)), { production: true }), []);
  assert.equal(isMovingTag('3.20'), false);
  assert.equal(isMovingTag('1.27.3'), false);
});
