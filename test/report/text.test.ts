import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatLines, stripControlCharacters, wrapText } from '../../src/report/text.js';

describe('wrapText', () => {
  it('breaks between words within the width', () => {
    assert.deepEqual(wrapText('aaa bbb ccc ddd', 7), ['aaa bbb', 'ccc ddd']);
  });

  it('cuts a word longer than the width', () => {
    assert.deepEqual(wrapText('abcdefghij', 4), ['abcd', 'efgh', 'ij']);
  });

  it('keeps newlines as line breaks and counts code points, not UTF-16 units', () => {
    assert.deepEqual(wrapText('one\ntwo', 80), ['one', 'two']);
    assert.deepEqual(wrapText('😀😀 😀😀', 2), ['😀😀', '😀😀']);
  });
});

describe('stripControlCharacters', () => {
  it('replaces escapes and bidi overrides but keeps newlines and text', () => {
    assert.equal(stripControlCharacters('a\u001b[31mb\nc\td\u202Ee'), 'a\uFFFD[31mb\nc d\uFFFDe');
  });
});

describe('formatLines', () => {
  it('formats a line, a range, and nothing for missing or invalid lines', () => {
    assert.equal(formatLines({ line: 4 }), '4');
    assert.equal(formatLines({ line: 4, endLine: 6 }), '4-6');
    assert.equal(formatLines({ line: 4, endLine: 4 }), '4');
    assert.equal(formatLines({}), '');
    assert.equal(formatLines({ line: 0 }), '');
  });
});
