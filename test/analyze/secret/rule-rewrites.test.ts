/**
 * Rule patterns rewritten for speed must match exactly what their former versions matched. Each
 * former pattern is kept here as the oracle, and both are compared over random text built from
 * the characters that matter to them.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createRng, type Rng } from '../../../src/analyze/secret/fake-tokens.js';
import { secretRuleById } from '../../../src/analyze/secret/rules/index.js';

/** Secret offset, secret and match end of every match, as the engine's `g` iteration sees them. */
function hits(pattern: RegExp, text: string): Array<[number, string, number]> {
  const re = new RegExp(pattern.source, 'dg' + pattern.flags.replace(/[dgy]/g, ''));
  const out: Array<[number, string, number]> = [];
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) !== null) {
    if (m[0].length === 0) {
      re.lastIndex++;
      continue;
    }
    const secret = m.indices?.groups?.secret;
    out.push([secret ? secret[0] : -1, m.groups?.secret ?? '', m.index + m[0].length]);
  }
  return out;
}

function randomText(rng: Rng, pieces: readonly string[], count: number): string {
  let s = '';
  for (let i = 0; i < count; i++) s += pieces[Math.floor(rng() * pieces.length)];
  return s;
}

describe('rewritten rule patterns', () => {
  it('npmrc-auth: the key-first pattern with a lookbehind matches what `(?:^[ \\t]*|:)key` matched', () => {
    // Before: the line start or `:` was consumed before the key, so the match began there and
    // could not be tried only at `_auth`/`_password` anchors.
    const former =
      /(?:^[ \t]*|:)(?:_authToken|_auth|_password)[ \t]*=[ \t]*["']?(?<secret>[A-Za-z0-9+/=_.~-]{8,})["']?[ \t]*\r?$/m;
    const rule = secretRuleById('LS-SEC-023');
    assert.equal(rule?.name, 'npmrc-auth');
    const pieces = [
      '_authToken', '_auth', '_password', '_passwordX', 'this._password', ':', '//reg/:', ' ', '\t', '=', '"', "'",
      'abcdEFGH1234', 'x/y+z==', '\n', '\r\n', '\r', 'ab', '-', '.', '~', 'Token', '_', 'auth', 'password',
    ];
    const pick = (rng: Rng, xs: readonly string[]) => xs[Math.floor(rng() * xs.length)];
    /** A line shaped like an .npmrc entry, each part drawn from near-misses as well. */
    const entry = (rng: Rng) =>
      [
        pick(rng, ['', '', ' ', '\t ', '//registry.npmjs.org/:', 'x:', 'this.', 'a']),
        pick(rng, ['_authToken', '_auth', '_password', '_authtoken', '_authTokenX']),
        pick(rng, ['', ' ', '\t']),
        pick(rng, ['=', '=', ':', '==']),
        pick(rng, ['', ' ']),
        pick(rng, ['', '"', "'"]),
        pick(rng, ['abcdEFGH1234', 'x/y+z==abc', 'short', 'tok~en.value_-1', 'two words here']),
        pick(rng, ['', '"', "'"]),
        pick(rng, ['', ' ', '\t']),
      ].join('');
    const rng = createRng(2024);
    let matched = 0;
    for (let i = 0; i < 4000; i++) {
      const text =
        i % 2 === 0
          ? randomText(rng, pieces, 6 + Math.floor(rng() * 30))
          : Array.from({ length: 1 + Math.floor(rng() * 4) }, () => entry(rng)).join(pick(rng, ['\n', '\r\n', '\r', ':', ' ']));
      const expected = hits(former, text);
      assert.deepEqual(hits(rule!.pattern, text), expected, JSON.stringify(text));
      matched += expected.length;
    }
    assert.ok(matched > 200, `only ${matched} matches: the random text does not exercise the pattern`);
  });
});
