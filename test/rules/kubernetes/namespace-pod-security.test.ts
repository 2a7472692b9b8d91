import { test } from 'node:test';
import assert from 'node:assert/strict';
import rule from '../../../src/rules/kubernetes/namespace-pod-security.js';
import { lineOf, lines, run } from './helpers.js';

test('fires without the enforce label (labels line, or metadata) and for privileged (label line)', () => {
  const withLabels = 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n  labels:\n    team: shop\n';
  assert.deepEqual(lines(rule, withLabels), [5]);
  const bare = 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n';
  assert.deepEqual(lines(rule, bare), [3]);
  const priv = 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n  labels:\n    pod-security.kubernetes.io/enforce: privileged\n';
  assert.deepEqual(lines(rule, priv), [lineOf(priv, 'enforce')]);
});

test('does not fire for baseline or restricted', () => {
  for (const level of ['baseline', 'restricted']) {
    assert.deepEqual(run(rule, `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n  labels:\n    pod-security.kubernetes.io/enforce: ${level}\n`), [], level);
  }
});
