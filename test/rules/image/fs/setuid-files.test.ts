import { test } from 'node:test';
import assert from 'node:assert/strict';
import { baseEntries, hardenedImage, imageContext, plantedSecrets, rootImage, run } from './helpers.js';
import type { Package } from '../../../../src/sbom/package.js';

test('LS-IMG-108: a setuid file no package owns is MEDIUM, with mode and layer', async () => {
  const hits = run('LS-IMG-108', await rootImage(plantedSecrets()));
  assert.deepEqual(hits.map((h) => [h.path, h.severity, h.layer?.index, h.details?.mode]), [['/usr/bin/tool', undefined, 1, '4755']]);
  assert.deepEqual(run('LS-IMG-108', await hardenedImage()), []);
});

test('LS-IMG-108: package-owned setuid files (paths through the merged-/usr symlink) are one INFO list', async () => {
  const ctx = await imageContext([
    {
      createdBy: 'base',
      entries: [
        ...baseEntries(),
        { name: 'bin', type: 'symlink', linkname: 'usr/bin' },
        { name: 'usr/bin/su', content: '\0ELF', mode: 0o4755 },
        { name: 'usr/bin/wall', content: '\0ELF', mode: 0o2755 },
        { name: 'usr/local/bin/', type: 'directory' },
        { name: 'usr/local/bin/backdoor', content: '\0ELF', mode: 0o6755 },
      ],
    },
  ]);
  const pkg = (name: string, files: string[]): Package => ({ type: 'deb', name, version: '1', purl: `pkg:deb/debian/${name}@1`, licenses: [], locations: [], files, foundBy: 'test' });
  ctx.sbom = { packages: [pkg('login', ['/bin/su']), pkg('bsdutils', ['/usr/bin/wall'])], warnings: [] };
  const hits = run('LS-IMG-108', ctx);
  assert.deepEqual(hits.map((h) => [h.path, h.severity, h.details?.bits ?? h.details?.files]), [
    ['/usr/local/bin/backdoor', undefined, 'setuid+setgid'],
    [undefined, 'INFO', ['/usr/bin/su', '/usr/bin/wall']],
  ]);
});
