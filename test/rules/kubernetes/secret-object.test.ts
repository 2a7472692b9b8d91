import { test } from 'node:test';
import assert from 'node:assert/strict';
import rule from '../../../src/rules/kubernetes/secret-object.js';
import { lineOf, run } from './helpers.js';

test('fires on a Secret with data or stringData values, without printing them', () => {
  const text = 'apiVersion: v1\nkind: Secret\nmetadata: {name: db}\ntype: Opaque\ndata:\n  password: cHJvZC1wdw==\nstringData:\n  user: admin\n';
  const hits = run(rule, text);
  assert.deepEqual(hits.map((h) => h.line), [lineOf(text, 'data:', 4), lineOf(text, 'stringData:')]);
  assert.ok(hits.every((h) => !h.message.includes('cHJvZC1wdw') && !h.message.includes('admin')));
  assert.match(hits[0]!.message, /password/);
});

test('does not fire on empty Secrets, placeholder stringData, or SealedSecrets', () => {
  assert.deepEqual(run(rule, 'apiVersion: v1\nkind: Secret\nmetadata: {name: t}\ntype: kubernetes.io/service-account-token\n'), []);
  assert.deepEqual(run(rule, 'apiVersion: v1\nkind: Secret\nmetadata: {name: t}\nstringData:\n  password: ""\n  token: changeme\n'), []);
  assert.deepEqual(run(rule, 'apiVersion: bitnami.com/v1alpha1\nkind: SealedSecret\nmetadata: {name: t}\nspec:\n  encryptedData:\n    password: AgBy3i4OJSWK\n'), []);
});
