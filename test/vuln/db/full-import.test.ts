// Imports the whole shared OSV test dataset (~55k records, ~12 s) and checks it against the zips.
// Skips when /work/shared/vulndb is not mounted.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { unzipSync } from 'fflate';
import { importOsv } from '../../../src/vuln/db/import.js';
import { openVulnDb } from '../../../src/vuln/db/store.js';
import { SHARED_OSV, tmp } from './helpers.js';

const skip = existsSync(join(SHARED_OSV, 'ecosystems.txt')) ? false : `${SHARED_OSV} not present`;

/** Entry names of a zip, counted with fflate (independent of the importer's own zip reader). */
function zipNames(file: string): string[] {
  const names: string[] = [];
  unzipSync(readFileSync(file), {
    filter: (f) => {
      if (f.name.endsWith('.json')) names.push(f.name);
      return false; // names only, nothing inflated
    },
  });
  return names;
}

test('full import of the shared OSV dataset: per-ecosystem counts equal the zips, release copies deduplicated', { skip, timeout: 120_000 }, () => {
  const dir = tmp();
  const dbPath = join(dir, 'vuln.db');
  const folders = readdirSync(SHARED_OSV).filter((f) => existsSync(join(SHARED_OSV, f, 'all.zip')));
  const expected: Record<string, number> = {};
  let releaseEntries = 0;
  for (const f of folders) {
    const n = zipNames(join(SHARED_OSV, f, 'all.zip')).length;
    if (f.includes(':')) releaseEntries += n;
    else expected[f] = n;
  }
  const r = importOsv(SHARED_OSV, { dbPath });
  process.stderr.write(`# full import: ${r.stats.records} records in ${r.seconds.toFixed(1)} s, ${(r.sizeBytes / 1048576).toFixed(1)} MiB\n`);
  assert.deepEqual(r.counts, expected);
  assert.equal(r.stats.records, Object.values(expected).reduce((a, b) => a + b, 0));
  // Every release-folder entry is a byte-identical copy of a base-folder record.
  assert.equal(r.stats.duplicates, releaseEntries);
  assert.equal(r.stats.replaced, 0);
  assert.equal(r.stats.malformed, 0);

  const db = openVulnDb(dbPath);
  const s = db.status();
  assert.deepEqual(s.counts, expected);
  const openssl = db.advisoriesFor('Debian:12', 'openssl');
  assert.ok(openssl.length >= 3);
  for (const rec of openssl) {
    assert.match(rec.id, /^(DSA|DLA)-/);
    assert.ok(rec.affected!.some((a) => a.package?.ecosystem === 'Debian:12' && a.package.name === 'openssl'));
  }
  // The README's worked numbers: 871 records have a Debian:12 entry.
  assert.equal(zipNames(join(SHARED_OSV, 'Debian:12', 'all.zip')).length, 871);
  const django = db.advisoriesFor('PyPI', 'Django');
  assert.ok(django.length > 50);
  assert.deepEqual(django.map((x) => x.id), db.advisoriesFor('PyPI', 'django').map((x) => x.id));
  db.close();
  rmSync(dir, { recursive: true, force: true });
});
