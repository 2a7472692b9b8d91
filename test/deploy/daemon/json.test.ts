import { test } from 'node:test';
import assert from 'node:assert/strict';
import { JsonSyntaxError, entry, parseJson } from '../../../src/deploy/daemon/json.js';

test('values and keys carry their line and column', () => {
  const n = parseJson('{\n  "a": [1, true, null],\n  "b": {"c": "d\\n\\u00e9"}\n}');
  assert.equal(n.type, 'object');
  const a = entry(n, 'a')!;
  assert.deepEqual([a.keyLine, a.keyColumn, a.value.line, a.value.column], [2, 3, 2, 8]);
  const c = entry(entry(n, 'b')!.value, 'c')!;
  assert.deepEqual([c.value.type, (c.value as { value: string }).value, c.keyLine], ['string', 'd\né', 3]);
});

test('agrees with JSON.parse on valid documents', () => {
  const docs = ['{}', '[]', '0', '-1.5e-3', '"x"', '{"a":{"b":[1,{"c":[]}]}}', '  {"k" : "v" }  ', '{"a":1,"a":2}'];
  const plain = (n: ReturnType<typeof parseJson>): unknown => {
    switch (n.type) {
      case 'object': return Object.fromEntries(n.entries.map((e) => [e.key, plain(e.value)]));
      case 'array': return n.items.map(plain);
      case 'null': return null;
      default: return n.value;
    }
  };
  for (const d of docs) assert.deepEqual(plain(parseJson(d)), JSON.parse(d), d);
});

test('a UTF-8 BOM is skipped; the last of repeated keys wins', () => {
  const n = parseJson('\uFEFF{"a": 1, "a": 2}');
  assert.equal((entry(n, 'a')!.value as { value: number }).value, 2);
});

test('everything JSON.parse rejects is rejected, with a position', () => {
  for (const bad of ['', '{', '{"a":}', '{"a" 1}', '[1,]', '{"a":1,}', "{'a':1}", '{a:1}', '// c\n{}', '{} {}', '"\\x"', '01', 'tru', '"a\nb"', '{"a":1 "b":2}']) {
    assert.throws(() => JSON.parse(bad), SyntaxError, `JSON.parse agrees that ${JSON.stringify(bad)} is invalid`);
    assert.throws(() => parseJson(bad), (e: unknown) => e instanceof JsonSyntaxError && e.line >= 1 && e.column >= 1, bad);
  }
});

test('deep nesting is refused, not a stack overflow', () => {
  assert.throws(() => parseJson('['.repeat(100_000)), /nested too deeply/);
});
