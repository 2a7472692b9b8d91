import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { unzipSync, strFromU8 } from 'fflate';
import { alpineSecdbToOsv, isAlpineSecdb, type AlpineSecdb } from '../../../src/vuln/db/native/alpine.js';
import { importOsv } from '../../../src/vuln/db/import.js';
import { openVulnDb } from '../../../src/vuln/db/store.js';
import type { OsvRecord } from '../../../src/vuln/db/types.js';
import { FIXTURES, SHARED_OSV, tmp } from './helpers.js';

const NATIVE = join(SHARED_OSV, '..', 'native', 'alpine');
const skip = existsSync(join(NATIVE, 'v3.20', 'main.json')) ? false : `${NATIVE} not present`;

// Two real package entries from native/alpine/v3.20/main.json (aom; apache2 trimmed to two fixes).
const SAMPLE: AlpineSecdb & { apkurl: string } = {
  apkurl: '{{urlprefix}}/{{distroversion}}/{{reponame}}/{{arch}}/{{pkg.name}}-{{pkg.ver}}.apk',
  distroversion: 'v3.20',
  reponame: 'main',
  packages: [
    { pkg: { name: 'aom', secfixes: { '3.1.1-r0': ['CVE-2021-30473', 'CVE-2021-30474', 'CVE-2021-30475'] } } },
    { pkg: { name: 'apache2', secfixes: { '2.4.59-r0': ['CVE-2023-38709', 'CVE-2024-24795', 'CVE-2024-27316'], '2.4.58-r0': ['CVE-2023-45802', 'CVE-2023-43622'] } } },
  ],
};

test('alpineSecdbToOsv: one ALPINE-<CVE> record per id, one affected entry per release and package', () => {
  assert.equal(isAlpineSecdb(SAMPLE), true);
  assert.equal(isAlpineSecdb({ id: 'X', modified: 'y' }), false);
  const { records } = alpineSecdbToOsv([SAMPLE, { ...SAMPLE, distroversion: 'v3.19' }], '2026-01-01T00:00:00Z');
  assert.equal(records.length, 8);
  const r = records.find((x) => x.id === 'ALPINE-CVE-2023-45802')!;
  assert.deepEqual(r.upstream, ['CVE-2023-45802']);
  assert.deepEqual(r.affected!.map((a) => a.package!.ecosystem), ['Alpine:v3.20', 'Alpine:v3.19']);
  assert.deepEqual(r.affected![0].ranges, [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }, { fixed: '2.4.58-r0' }] }]);
  assert.equal(r.affected![0].package!.purl, 'pkg:apk/alpine/apache2?arch=source');
});

test('native Alpine secdb for v3.20 gives the same CVE entries as the OSV Alpine:v3.20 folder', { skip }, () => {
  const docs = ['main', 'community'].map((r) => JSON.parse(readFileSync(join(NATIVE, 'v3.20', `${r}.json`), 'utf8')) as AlpineSecdb);
  const native = alpineSecdbToOsv(docs, '2026-01-01T00:00:00Z').records;
  const key = (rec: OsvRecord) =>
    rec.affected!
      .filter((a) => a.package!.ecosystem === 'Alpine:v3.20')
      .map((a) => `${rec.id} ${a.package!.name} ${JSON.stringify(a.ranges)}`);
  const mine = new Set(native.filter((r) => r.id.startsWith('ALPINE-CVE-')).flatMap(key));
  const osv = new Set<string>();
  const zip = unzipSync(readFileSync(join(SHARED_OSV, 'Alpine:v3.20', 'all.zip')));
  for (const bytes of Object.values(zip)) for (const k of key(JSON.parse(strFromU8(bytes)) as OsvRecord)) osv.add(k);
  assert.ok(osv.size > 5000);
  assert.deepEqual([...mine].filter((k) => !osv.has(k)), []);
  assert.deepEqual([...osv].filter((k) => !mine.has(k)), []);
});

test('db import of a secdb folder next to OSV data: one DB, secdb records filed under Alpine', { skip }, () => {
  const dir = tmp();
  const dbPath = join(dir, 'vuln.db');
  const r = importOsv([join(FIXTURES, 'PyPI'), join(NATIVE, 'edge')], { dbPath });
  assert.ok(r.counts.Alpine > 1000);
  assert.ok(r.counts.PyPI > 0);
  const db = openVulnDb(dbPath);
  // edge is published only in native form: this is the way to get it.
  const recs = db.advisoriesFor('Alpine:edge', 'openssl');
  assert.ok(recs.length > 10);
  assert.ok(recs.every((x) => x.affected!.some((a) => a.package!.ecosystem === 'Alpine:edge')));
  db.close();
  rmSync(dir, { recursive: true, force: true });
});
