import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MIN_ANCHOR_LENGTH, startAnchors } from '../../../src/analyze/secret/anchors.js';
import { createRng, type Rng } from '../../../src/analyze/secret/fake-tokens.js';
import { SECRET_RULES } from '../../../src/analyze/secret/rules/index.js';
import { RULE_SAMPLES } from './samples.js';

/** True when every match of `pattern` in `text` starts with one of `anchors` (ASCII case aside). */
function everyMatchAnchored(pattern: RegExp, anchors: readonly string[], text: string): boolean {
  const re = new RegExp(pattern.source, 'g' + pattern.flags.replace(/[gy]/g, ''));
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) !== null) {
    if (m[0].length === 0) {
      re.lastIndex++;
      continue;
    }
    const head = text.slice(m.index, m.index + 40).toLowerCase();
    if (!anchors.some((a) => head.startsWith(a))) return false;
  }
  return true;
}

function randomText(rng: Rng, alphabet: string, length: number): string {
  let s = '';
  for (let i = 0; i < length; i++) s += alphabet[Math.floor(rng() * alphabet.length)];
  return s;
}

describe('start anchors', () => {
  it('expands literals, small classes, optional parts and alternations', () => {
    assert.deepEqual(startAnchors(/(?<secret>ghp_[A-Za-z0-9]{36})/), ['ghp_']);
    assert.deepEqual(startAnchors(/(?<secret>A[KS]IA[A-Z2-7]{16})/), ['akia', 'asia']);
    assert.deepEqual(startAnchors(/passw(?:or)?d|pwd/i), ['passwd', 'password', 'pwd']);
    assert.deepEqual(startAnchors(/api[_-]?key=/), ['api-key=', 'api_key=', 'apikey=']);
    assert.deepEqual(startAnchors(/:\/\/[^@]+@/), ['://']);
    assert.deepEqual(startAnchors(/-{5}BEGIN/), ['-----begin']);
    assert.deepEqual(startAnchors(/\bxox[bp]-\d/), ['xoxb-', 'xoxp-']);
    // Zero-width assertions consume nothing; a lookbehind after the key keeps the key the anchor.
    assert.deepEqual(startAnchors(/(?:_auth|_password)(?<=(?:^|:)_\w+)=/m), ['_auth=', '_password=']);
    // A shorter anchor that another one starts with makes the longer one redundant.
    assert.deepEqual(startAnchors(/tok|token/), ['tok']);
  });

  it('stops at the first construct it does not model, keeping what it has', () => {
    assert.deepEqual(startAnchors(/abc[a-z]+def/), ['abc']);
    assert.deepEqual(startAnchors(/abc.def/s), ['abc']);
    assert.deepEqual(startAnchors(/abc\d/), ['abc']);
    assert.deepEqual(startAnchors(/abc(?:d|[0-9])x/), ['abc']);
    assert.deepEqual(startAnchors(/abcd+e/), ['abcd']);
    assert.deepEqual(startAnchors(/x?abc/), ['abc', 'xabc']);
    assert.deepEqual(startAnchors(/a{9}/), ['aaaaaaaa']);
    assert.deepEqual(startAnchors(/ab(?:c|d){2}e/), ['abcc', 'abcd', 'abdc', 'abdd'].map((a) => a + 'e'));
  });

  it('gives up when no anchor of MIN_ANCHOR_LENGTH characters exists', () => {
    assert.equal(MIN_ANCHOR_LENGTH, 3);
    assert.equal(startAnchors(/[A-Za-z0-9]{3}Q~/), undefined);
    assert.equal(startAnchors(/(?:^[ \t]*|:)_auth/m), undefined);
    assert.equal(startAnchors(/ab|abc/), undefined);
    assert.equal(startAnchors(/x?ab/), undefined);
    assert.equal(startAnchors(new RegExp('caf\u00e9')), undefined);
    // Unicode case folding maps the Kelvin sign to k: an ASCII search would miss it.
    assert.equal(startAnchors(/key/iu), undefined);
  });

  it('is sound for hand-written patterns over random text (every match starts at an anchor)', () => {
    const patterns = [
      /ab(?:c|de)?f+/i,
      /xa(?:yz|y)\d{0,2}[qr]s/,
      /(?<k>to(?:ken|k))\s*[:=]\s*\w{2,}/i,
      /ca{2,3}b/,
      /(?:foo|ba[rz]){2}q/i,
      /(?!abd)ab[cd]?e/,
    ];
    const rng = createRng(77);
    for (const pattern of patterns) {
      const anchors = startAnchors(pattern);
      assert.ok(anchors, `${pattern} has anchors`);
      for (let i = 0; i < 300; i++) {
        const text = randomText(rng, 'abcdefqrsxyzABFOtokenTOKEN=: 0123', 200);
        assert.ok(everyMatchAnchored(pattern, anchors, text), `${pattern} on ${JSON.stringify(text)}`);
      }
    }
  });

  it('is sound for every built-in rule on its positive and negative samples', () => {
    const rng = createRng(5);
    let anchored = 0;
    for (const rule of SECRET_RULES) {
      const anchors = startAnchors(rule.pattern);
      if (!anchors) continue;
      anchored++;
      const samples = RULE_SAMPLES[rule.name];
      assert.ok(samples, `samples for ${rule.name}`);
      for (const make of samples.positives) {
        const { text } = make(rng);
        assert.ok(everyMatchAnchored(rule.pattern, anchors, text), `${rule.name}: ${text.slice(0, 80)}`);
      }
      for (const make of samples.negatives) assert.ok(everyMatchAnchored(rule.pattern, anchors, make(rng)), rule.name);
    }
    // Only the Azure AD client secret (keyword in the middle, `q~`) is left to whole-text scans.
    assert.deepEqual(
      SECRET_RULES.filter((r) => !startAnchors(r.pattern)).map((r) => r.name),
      ['azure-ad-client-secret'],
    );
    assert.equal(anchored, SECRET_RULES.length - 1);
  });
});
