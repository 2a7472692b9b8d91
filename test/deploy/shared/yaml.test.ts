import { test } from 'node:test';
import assert from 'node:assert/strict';
import { YamlFile, contentStartLine } from '../../../src/deploy/shared/yaml.js';

test('entries apply merge keys: own keys first and winning, earlier sources over later ones', () => {
  const f = new YamlFile('a: &a {x: 1, y: 1}\nb: &b {y: 2, z: 2}\nc:\n  <<: [*a, *b]\n  x: 0\n');
  const c = f.get(f.doc.contents, 'c')!.value;
  assert.deepEqual(f.entries(c).map((e) => [e.key, f.str(e.value)]), [['x', '0'], ['y', '1'], ['z', '2']]);
});

test('positions are 1-based line and column of the key or value', () => {
  const f = new YamlFile('top:\n  key: value\n');
  const e = f.get(f.get(f.doc.contents, 'top')!.value, 'key')!;
  assert.deepEqual(f.pos(e.pair), { line: 2, column: 3 });
  assert.deepEqual(f.pos(e.value), { line: 2, column: 8 });
});

test('block scalars start on the line after their header', () => {
  const f = new YamlFile('run: |\n  echo 1\nplain: x\n');
  assert.equal(contentStartLine(f, f.get(f.doc.contents, 'run')!.value!), 2);
  assert.equal(contentStartLine(f, f.get(f.doc.contents, 'plain')!.value!), 3);
});

test('the alias budget stops runaway resolution and says so', () => {
  let text = 'a0: &a0 [1]\n';
  for (let i = 1; i < 40; i++) text += `a${i}: &a${i} [*a${i - 1}, *a${i - 1}]\n`;
  const f = new YamlFile(text);
  const count = (n: unknown, d = 0): number => (d > 60 ? 0 : f.seq(n).reduce((s, x) => s + 1 + count(x, d + 1), 0));
  count(f.get(f.doc.contents, 'a39')!.value);
  assert.equal(f.exhausted, true);
});

test('one YAML mistake is one problem, with the count of follow-on errors', () => {
  const f = new YamlFile('a:\n  - 1\n - 2\nb: [\n');
  assert.equal(f.problems.length, 1);
  assert.equal(f.problems[0]!.line, 3);
  assert.match(f.problems[0]!.message, /more error/);
});
