import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MAX_MASK_LENGTH, redact, redactLine } from '../../../src/analyze/secret/redact.js';

/** Characters of `redacted` that are not mask characters. */
function visible(redacted: string): number {
  return redacted.replace(/\*/g, '').length;
}

describe('redact', () => {
  it('keeps 4 characters at each end of long secrets', () => {
    assert.equal(redact('abcdefghijklmnopqrstuvwxyz012345'), 'abcd************************2345');
  });

  it('shows a public prefix in addition and budgets the rest', () => {
    // AKIA + 16 characters: 25% of 16 = 4 visible, 2 per end.
    assert.equal(redact('AKIAIOSFODNN7EXAMPLE', { publicPrefixLength: 4 }), 'AKIAIO************LE');
  });

  it('never shows more than 25% of the secret (beyond a public prefix), for every length', () => {
    for (let len = 0; len <= 200; len++) {
      const secret = 'x'.repeat(len);
      const r = redact(secret);
      assert.ok(visible(r) <= Math.floor(len / 4), `length ${len}: ${r}`);
      assert.ok(visible(r) <= 8, `length ${len}: ${r}`);
      if (len > 0) assert.ok(r.includes('*'), `length ${len} is masked`);
    }
  });

  it('masks short secrets entirely', () => {
    assert.equal(redact('abc'), '***');
    assert.equal(redact('abcdefg'), 'a******');
  });

  it('caps the mask so very long secrets do not flood reports', () => {
    const r = redact('y'.repeat(5000));
    assert.equal(r, 'yyyy' + '*'.repeat(MAX_MASK_LENGTH) + 'yyyy');
  });
});

describe('redactLine', () => {
  it('masks each span and keeps the rest of the line', () => {
    const line = 'user=alice token=abcdefghijklmnop0123 end';
    const start = line.indexOf('abcdef');
    assert.equal(redactLine(line, [{ start, end: start + 20 }]), 'user=alice token=abc***************23 end');
  });

  it('merges overlapping spans into one fully masked region', () => {
    const line = '0123456789ABCDEFGHIJ';
    assert.equal(redactLine(line, [{ start: 2, end: 10 }, { start: 8, end: 14 }]), '01************EFGHIJ');
  });

  it('masks fully when asked (private-key bodies) and clips spans to the line', () => {
    assert.equal(redactLine('key=SECRETBODY', [{ start: 4, end: 99, full: true }]), 'key=**********');
  });

  it('leaves a line without spans unchanged', () => {
    assert.equal(redactLine('nothing here', []), 'nothing here');
  });
});
