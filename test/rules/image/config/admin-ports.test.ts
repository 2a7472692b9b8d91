import { test } from 'node:test';
import assert from 'node:assert/strict';
import rule from '../../../../src/rules/image/config/admin-ports.js';
import { baseFiles, hitsOf } from './helpers.js';

test('LS-IMG-004 fires for 22 (MEDIUM) and 2375 (HIGH), not for 8080', async () => {
  const hits = await hitsOf(rule, { layers: [{ files: baseFiles() }], config: { ExposedPorts: { '22/tcp': {}, '2375/tcp': {}, '8080/tcp': {} } } });
  assert.deepEqual(
    hits.map((h) => [h.details?.port, h.severity]),
    [
      [22, 'MEDIUM'],
      [2375, 'HIGH'],
    ],
  );
});

test('LS-IMG-004 does not fire for application ports', async () => {
  assert.deepEqual(await hitsOf(rule, { layers: [{ files: baseFiles() }], config: { ExposedPorts: { '8080/tcp': {}, '443/tcp': {}, '53/udp': {} } } }), []);
});
