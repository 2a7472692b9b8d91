import { test } from 'node:test';
import assert from 'node:assert/strict';
import { interpolate } from '../../../src/deploy/compose/interpolate.js';

test('defaults are used, since the variable is assumed unset', () => {
  assert.deepEqual(interpolate('nginx:${TAG:-1.27}'), { value: 'nginx:1.27', unresolved: false, interpolated: true });
  assert.deepEqual(interpolate('${A-x}/${B:-${C:-y}}'), { value: 'x/y', unresolved: false, interpolated: true });
});

test('variables without a default leave the value unknown', () => {
  for (const s of ['${TAG}', '$TAG', 'a-${X:?required}', '${X:+alt}', '${X+alt}']) {
    const r = interpolate(s);
    assert.equal(r.unresolved, true, s);
    assert.equal(r.interpolated, true, s);
  }
});

test('$$ is a literal dollar, and text without variables is a plain literal', () => {
  assert.deepEqual(interpolate('pa$$word'), { value: 'pa$word', unresolved: false, interpolated: false });
  assert.deepEqual(interpolate('plain'), { value: 'plain', unresolved: false, interpolated: false });
  assert.deepEqual(interpolate('cost: 5$'), { value: 'cost: 5$', unresolved: false, interpolated: false });
});

test('an unterminated ${ is unknown, never a crash', () => {
  assert.equal(interpolate('x${A:-y').unresolved, true);
});
