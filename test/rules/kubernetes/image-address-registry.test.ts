import { test } from 'node:test';
import assert from 'node:assert/strict';
import rule from '../../../src/rules/kubernetes/image-address-registry.js';
import { lineOf, lines, pod, run } from './helpers.js';

const withImage = (image: string) => pod().replace('ghcr.io/acme/app:1.0.0', image);

test('fires for localhost, IPv4 and IPv6 registries', () => {
  for (const image of ['localhost:5000/shop/web:1.0', '10.0.0.12:5000/shop/web:1.0', '"[::1]:5000/web:1.0"', '127.0.0.1/web:1.0']) {
    const text = withImage(image);
    assert.deepEqual(lines(rule, text), [lineOf(text, 'image:')], image);
  }
});

test('does not fire for registries named by DNS', () => {
  assert.deepEqual(run(rule, withImage('registry.acme.internal:5000/shop/web:1.0')), []);
  assert.deepEqual(run(rule, withImage('nginx:1.27')), []);
});
