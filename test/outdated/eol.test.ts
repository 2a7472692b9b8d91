import { test } from 'node:test';
import assert from 'node:assert/strict';
import { eolStatus } from '../../src/outdated/eol.js';
import { parseReference } from '../../src/source/registry/reference.js';

const TODAY = new Date('2025-01-15T00:00:00Z');

test('official images match by version (Docker Hub, with or without library/)', () => {
  const eol = eolStatus(parseReference('node:14-alpine'), '14-alpine', TODAY);
  assert.deepEqual(eol.map((e) => [e.product, e.past]), [['Node.js 14', true]]);
  assert.deepEqual(eolStatus(parseReference('docker.io/library/node'), '14', TODAY).map((e) => e.product), ['Node.js 14']);
  // A date before the EOL day is upcoming, not past.
  assert.equal(eolStatus(parseReference('node'), '20.11.1-bookworm-slim', TODAY).find((e) => e.product === 'Node.js 20')?.past, false);
});

test('other registries match only by the distribution in the variant', () => {
  const ref = parseReference('registry.example:5000/node');
  assert.deepEqual(eolStatus(ref, '14-alpine', TODAY), [], 'not the official node image');
  assert.deepEqual(eolStatus(ref, '3.12-slim-buster', TODAY).map((e) => [e.product, e.past]), [['Debian 10 (buster)', true]]);
});
