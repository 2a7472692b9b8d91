import { test } from 'node:test';
import assert from 'node:assert/strict';
import rule from '../../../src/rules/kubernetes/image-registry-not-allowed.js';
import { lineOf, lines, pod, run } from './helpers.js';

const withImage = (image: string) => pod().replace('ghcr.io/acme/app:1.0.0', image);

test('fires for images outside the allow list', () => {
  const text = withImage('docker.io/bitnami/redis:7.4');
  assert.deepEqual(lines(rule, text, { allowedRegistries: ['ghcr.io/acme'] }), [lineOf(text, 'image:')]);
  assert.equal(run(rule, withImage('ghcr.io/evil/app:1.0'), { allowedRegistries: ['ghcr.io/acme'] }).length, 1);
  // A prefix must end at a path boundary: ghcr.io/acme does not allow ghcr.io/acme-evil.
  assert.equal(run(rule, withImage('ghcr.io/acme-evil/app:1.0'), { allowedRegistries: ['ghcr.io/acme'] }).length, 1);
});

test('does not fire for allowed hosts or prefixes, Docker Hub in any spelling, or without an allow list', () => {
  assert.deepEqual(run(rule, withImage('ghcr.io/acme/app:1.0'), { allowedRegistries: ['ghcr.io'] }), []);
  assert.deepEqual(run(rule, withImage('nginx:1.27'), { allowedRegistries: ['docker.io/library'] }), []);
  assert.deepEqual(run(rule, withImage('nginx:1.27'), { allowedRegistries: ['index.docker.io'] }), []);
  assert.deepEqual(run(rule, withImage('quay.io/x/y:1')), []);
});
