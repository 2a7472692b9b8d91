import assert from 'node:assert/strict';
import zlib from 'node:zlib';
import { describe, it } from 'node:test';
import { base62, crc32, hasValidPrefixedTokenChecksum, prefixedTokenChecksum } from '../../../src/analyze/secret/checksum.js';
import { characterClassCount, entropyThresholdFor, shannonEntropy } from '../../../src/analyze/secret/entropy.js';
import { ALPHABET, createRng, fakeChecksummedToken, randomString } from '../../../src/analyze/secret/fake-tokens.js';
import { LineIndex } from '../../../src/analyze/secret/line-index.js';
import {
  isPlaceholderValue,
  isVariableReference,
  looksLikePath,
} from '../../../src/analyze/secret/placeholders.js';
import { CombinedKeywordPrefilter, presentKeywordsByIndexOf } from '../../../src/analyze/secret/prefilter.js';

describe('checksum', () => {
  it('computes the same CRC-32 as zlib', () => {
    const zcrc = (zlib as unknown as { crc32?: (s: string) => number }).crc32;
    const rng = createRng(1);
    for (let i = 0; i < 50; i++) {
      const s = randomString(rng, ALPHABET.base62, 30);
      if (zcrc) assert.equal(crc32(s), zcrc(s));
    }
    assert.equal(crc32('123456789'), 0xcbf43926); // the standard CRC-32 check value
  });

  it('encodes base62 with left padding', () => {
    assert.equal(base62(0, 6), '000000');
    assert.equal(base62(61, 1), 'z');
    assert.equal(base62(62, 2), '10');
    assert.equal(base62(0xffffffff, 6), '4gfFC3');
  });

  it('matches the checksum of the published GitHub token-format example', () => {
    // The example's random part and checksum are kept apart so the full token never sits in the repo.
    assert.equal(prefixedTokenChecksum('zQWBuTSOoRi4A9spHcVY5ncnsDkxkJ'), '0mLq17');
  });

  it('accepts generated tokens and rejects altered ones', () => {
    const rng = createRng(2);
    for (let i = 0; i < 20; i++) {
      const token = fakeChecksummedToken(rng, 'ghp_');
      assert.ok(hasValidPrefixedTokenChecksum(token));
      const altered = token.slice(0, 10) + (token[10] === 'a' ? 'b' : 'a') + token.slice(11);
      assert.ok(!hasValidPrefixedTokenChecksum(altered));
    }
    assert.ok(!hasValidPrefixedTokenChecksum('ghp_short'));
  });
});

describe('entropy', () => {
  it('measures bits per character', () => {
    assert.equal(shannonEntropy(''), 0);
    assert.equal(shannonEntropy('aaaa'), 0);
    assert.equal(shannonEntropy('abab'), 1);
    assert.equal(shannonEntropy('abcdefgh'), 3);
  });

  it('counts character classes and scales the threshold with length', () => {
    assert.equal(characterClassCount('abc'), 1);
    assert.equal(characterClassCount('aB3!'), 4);
    assert.ok(entropyThresholdFor(8) < entropyThresholdFor(16));
    assert.equal(entropyThresholdFor(1000), 3.5);
  });
});

describe('placeholders', () => {
  it('recognises variable and template references', () => {
    for (const v of ['$PASSWORD', '${DB_PASS}', '${X:-y}', '$(cat /run/secrets/x)', '{{ .Values.pw }}', '%(pw)s', '%s', '<password>', '#{pw}', '__PW__', 'process.env.PW']) {
      assert.ok(isVariableReference(v), v);
    }
    for (const v of ['hunter2hunter2', 'p$ssw0rd', 'a<b', '%2Fpa%40ss']) assert.ok(!isVariableReference(v), v);
  });

  it('recognises placeholder values', () => {
    for (const v of ['password', 'changeme', 'CHANGE_ME', 'xxxxxxxx', '********', 'your-token-here', 'example123', 'null']) {
      assert.ok(isPlaceholderValue(v), v);
    }
    for (const v of ['Tr0ub4dor&3', 'kq8Zr2mXv9']) assert.ok(!isPlaceholderValue(v), v);
  });

  it('recognises file paths', () => {
    for (const v of ['/run/secrets/db', './secret.txt', '~/.ssh/id_rsa', 'C:\\keys\\a.pem', 'secrets/db.pem']) {
      assert.ok(looksLikePath(v), v);
    }
    assert.ok(!looksLikePath('a/b+c/d=='), 'base64 with slashes is not a path');
  });
});

describe('line index', () => {
  it('maps offsets to lines and columns and strips CR from line text', () => {
    const text = 'ab\r\ncd\n\nef';
    const idx = new LineIndex(text);
    assert.deepEqual(idx.position(0), { line: 1, column: 1 });
    assert.deepEqual(idx.position(4), { line: 2, column: 1 });
    assert.deepEqual(idx.position(8), { line: 4, column: 1 });
    assert.equal(idx.lineText(0), 'ab');
    assert.equal(idx.lineText(2), '');
    assert.equal(idx.lineText(3), 'ef');
  });
});

describe('prefilter strategies', () => {
  const keywords = ['token', 'tok', 'ghp_', 'private key', 'xoxb-', 'aws', 'key'];
  const texts = [
    '',
    'nothing',
    'a token here',
    'tok only',
    'PRIVATE KEY'.toLowerCase(),
    'token '.repeat(2000) + ' aws',
    'ghp_ and xoxb- and key',
  ];
  it('agree on which keywords are present', () => {
    const combined = new CombinedKeywordPrefilter(keywords);
    for (const t of texts) {
      assert.deepEqual([...combined.present(t)].sort(), [...presentKeywordsByIndexOf(t, keywords)].sort(), t.slice(0, 40));
    }
  });
});
