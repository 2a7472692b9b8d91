import { test } from 'node:test';
import assert from 'node:assert/strict';
import rule from '../../../../src/rules/image/config/eol-os.js';
import { baseFiles, hitsOf } from './helpers.js';

function osRelease(id: string, version: string) {
  return [{ name: 'etc/', type: 'directory' as const }, { name: 'etc/os-release', content: `ID=${id}\nVERSION_ID="${version}"\nPRETTY_NAME="${id} ${version}"\n` }];
}

test('LS-IMG-007 fires on Debian 10 and names the date and the layer with os-release', async () => {
  const hits = await hitsOf(rule, { layers: [{ files: baseFiles() }, { files: osRelease('debian', '10') }] });
  assert.equal(hits.length, 1);
  assert.equal(hits[0]!.details?.eolDate, '2024-06-30');
  assert.match(hits[0]!.message, /2024-06-30/);
  assert.equal(hits[0]!.layer?.index, 1);
  assert.equal(hits[0]!.path, 'etc/os-release');
});

test('LS-IMG-007 does not fire on a supported release or an unknown OS', async () => {
  assert.deepEqual(await hitsOf(rule, { layers: [{ files: [...baseFiles(), ...osRelease('debian', '12')] }] }), []);
  assert.deepEqual(await hitsOf(rule, { layers: [{ files: baseFiles() }] }), []);
});
