import { test } from 'node:test';
import assert from 'node:assert/strict';
import { expandWord, parseKeyValues, splitWords } from '../../src/dockerfile/expand.js';

const vars = new Map([['A', 'alpha'], ['EMPTY', ''], ['P', 'dir/file.tar.gz']]);

test('expandWord: Docker substitution forms', () => {
  const cases: Array<[string, string]> = [
    ['$A', 'alpha'],
    ['${A}', 'alpha'],
    ['x${A}y', 'xalphay'],
    ['$A/$A', 'alpha/alpha'],
    ['${MISSING:-def}', 'def'],
    ['${EMPTY:-def}', 'def'],
    ['${EMPTY-def}', ''],
    ['${MISSING-def}', 'def'],
    ['${A:+set}', 'set'],
    ['${EMPTY:+set}', ''],
    ['${MISSING+set}', ''],
    ['${EMPTY+set}', 'set'],
    ["'$A'", '$A'],
    ['"$A"', 'alpha'],
    ['\\$A', '$A'],
    ['"a b"', 'a b'],
    ['${P#*/}', 'file.tar.gz'],
    ['${P%.*}', 'dir/file.tar'],
    ['${P%%.*}', 'dir/file'],
    ['${P##*.}', 'gz'],
    ['$', '$'],
    ['${unterminated', '${unterminated'],
    ['${A:-$MISSING}', 'alpha'],
  ];
  for (const [input, want] of cases) assert.equal(expandWord(input, vars).value, want, input);
});

test('expandWord reports unresolved variables', () => {
  assert.deepEqual(expandWord('$NOPE:${ALSO}', vars).unresolved, ['NOPE', 'ALSO']);
  assert.deepEqual(expandWord('${NOPE:-x}', vars).unresolved, []);
});

test('expandWord honours the backtick escape character', () => {
  assert.equal(expandWord('`$A', vars, '`').value, '$A');
  assert.equal(expandWord('C:\\path', vars, '`').value, 'C:\\path');
});

test('splitWords keeps quoted whitespace together', () => {
  assert.deepEqual(splitWords('a "b c" \'d e\' f\\ g'), ['a', '"b c"', "'d e'", 'f\\ g']);
  assert.deepEqual(splitWords('   '), []);
});

test('parseKeyValues: modern and legacy ENV forms', () => {
  assert.deepEqual(parseKeyValues('A=1 B="two words" C=$A', vars).map((kv) => [kv.key, kv.value]), [['A', '1'], ['B', 'two words'], ['C', 'alpha']]);
  assert.deepEqual(parseKeyValues('KEY value with spaces', vars).map((kv) => [kv.key, kv.value]), [['KEY', 'value with spaces']]);
  assert.deepEqual(parseKeyValues('NAME', vars, '\\', false).map((kv) => [kv.key, kv.value]), [['NAME', undefined]]);
});
