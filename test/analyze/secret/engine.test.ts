import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { generateCorpus } from '../../../src/analyze/secret/bench-helper.js';
import {
  BINARY_SNIFF_BYTES,
  DEFAULT_MAX_BYTES,
  scanBuffer,
  scanBufferDetailed,
  scanText,
  scanTextDetailed,
  scanTextNoPrefilter,
  scanTextWithPrefilter,
  scanBufferNoPrefilter,
  scanBufferWithPrefilter,
  PREFILTER_STRATEGY,
  decodeText,
  looksBinary,
} from '../../../src/analyze/secret/engine.js';
import {
  createRng,
  fakeAwsAccessKeyId,
  fakeChecksummedToken,
  fakePemPrivateKey,
  pick,
} from '../../../src/analyze/secret/fake-tokens.js';
import { SECRET_RULES } from '../../../src/analyze/secret/rules/index.js';
import { RULE_SAMPLES } from './samples.js';

const rng = createRng(20240601);
const GH = fakeChecksummedToken(rng, 'ghp_');
const GH2 = fakeChecksummedToken(rng, 'ghp_');
const AWS = fakeAwsAccessKeyId(rng);

describe('binary detection', () => {
  it('skips a buffer with a NUL byte in its first 8 KiB, even if it holds a token', () => {
    const buf = Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x00]), Buffer.from(`\n${GH}\n`)]);
    const result = scanBufferDetailed(buf);
    assert.equal(result.skipped, 'binary');
    assert.deepEqual(result.matches, []);
    assert.deepEqual(scanBuffer(buf), []);
  });

  it('scans a buffer whose first NUL comes after the sniffed prefix', () => {
    const buf = Buffer.concat([Buffer.from(`token=${GH}\n`), Buffer.alloc(BINARY_SNIFF_BYTES, 0x61), Buffer.from([0])]);
    const result = scanBufferDetailed(buf);
    assert.equal(result.skipped, undefined);
    assert.deepEqual(
      result.matches.map((m) => m.ruleName),
      ['github-pat'],
    );
  });
});

describe('size cap', () => {
  it('scans only the first maxBytes and flags truncation', () => {
    const head = `a = ${AWS}\n`;
    const text = head + 'x'.repeat(100) + `\nb = ${GH}\n`;
    const result = scanTextDetailed(text, { maxBytes: head.length + 50 });
    assert.equal(result.truncated, true);
    assert.equal(result.scannedSize, head.length + 50);
    assert.deepEqual(
      result.matches.map((m) => m.ruleName),
      ['aws-access-key-id'],
    );
    const buffered = scanBufferDetailed(Buffer.from(text), { maxBytes: head.length + 50 });
    assert.equal(buffered.truncated, true);
    assert.equal(buffered.matches.length, 1);
  });

  it('does not flag texts under the cap, and defaults to 10 MiB', () => {
    assert.equal(DEFAULT_MAX_BYTES, 10 * 1024 * 1024);
    const result = scanTextDetailed(`${GH}\n`);
    assert.equal(result.truncated, false);
    assert.equal(result.matches.length, 1);
  });
});

describe('line and column', () => {
  const lines = ['first line', `  token: ${GH}`, '', `id=${AWS} and more`, 'last'];

  for (const [name, eol] of [
    ['LF', '\n'],
    ['CRLF', '\r\n'],
  ] as const) {
    it(`reports 1-based positions in ${name} files`, () => {
      const matches = scanText(lines.join(eol));
      assert.deepEqual(
        matches.map((m) => [m.ruleName, m.line, m.column, m.endLine, m.endColumn]),
        [
          ['github-pat', 2, 10, 2, 10 + GH.length],
          ['aws-access-key-id', 4, 4, 4, 4 + AWS.length],
        ],
      );
      for (const m of matches) assert.ok(!m.context.includes('\r'), 'context keeps no CR');
      assert.equal(matches[1].context, `id=${matches[1].redacted} and more`);
    });
  }

  it('reports a PEM key from its BEGIN line to its END line and shows only the BEGIN line', () => {
    for (const eol of ['\n', '\r\n']) {
      const key = fakePemPrivateKey(createRng(5), 'OPENSSH ', 10, eol);
      const text = ['# deploy key', '', key, 'tail'].join(eol);
      const [m] = scanText(text);
      assert.equal(m.ruleName, 'private-key');
      assert.equal(m.line, 3);
      assert.equal(m.column, 1);
      assert.equal(m.endLine, 14);
      assert.equal(m.endColumn, '-----END OPENSSH PRIVATE KEY-----'.length + 1);
      assert.equal(m.redacted, '-----BEGIN OPENSSH PRIVATE KEY-----');
      assert.equal(m.context, '-----BEGIN OPENSSH PRIVATE KEY-----');
    }
  });

  it('ignores a UTF-8 byte order mark when computing columns', () => {
    const [m] = scanBuffer(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(`k=${GH}`)]));
    assert.equal(m.column, 3);
  });

  it('gets positions right deep into a large file (binary search over line starts)', () => {
    const filler = Array.from({ length: 50_000 }, (_, i) => `line ${i}`).join('\n');
    const [m] = scanText(`${filler}\n    ${GH}\n`);
    assert.equal(m.line, 50_001);
    assert.equal(m.column, 5);
  });
});

describe('secret offsets', () => {
  it('locates the secret group even when its text also occurs earlier in the match', () => {
    // The key `token_abcdefgh1X` contains the value, so the offset must come from the group itself.
    const [m] = scanText('  token_abcdefgh1X=abcdefgh1X');
    assert.equal(m.ruleName, 'generic-secret-assignment');
    assert.equal(m.column, 20);
    assert.equal(m.endColumn, 30);
  });
});

describe('de-duplication of overlapping matches', () => {
  it('keeps the provider rule over the generic assignment rule', () => {
    const matches = scanText(`API_TOKEN="${GH}"`);
    assert.deepEqual(
      matches.map((m) => m.ruleName),
      ['github-pat'],
    );
  });

  it('keeps the provider rule over the URL-password rule', () => {
    const matches = scanText(`git clone https://x-access-token:${GH}@github.com/org/repo.git`);
    assert.deepEqual(
      matches.map((m) => m.ruleName),
      ['github-pat'],
    );
  });

  it('keeps the npm token over the .npmrc rule, and the service-account rule over the private-key rule', () => {
    const npm = fakeChecksummedToken(createRng(3), 'npm_');
    assert.deepEqual(
      scanText(`//registry.npmjs.org/:_authToken=${npm}`).map((m) => m.ruleName),
      ['npm-access-token'],
    );
    const sa = RULE_SAMPLES['gcp-service-account-key'].positives[0](createRng(4));
    assert.deepEqual(
      scanText(sa.text).map((m) => m.ruleName),
      ['gcp-service-account-key'],
    );
  });

  it('keeps separate matches that do not overlap, in text order', () => {
    const matches = scanText(`a=${GH2} b=${AWS}\nc=${GH}`);
    assert.deepEqual(
      matches.map((m) => [m.ruleName, m.line]),
      [
        ['github-pat', 1],
        ['aws-access-key-id', 1],
        ['github-pat', 2],
      ],
    );
  });
});

describe('context lines', () => {
  it('masks every secret on the line, not only the reported one', () => {
    const matches = scanText(`export A=${GH} B=${AWS}`);
    assert.equal(matches.length, 2);
    for (const m of matches) {
      assert.ok(!m.context.includes(GH) && !m.context.includes(AWS), m.context);
      assert.ok(m.context.startsWith('export A=ghp_'));
    }
  });

  it('clips very long lines around the match', () => {
    const [m] = scanText(`${'a,'.repeat(5000)}"${GH}"${',b'.repeat(5000)}`);
    assert.ok(m.context.length < 250, `context is ${m.context.length} characters`);
    assert.ok(m.context.startsWith('…') && m.context.endsWith('…'));
    assert.ok(m.context.includes(m.redacted));
  });
});

describe('rule selection', () => {
  it('runs rules the automaton cannot gate on every text (Unicode case folding, no keywords)', () => {
    const base = { ...SECRET_RULES.find((r) => r.name === 'github-pat')!, validate: undefined, minEntropy: undefined };
    const custom = [
      // With `iu`, `\u212Aey` (Kelvin sign) matches `key`: an ASCII keyword search would miss it.
      { ...base, id: 'LS-SEC-990', name: 'test-unicode', keywords: ['key'], pattern: /key=(?<secret>[a-z0-9]{8,})/iu },
      { ...base, id: 'LS-SEC-991', name: 'test-no-keywords', keywords: [], pattern: /pin:(?<secret>[0-9]{8,})/ },
    ];
    const text = 'x \u212Aey=abcdef123456 y\npin:12345678901\n';
    const expected = scanTextNoPrefilter(text, { rules: custom });
    assert.deepEqual(
      expected.map((m) => m.ruleName),
      ['test-unicode', 'test-no-keywords'],
    );
    assert.deepEqual(scanText(text, { rules: custom }), expected);
    assert.deepEqual(scanBuffer(Buffer.from(text), { rules: custom }), scanBufferNoPrefilter(Buffer.from(text), { rules: custom }));
  });

  it('tries anchored rules only past the end of their previous match, as the whole-text scan does', () => {
    const base = { ...SECRET_RULES.find((r) => r.name === 'github-pat')!, validate: undefined, minEntropy: undefined };
    // The anchor `xxx` occurs at every offset of the run; after the match at 0 (`xxxxxx`) the scan
    // resumes at 6.
    const rules = [{ ...base, keywords: ['xxx'], pattern: /xxx(?<secret>x{0,3})/, leftBoundary: false }];
    const text = 'xxxxxxxxxxxx\n';
    const expected = scanTextNoPrefilter(text, { rules });
    assert.deepEqual(
      expected.map((m) => [m.column, m.endColumn]),
      [
        [4, 7],
        [10, 13],
      ],
    );
    assert.deepEqual(scanText(text, { rules }), expected);
    assert.deepEqual(scanBuffer(Buffer.from(text), { rules }), expected);
  });

  it('runs only the rules it is given', () => {
    const onlyAws = SECRET_RULES.filter((r) => r.name === 'aws-access-key-id');
    assert.deepEqual(
      scanText(`${GH} ${AWS}`, { rules: onlyAws }).map((m) => m.ruleName),
      ['aws-access-key-id'],
    );
  });
});

describe('keyword prefilter', () => {
  /** ~200 files: code-like text with samples of every rule (and near-misses) spliced in. */
  function syntheticFiles(): string[] {
    const r = createRng(99);
    const all = Object.values(RULE_SAMPLES);
    const files: string[] = [];
    for (let i = 0; i < 200; i++) {
      const parts = [generateCorpus(500 + Math.floor(r() * 6000), i)];
      const count = Math.floor(r() * 4);
      for (let j = 0; j < count; j++) {
        const samples = pick(r, all);
        parts.push(r() < 0.6 ? pick(r, samples.positives)(r).text : pick(r, samples.negatives)(r));
        parts.push(generateCorpus(Math.floor(r() * 800), i * 31 + j));
      }
      files.push(parts.join(i % 3 === 0 ? '\r\n' : '\n'));
    }
    return files;
  }

  it('returns exactly what running every regex returns, with every prefilter strategy', () => {
    assert.equal(PREFILTER_STRATEGY, 'automaton');
    let total = 0;
    const rules = new Set<string>();
    for (const text of syntheticFiles()) {
      const expected = scanTextNoPrefilter(text);
      assert.deepEqual(scanText(text), expected);
      assert.deepEqual(scanTextWithPrefilter(text, 'indexOf'), expected);
      assert.deepEqual(scanTextWithPrefilter(text, 'combined-regex'), expected);
      assert.deepEqual(scanTextWithPrefilter(text, 'automaton'), expected);
      // Buffers: the automaton searches the bytes before decoding.
      const buf = Buffer.from(text);
      assert.deepEqual(scanBufferNoPrefilter(buf), expected);
      assert.deepEqual(scanBuffer(buf), expected);
      total += expected.length;
      for (const m of expected) rules.add(m.ruleName);
    }
    // The corpus must actually exercise the rules, or the equality above proves little.
    assert.ok(total > 150, `only ${total} matches`);
    assert.ok(rules.size >= 30, `only ${rules.size} rules matched`);
  });

  it('returns exactly what running every regex returns on non-ASCII and invalid UTF-8 content', () => {
    const r = createRng(123);
    // Multi-byte characters next to keywords shift byte offsets against string offsets; `š`
    // (U+0161) and `ű` (U+0171) become the ASCII bytes `a`/`q` in the latin1 copy that is searched
    // for strings (spurious hits must change nothing); the Kelvin sign is `k` to Unicode case
    // folding; lone continuation bytes and a cut 4-byte sequence decode to U+FFFD.
    const inserts = ['é', 'š', 'ű', 'K', '😀', 'ßtoken', 'šws_', 'token: šsecret'];
    const invalid = [Buffer.from([0x80]), Buffer.from([0xf0, 0x9f, 0x98]), Buffer.from([0xc3])];
    let total = 0;
    syntheticFiles().forEach((text, i) => {
      let mixed = text;
      for (let k = 0; k < 12; k++) {
        const at = Math.floor(r() * (mixed.length + 1));
        mixed = mixed.slice(0, at) + pick(r, inserts) + mixed.slice(at);
      }
      if (i % 5 === 0) mixed = '﻿' + mixed;
      const expected = scanTextNoPrefilter(mixed);
      assert.deepEqual(scanText(mixed), expected);
      let buf = Buffer.from(mixed);
      if (i % 4 === 1) {
        const at = Math.floor(r() * buf.length);
        buf = Buffer.concat([buf.subarray(0, at), pick(r, invalid), buf.subarray(at)]);
      }
      const expectedBuf = scanBufferNoPrefilter(buf);
      assert.deepEqual(scanBuffer(buf), expectedBuf);
      assert.deepEqual(scanBufferWithPrefilter(buf, 'combined-regex'), expectedBuf);
      total += expectedBuf.length;
    });
    assert.ok(total > 100, `only ${total} matches`);
  });

  it('returns exactly what running every regex returns on a large corpus, text and bytes', () => {
    const text = generateCorpus(3 * 1024 * 1024 + 13, 11);
    const expected = scanTextNoPrefilter(text);
    assert.ok(expected.length > 30, `only ${expected.length} matches`);
    assert.deepEqual(scanText(text), expected);
    assert.deepEqual(scanBuffer(Buffer.from(text)), expected);
  });

  it('keeps the size cap and binary skipping with the byte prefilter', () => {
    const head = `k=${GH}\n`;
    const buf = Buffer.from(head + 'x'.repeat(5000) + `\ntoken=${AWS}\n`);
    const capped = scanBufferDetailed(buf, { maxBytes: head.length + 10 });
    assert.equal(capped.truncated, true);
    assert.deepEqual(
      capped.matches.map((m) => m.ruleName),
      ['github-pat'],
    );
    // A keyword cut by the cap is not found, exactly as without the prefilter.
    assert.deepEqual(scanBuffer(buf, { maxBytes: head.length + 5002 }), scanBufferNoPrefilter(buf, { maxBytes: head.length + 5002 }));
    assert.equal(scanBufferDetailed(Buffer.concat([Buffer.from([0]), buf])).skipped, 'binary');
  });

  it('skips all regexes when no keyword occurs', () => {
    assert.deepEqual(scanText('plain words and numbers 12345 without any credential marker'), []);
  });
});

describe('scanning files from disk', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'leftshift-secret-'));
  });
  after(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('finds secrets in a CRLF .env file read as a buffer', () => {
    const path = join(dir, '.env');
    writeFileSync(path, `# app\r\nDB_HOST=db\r\nGITHUB_TOKEN=${GH}\r\n`);
    const result = scanBufferDetailed(readFileSync(path), { path: '.env' });
    assert.equal(result.path, '.env');
    assert.deepEqual(
      result.matches.map((m) => [m.ruleName, m.line, m.column]),
      [['github-pat', 3, 14]],
    );
  });
});

describe('UTF-16 text (Windows tools write it with a byte order mark)', () => {
  const utf16le = (text: string) => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
  const utf16be = (text: string) => {
    const le = Buffer.from(text, 'utf16le');
    const be = Buffer.alloc(le.length);
    for (let i = 0; i < le.length; i += 2) {
      be[i] = le[i + 1]!;
      be[i + 1] = le[i]!;
    }
    return Buffer.concat([Buffer.from([0xfe, 0xff]), be]);
  };
  const key = fakeAwsAccessKeyId(createRng(7));
  const text = `# made by PowerShell\r\nAPP=demo\r\nAWS_ACCESS_KEY_ID=${key}\r\n`;

  it('is text, not binary; scanned with the same findings and positions as its UTF-8 form', () => {
    const expected = scanText(text).map((m) => [m.ruleId, m.line, m.column, m.redacted]);
    assert.ok(expected.length > 0, 'the UTF-8 form has a finding');
    for (const encoded of [utf16le(text), utf16be(text)]) {
      assert.equal(looksBinary(encoded), false);
      assert.equal(decodeText(encoded), text);
      const r = scanBufferDetailed(encoded, { path: '.env' });
      assert.equal(r.skipped, undefined);
      assert.deepEqual(r.matches.map((m) => [m.ruleId, m.line, m.column, m.redacted]), expected);
      assert.ok(!JSON.stringify(r).includes(key), 'the key is redacted');
    }
  });

  it('NUL bytes without a BOM are still binary', () => {
    const raw = Buffer.from(text, 'utf16le');
    assert.equal(looksBinary(raw), true);
    assert.equal(scanBufferDetailed(raw).skipped, 'binary');
  });
});
