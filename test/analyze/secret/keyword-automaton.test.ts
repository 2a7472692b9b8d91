import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createRng, type Rng } from '../../../src/analyze/secret/fake-tokens.js';
import { KeywordAutomaton, type AutomatonPattern } from '../../../src/analyze/secret/keyword-automaton.js';

/** The oracle: every start offset of `pattern` in `bytes`, ASCII-case-insensitively, by brute force. */
function naiveStarts(bytes: Uint8Array, pattern: string): number[] {
  const folded = Buffer.from(pattern.toLowerCase(), 'latin1');
  const out: number[] = [];
  outer: for (let i = 0; i + folded.length <= bytes.length; i++) {
    for (let k = 0; k < folded.length; k++) {
      const b = bytes[i + k];
      if ((b >= 65 && b <= 90 ? b + 32 : b) !== folded[k]) continue outer;
    }
    out.push(i);
  }
  return out;
}

function assertMatchesOracle(automaton: KeywordAutomaton, bytes: Uint8Array, label: string): void {
  const hits = automaton.search(bytes);
  let keywords = 0;
  automaton.patterns.forEach((p, id) => {
    const expected = naiveStarts(bytes, p.text);
    assert.equal(hits.present[id] === 1, expected.length > 0, `${label}: presence of ${JSON.stringify(p.text)}`);
    if (expected.length > 0 && p.keyword) keywords++;
    if (p.positions) assert.deepEqual(hits.starts[id] ?? [], expected, `${label}: starts of ${JSON.stringify(p.text)}`);
    else assert.equal(hits.starts[id], undefined);
  });
  assert.equal(hits.keywordsPresent, keywords, `${label}: keywordsPresent`);
}

const PATTERNS: AutomatonPattern[] = [
  // Overlapping and nested: classic he/she/his/hers, a keyword inside another, a prefix of another.
  { text: 'he', positions: true, keyword: true },
  { text: 'she', positions: true, keyword: false },
  { text: 'his', positions: false, keyword: true },
  { text: 'hers', positions: true, keyword: true },
  { text: 'token', positions: true, keyword: true },
  { text: 'tok', positions: true, keyword: false },
  { text: 'oken', positions: false, keyword: true },
  { text: 'aaa', positions: true, keyword: true },
  { text: '://', positions: true, keyword: true },
  { text: '-----begin', positions: true, keyword: false },
  { text: 'q~', positions: false, keyword: true },
  { text: 'private key', positions: true, keyword: true },
];

/** Random bytes biased towards the patterns' characters in both cases, plus non-ASCII bytes. */
function randomBytes(rng: Rng, length: number): Buffer {
  const alphabet = 'heroskitnaHEROSKITNA:/-~q bgv';
  const out = Buffer.alloc(length);
  for (let i = 0; i < length; i++) {
    const r = rng();
    if (r < 0.08) out[i] = 0x80 + Math.floor(rng() * 128); // UTF-8 continuation/lead bytes
    else if (r < 0.1) out[i] = Math.floor(rng() * 128);
    else out[i] = alphabet.charCodeAt(Math.floor(rng() * alphabet.length));
  }
  // Splice whole patterns in, in random case, so that long ones occur too.
  for (let k = Math.floor(rng() * 6); k > 0 && length > 12; k--) {
    const p = PATTERNS[Math.floor(rng() * PATTERNS.length)].text;
    const at = Math.floor(rng() * (length - p.length + 1));
    for (let j = 0; j < p.length && at + j < length; j++) {
      const c = p.charCodeAt(j);
      out[at + j] = rng() < 0.5 && c >= 97 && c <= 122 ? c - 32 : c;
    }
  }
  return out;
}

describe('keyword automaton', () => {
  const automaton = new KeywordAutomaton(PATTERNS);

  it('finds exactly what a brute-force search finds, over random bytes of many sizes', () => {
    const rng = createRng(4242);
    // Sizes below and above the interleaving threshold, and odd sizes (uneven quarters).
    const sizes = [0, 1, 2, 3, 7, 50, 255, 1023, 1024, 1025, 2047, 4099, 20_000];
    for (const size of sizes) {
      for (let round = 0; round < 6; round++) assertMatchesOracle(automaton, randomBytes(rng, size), `size ${size} round ${round}`);
    }
  });

  it('finds patterns at the very start and end, and across the interleaved runs\' quarter boundaries', () => {
    for (const n of [64, 1024, 4096, 4099]) {
      const q = Math.floor(n / 4);
      for (const p of PATTERNS) {
        // Every placement that straddles a boundary (or touches a buffer end) by any amount.
        for (const boundary of [0, q, 2 * q, 3 * q, n]) {
          for (let shift = -p.text.length; shift <= 0; shift++) {
            const at = boundary + shift;
            if (at < 0 || at + p.text.length > n) continue;
            const bytes = Buffer.alloc(n, 0x20);
            bytes.write(p.text.toUpperCase(), at, 'latin1');
            assertMatchesOracle(automaton, bytes, `${p.text} at ${at} of ${n}`);
          }
        }
      }
    }
  });

  it('folds ASCII case only: non-ASCII bytes and look-alikes never match', () => {
    const bytes = Buffer.from('TOKEN ToKeN t\u00f6ken \u212aey', 'utf8');
    const hits = automaton.search(bytes);
    assert.deepEqual(hits.starts[PATTERNS.findIndex((p) => p.text === 'token')], [0, 6]);
    assertMatchesOracle(automaton, bytes, 'case variants');
  });

  it('reports overlapping occurrences of one pattern', () => {
    const hits = automaton.search(Buffer.from('aaaaa'));
    assert.deepEqual(hits.starts[PATTERNS.findIndex((p) => p.text === 'aaa')], [0, 1, 2]);
  });

  it('returns an empty result without allocating per-pattern state when nothing occurs', () => {
    const hits = automaton.search(Buffer.alloc(5000, 0x7a));
    assert.equal(hits.keywordsPresent, 0);
    assert.equal(hits.present[0], undefined);
    assert.equal(hits.starts[0], undefined);
  });

  it('rejects empty and non-ASCII patterns', () => {
    assert.throws(() => new KeywordAutomaton([{ text: '', positions: false, keyword: true }]), /empty/);
    assert.throws(() => new KeywordAutomaton([{ text: 'caf\u00e9', positions: false, keyword: true }]), /not ASCII/);
  });
});
