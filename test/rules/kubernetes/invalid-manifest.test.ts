import { test } from 'node:test';
import assert from 'node:assert/strict';
import rule from '../../../src/rules/kubernetes/invalid-manifest.js';
import { run } from './helpers.js';

test('fires with the line of a YAML syntax error and keeps the file\'s other documents', () => {
  const text = 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: ok}\n---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: web\n   labels: {a: b}\n';
  const hits = run(rule, text);
  assert.equal(hits.length, 1);
  // The parser reports where the broken mapping starts: the value of `name`, one line above the stray indent.
  assert.equal(hits[0]!.line, 8);
  assert.match(hits[0]!.message, /document 2/);
  assert.equal(hits[0]!.details?.problem, 'syntax');
});

test('fires on duplicate keys (parsers disagree on which one wins)', () => {
  const hits = run(rule, 'apiVersion: v1\nkind: Pod\nmetadata: {name: a}\nspec:\n  hostPID: false\n  hostPID: true\n');
  assert.equal(hits.length, 1);
  assert.equal(hits[0]!.line, 6);
});

test('does not fire on valid YAML, JSON, empty documents or unknown kinds', () => {
  assert.deepEqual(run(rule, 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n---\n---\napiVersion: acme.io/v1\nkind: Widget\nspec: {x: 1}\n'), []);
  assert.deepEqual(run(rule, { 'a.json': '{"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "a"}}' }), []);
});
