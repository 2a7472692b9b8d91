import { test } from 'node:test';
import assert from 'node:assert/strict';
import rule from '../../../../src/rules/image/config/package-caches.js';
import { baseFiles, hitsOf } from './helpers.js';

const dirs = (...names: string[]) => names.map((name) => ({ name: `${name}/`, type: 'directory' as const }));

test('LS-IMG-012 sums apt lists and .deb files and names the layer that added most', async () => {
  const hits = await hitsOf(rule, {
    layers: [
      { files: [...baseFiles(), ...dirs('var', 'var/lib', 'var/lib/apt', 'var/lib/apt/lists'), { name: 'var/lib/apt/lists/lock', content: '' }, { name: 'var/lib/apt/lists/small_Packages', content: 'x'.repeat(100) }] },
      {
        createdBy: '/bin/sh -c apt-get update && apt-get install -y curl',
        files: [
          ...dirs('var', 'var/lib', 'var/lib/apt', 'var/lib/apt/lists', 'var/cache', 'var/cache/apt', 'var/cache/apt/archives'),
          { name: 'var/lib/apt/lists/deb.debian.org_dists_bookworm_main_binary-amd64_Packages', content: 'p'.repeat(3000) },
          { name: 'var/cache/apt/archives/curl_8.5.0_amd64.deb', content: 'd'.repeat(2048) },
          { name: 'var/cache/apt/archives/lock', content: '' },
        ],
      },
    ],
  });
  const lists = hits.find((h) => h.details?.cache === 'apt package lists')!;
  assert.equal(lists.details?.files, 2, 'lock is not counted');
  assert.equal(lists.details?.bytes, 3100);
  assert.equal(lists.layer?.index, 1);
  assert.match(lists.message, /3\.0 KiB/);
  assert.match(lists.message, /apt-get update/);
  const debs = hits.find((h) => h.details?.cache === 'apt downloaded packages')!;
  assert.equal(debs.details?.files, 1);
  assert.equal(debs.details?.bytes, 2048);
  assert.equal(hits.length, 2);
});

test('LS-IMG-012 does not fire when the caches were cleaned (a whiteout removes them) or never filled', async () => {
  const hits = await hitsOf(rule, {
    layers: [
      { files: [...baseFiles(), ...dirs('var', 'var/cache', 'var/cache/apk', 'root', 'root/.cache', 'root/.cache/pip'), { name: 'var/cache/apk/APKINDEX.tar.gz', content: 'z'.repeat(500) }] },
      { files: [{ name: 'var/cache/apk/.wh.APKINDEX.tar.gz', content: '' }] },
    ],
  });
  assert.deepEqual(hits, []);
});
