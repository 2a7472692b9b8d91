import { test } from 'node:test';
import assert from 'node:assert/strict';
import rule from '../../../src/rules/kubernetes/image-latest.js';
import { lineOf, lines, pod, run } from './helpers.js';

const withImage = (image: string) => pod().replace('ghcr.io/acme/app:1.0.0', image);

test('fires on untagged and :latest images, on the image line', () => {
  for (const image of ['nginx', 'nginx:latest', 'ghcr.io/acme/app', 'localhost:5000/app']) {
    const text = withImage(image);
    assert.deepEqual(lines(rule, text), [lineOf(text, 'image:')], image);
  }
});

test('does not fire on version tags or digests (even :latest@sha256)', () => {
  const digest = 'sha256:' + 'b'.repeat(64);
  for (const image of ['nginx:1.27.3', `nginx@${digest}`, `nginx:latest@${digest}`]) {
    assert.deepEqual(run(rule, withImage(image)), [], image);
  }
});
