import { test } from 'node:test';
import assert from 'node:assert/strict';
import { HclSyntaxError, parseHcl, type HclValue } from '../../../src/deploy/nomad/hcl.js';

function attr(src: string, name = 'a'): HclValue {
  const a = parseHcl(src).attributes.find((x) => x.name === name);
  assert.ok(a, `attribute ${name}`);
  return a.value;
}

test('literals: strings with escapes, numbers, booleans, null, lists, objects', () => {
  assert.deepEqual(attr('a = "x\\ty\\"z\\u0041"'), { type: 'string', value: 'x\ty"zA', template: false, heredoc: false, contentLine: 1, line: 1, column: 5 });
  assert.equal((attr('a = -1.5e3') as { value: number }).value, -1500);
  assert.equal((attr('a = true') as { value: boolean }).value, true);
  assert.equal(attr('a = null').type, 'null');
  const list = attr('a = [\n  "x",\n  2,\n]\n');
  assert.equal(list.type, 'list');
  assert.deepEqual((list as { items: HclValue[] }).items.map((i) => i.line), [2, 3]);
  const obj = attr('a = { b = 1, "c.d" = "e"\n  f: [1] }');
  assert.deepEqual((obj as { entries: Array<{ name: string; line: number }> }).entries.map((e) => [e.name, e.line]), [['b', 1], ['c.d', 1], ['f', 2]]);
});

test('templates keep ${} and %{} as text, including nested quotes; $${ is a literal', () => {
  const v = attr('a = "img:${lookup(var.m, "k", "d")}-%{ if x }y%{ endif }"') as { value: string; template: boolean };
  assert.equal(v.value, 'img:${lookup(var.m, "k", "d")}-%{ if x }y%{ endif }');
  assert.equal(v.template, true);
  const lit = attr('a = "$${NOT_A_VAR}"') as { value: string; template: boolean };
  assert.deepEqual([lit.value, lit.template], ['${NOT_A_VAR}', false]);
});

test('heredocs: <<EOF and <<-EOF (indent stripped), content line, indented closing marker', () => {
  const src = 'x = 1\na = <<EOH\nline1\n  line2\nEOH\nb = <<-EOT\n    one\n      two\n    EOT\nc = 2\n';
  const a = attr(src, 'a') as { value: string; contentLine: number; heredoc: boolean; line: number };
  assert.deepEqual([a.value, a.contentLine, a.heredoc, a.line], ['line1\n  line2\n', 3, true, 2]);
  const b = attr(src, 'b') as { value: string; contentLine: number };
  assert.deepEqual([b.value, b.contentLine], ['one\n  two\n', 7]);
  assert.equal(attr(src, 'c').line, 10);
});

test('blocks: labels (quoted or bare), nesting, one-line blocks, end lines', () => {
  const body = parseHcl('job "a" {\n  group g {\n    task "t" { driver = "docker" }\n  }\n}\n');
  const job = body.blocks[0]!;
  assert.deepEqual([job.type, job.labels, job.line, job.endLine], ['job', ['a'], 1, 5]);
  const group = job.body.blocks[0]!;
  assert.deepEqual(group.labels, ['g']);
  assert.equal(group.body.blocks[0]!.body.attributes[0]!.name, 'driver');
});

test('comments of all three kinds are skipped and keep line numbers right', () => {
  const body = parseHcl('# one\n// two\n/* three\n   lines */ a = 1\nb = 2 # trailing\n');
  assert.deepEqual(body.attributes.map((a) => [a.name, a.line]), [['a', 4], ['b', 5]]);
});

test('dynamic expressions become text, marked as expr', () => {
  for (const src of ['a = var.x', 'a = var.on ? 1 : 2', 'a = upper("x")', 'a = [for s in var.l : upper(s)]', 'a = {for k, v in var.m : k => v}', 'a = local.list[0]', 'a = 1 + 2']) {
    assert.equal(attr(src).type, 'expr', src);
  }
  const after = parseHcl('a = var.on ? "x" : "y"\nb = 1\n');
  assert.deepEqual(after.attributes.map((a) => a.name), ['a', 'b']);
});

test('syntax errors carry line and column', () => {
  const cases: Array<[string, number, RegExp]> = [
    ['job "x" {\n  a = \n}', 2, /expected a value/],
    ['job "x" {\n  group "y" {\n', 3, /close the "group" block opened on line 2/],
    ['a = "open\n', 1, /unterminated string/],
    ['a = <<EOF\nx\n', 1, /not closed/],
    ['a = [1, 2\nb = 3', 2, /"," or "]"/],
    ['a b c = 1', 1, /"=" or "\{"/],
    ['a = 1 b = 2', 1, /new line/],
    ['a = @', 1, /unexpected character/],
    ['/* never closed', 1, /unterminated \/\*/],
  ];
  for (const [src, line, re] of cases) {
    assert.throws(() => parseHcl(src), (e: unknown) => e instanceof HclSyntaxError && e.line === line && re.test(e.message) && e.column >= 1, src);
  }
});

test('deep nesting is refused, not a stack overflow', () => {
  assert.throws(() => parseHcl('a = ' + '['.repeat(5000) + ']'.repeat(5000)), HclSyntaxError);
  assert.throws(() => parseHcl('b {'.repeat(5000) + '}'.repeat(5000)), HclSyntaxError);
});
