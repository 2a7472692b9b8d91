import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { importOsv, isOsvRecord } from '../../../src/vuln/db/import.js';
import { NoVulnDbError, dbFreshness, openVulnDb } from '../../../src/vuln/db/store.js';
import { InputError } from '../../../src/errors.js';
import { FIXTURES, buildBucket, fixtureEcosystems, tmp, zipFiles } from './helpers.js';

const ecosystems = fixtureEcosystems();

test('loose tree import: one advisory per fixture file, counted under its folder', () => {
  const dir = tmp();
  const dbPath = join(dir, 'db', 'vuln.db');
  const r = importOsv(FIXTURES, { dbPath });
  for (const [eco, files] of ecosystems) assert.equal(r.counts[eco], files.length, eco);
  const total = [...ecosystems.values()].reduce((n, f) => n + f.length, 0);
  assert.equal(r.stats.records, total);
  assert.equal(r.stats.malformed, 0);
  const db = openVulnDb(dbPath);
  assert.equal(db.status().total, total);
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

test('bucket import: release-folder copies are imported once', () => {
  const dir = tmp();
  const bucket = join(dir, 'osv');
  const { releaseCopies } = buildBucket(bucket);
  assert.ok(readdirSync(bucket).includes('Debian:12'));
  assert.ok(releaseCopies > 0);
  const dbPath = join(dir, 'vuln.db');
  const r = importOsv(bucket, { dbPath });
  assert.equal(r.stats.duplicates, releaseCopies);
  for (const [eco, files] of ecosystems) assert.equal(r.counts[eco], files.length, eco);
  rmSync(dir, { recursive: true, force: true });
});

test('release folder alone: records are taken from it (nothing to dedup against)', () => {
  const dir = tmp();
  const bucket = join(dir, 'osv');
  buildBucket(bucket);
  rmSync(join(bucket, 'Debian'), { recursive: true });
  const r = importOsv(bucket, { dbPath: join(dir, 'vuln.db'), ecosystems: ['Debian'] });
  const debian12 = ecosystems.get('Debian')!.filter((f) => readFileSync(join(FIXTURES, 'Debian', f), 'utf8').includes('"Debian:12"'));
  // Counted under the base ecosystem, each id once even when it also sits in Debian:11 etc.
  assert.ok(r.counts.Debian >= debian12.length);
  assert.equal(Object.keys(r.counts).join(), 'Debian');
  rmSync(dir, { recursive: true, force: true });
});

test('advisoriesFor(Debian:12, openssl): DSA records with a Debian:12 openssl entry, and only those', () => {
  const dir = tmp();
  const dbPath = join(dir, 'vuln.db');
  importOsv(FIXTURES, { dbPath });
  const db = openVulnDb(dbPath);
  const recs = db.advisoriesFor('Debian:12', 'openssl');
  const expected = ecosystems
    .get('Debian')!
    .map((f) => JSON.parse(readFileSync(join(FIXTURES, 'Debian', f), 'utf8')) as { id: string; affected?: Array<{ package: { ecosystem: string; name: string } }> })
    .filter((r) => r.affected?.some((a) => a.package.ecosystem === 'Debian:12' && a.package.name === 'openssl'))
    .map((r) => r.id)
    .sort();
  assert.ok(expected.length >= 3);
  assert.deepEqual(recs.map((r) => r.id), expected);
  for (const r of recs) {
    assert.match(r.id, /^(DSA|DLA)-/);
    assert.ok(r.affected!.some((a) => a.package?.ecosystem === 'Debian:12' && a.package.name === 'openssl'));
    assert.ok((r.upstream ?? []).some((c) => c.startsWith('CVE-')), `${r.id} carries CVEs in upstream`);
  }
  // Without a release every Debian release matches, so the DLAs (Debian 10/11) come back too.
  const all = db.advisoriesFor('Debian', 'openssl').map((r) => r.id);
  assert.ok(all.some((id) => id.startsWith('DLA-')));
  assert.ok(all.length > recs.length);
  assert.deepEqual(db.advisoriesFor('Debian:12', 'no-such-package'), []);
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

test('records come back exactly as imported', () => {
  const dir = tmp();
  const dbPath = join(dir, 'vuln.db');
  importOsv(FIXTURES, { dbPath });
  const db = openVulnDb(dbPath);
  const [rec] = db.advisoriesFor('Debian:12', 'openssl');
  assert.deepEqual(rec, JSON.parse(readFileSync(join(FIXTURES, 'Debian', `${rec.id}.json`), 'utf8')));
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

test('PyPI names are PEP 503-normalised: Django, django and DJANGO find the same records', () => {
  const dir = tmp();
  const dbPath = join(dir, 'vuln.db');
  importOsv(FIXTURES, { dbPath });
  const db = openVulnDb(dbPath);
  const lower = db.advisoriesFor('PyPI', 'django').map((r) => r.id);
  assert.ok(lower.length >= 10);
  assert.deepEqual(db.advisoriesFor('PyPI', 'Django').map((r) => r.id), lower);
  assert.deepEqual(db.advisoriesFor('PyPI', 'DJANGO').map((r) => r.id), lower);
  // npm is case-sensitive: no normalisation there.
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

test('Alpine: the os-release spelling 3.x finds Alpine:v3.x entries', () => {
  const dir = tmp();
  const dbPath = join(dir, 'vuln.db');
  importOsv(FIXTURES, { dbPath });
  const db = openVulnDb(dbPath);
  const v = db.advisoriesFor('Alpine:v3.20', 'openssl').map((r) => r.id);
  assert.ok(v.length > 0);
  assert.deepEqual(db.advisoriesFor('Alpine:3.20', 'openssl').map((r) => r.id), v);
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

test('one id in two ecosystems (GHSA in RubyGems and npm) keeps both records', () => {
  const dir = tmp();
  const dbPath = join(dir, 'vuln.db');
  const r = importOsv(FIXTURES, { dbPath });
  assert.equal(r.counts.RubyGems, ecosystems.get('RubyGems')!.length);
  assert.equal(r.counts.npm, ecosystems.get('npm')!.length);
  const npmRec = JSON.parse(readFileSync(join(FIXTURES, 'npm', 'GHSA-29mw-wpgm-hmr9.json'), 'utf8')) as { affected: Array<{ package: { name: string } }> };
  const rubyRec = JSON.parse(readFileSync(join(FIXTURES, 'RubyGems', 'GHSA-29mw-wpgm-hmr9.json'), 'utf8')) as { affected: Array<{ package: { name: string } }> };
  const db = openVulnDb(dbPath);
  assert.ok(db.advisoriesFor('npm', npmRec.affected[0].package.name).some((x) => x.id === 'GHSA-29mw-wpgm-hmr9'));
  assert.ok(db.advisoriesFor('RubyGems', rubyRec.affected[0].package.name).some((x) => x.id === 'GHSA-29mw-wpgm-hmr9'));
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

test('withdrawn records are kept, flagged, and left out of lookups unless asked for', () => {
  const dir = tmp();
  const dbPath = join(dir, 'vuln.db');
  const r = importOsv(FIXTURES, { dbPath });
  const withdrawnFiles = [...ecosystems].flatMap(([eco, files]) => files.filter((f) => 'withdrawn' in JSON.parse(readFileSync(join(FIXTURES, eco, f), 'utf8'))).map((f) => [eco, f] as const));
  assert.ok(withdrawnFiles.length >= 3);
  assert.equal(r.stats.withdrawn, withdrawnFiles.length);
  const [eco, file] = withdrawnFiles.find(([e]) => e === 'Go')!;
  const rec = JSON.parse(readFileSync(join(FIXTURES, eco, file), 'utf8')) as { id: string; affected: Array<{ package: { name: string } }> };
  const db = openVulnDb(dbPath);
  const name = rec.affected[0].package.name;
  assert.ok(!db.advisoriesFor('Go', name).some((x) => x.id === rec.id));
  const got = db.advisoriesFor('Go', name, { includeWithdrawn: true }).find((x) => x.id === rec.id);
  assert.ok(got?.withdrawn);
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

test('malformed records are skipped and counted; the rest import', () => {
  const dir = tmp();
  const src = join(dir, 'src');
  mkdirSync(src);
  for (const f of ecosystems.get('Go')!) copyFileSync(join(FIXTURES, 'Go', f), join(src, f));
  const good = readFileSync(join(FIXTURES, 'Go', ecosystems.get('Go')![0]), 'utf8');
  writeFileSync(join(src, 'truncated.json'), good.slice(0, good.length / 2));
  const noModified = JSON.parse(good) as Record<string, unknown>;
  delete noModified.modified;
  writeFileSync(join(src, 'no-modified.json'), JSON.stringify(noModified));
  writeFileSync(join(src, 'bad-affected.json'), JSON.stringify({ ...JSON.parse(good), id: 'X-1', affected: { package: 'x' } }));
  writeFileSync(join(src, 'array.json'), '[]');
  const r = importOsv(src, { dbPath: join(dir, 'vuln.db') });
  assert.equal(r.stats.malformed, 4);
  assert.equal(r.stats.records, ecosystems.get('Go')!.length);
  // Same through a zip.
  const files: Record<string, Uint8Array> = {};
  for (const f of readdirSync(src)) files[f] = readFileSync(join(src, f));
  writeFileSync(join(dir, 'go.zip'), zipFiles(files));
  const z = importOsv(join(dir, 'go.zip'), { dbPath: join(dir, 'vuln2.db') });
  assert.equal(z.stats.malformed, 4);
  assert.equal(z.counts.Go, ecosystems.get('Go')!.length);
  rmSync(dir, { recursive: true, force: true });
});

test('isOsvRecord: shape checks', () => {
  assert.equal(isOsvRecord({ id: 'A', modified: '2020-01-01T00:00:00Z' }), true);
  assert.equal(isOsvRecord({ id: 'A', modified: '2020-01-01T00:00:00Z', affected: [{ package: { ecosystem: 'npm', name: 'x' }, ranges: [{ type: 'SEMVER', events: [] }] }] }), true);
  assert.equal(isOsvRecord({ id: '', modified: 'x' }), false);
  assert.equal(isOsvRecord({ id: 'A', modified: 'x', affected: [{ package: { ecosystem: 'npm' } }] }), false);
  assert.equal(isOsvRecord({ id: 'A', modified: 'x', affected: [{ ranges: [{ type: 'SEMVER' }] }] }), false);
  assert.equal(isOsvRecord({ id: 'A', modified: 'x', aliases: [1] }), false);
});

test('--ecosystems filter on a single zip keeps only records affecting those ecosystems', () => {
  const dir = tmp();
  const files: Record<string, Uint8Array> = {};
  for (const eco of ['PyPI', 'Go', 'Maven']) for (const f of ecosystems.get(eco)!) files[`${eco}-${f}`] = readFileSync(join(FIXTURES, eco, f));
  writeFileSync(join(dir, 'mixed.zip'), zipFiles(files));
  const r = importOsv(join(dir, 'mixed.zip'), { dbPath: join(dir, 'vuln.db'), ecosystems: ['PyPI', 'Maven'] });
  assert.deepEqual(Object.keys(r.counts).sort(), ['Maven', 'PyPI']);
  assert.equal(r.counts.PyPI, ecosystems.get('PyPI')!.length);
  rmSync(dir, { recursive: true, force: true });
});

test('a corrupt zip fails the import and the old DB still opens with the same counts', () => {
  const dir = tmp();
  const dbPath = join(dir, 'vuln.db');
  const before = importOsv(FIXTURES, { dbPath });
  const zip = Buffer.from(zipFiles(Object.fromEntries(ecosystems.get('Debian')!.map((f) => [f, readFileSync(join(FIXTURES, 'Debian', f))]))));
  // Damage compressed data in the middle of the archive: inflate or the CRC check must catch it.
  for (let i = Math.floor(zip.length * 0.4); i < Math.floor(zip.length * 0.4) + 64; i++) zip[i] ^= 0x5a;
  const bucket = join(dir, 'osv');
  mkdirSync(join(bucket, 'Debian'), { recursive: true });
  writeFileSync(join(bucket, 'Debian', 'all.zip'), zip);
  assert.throws(() => importOsv(bucket, { dbPath }), (e: unknown) => e instanceof InputError && /zip/.test(e.message));
  // Not a zip at all.
  writeFileSync(join(dir, 'junk.zip'), 'not a zip');
  assert.throws(() => importOsv(join(dir, 'junk.zip'), { dbPath }), InputError);
  const db = openVulnDb(dbPath);
  assert.deepEqual(db.status().counts, before.counts);
  assert.ok(db.advisoriesFor('Debian:12', 'openssl').length > 0);
  db.close();
  assert.deepEqual(readdirSync(dir).filter((f) => f.includes('.tmp-')), [], 'build file removed');
  rmSync(dir, { recursive: true, force: true });
});

test('an import with nothing to import leaves the old DB alone', () => {
  const dir = tmp();
  const dbPath = join(dir, 'vuln.db');
  const before = importOsv(FIXTURES, { dbPath });
  mkdirSync(join(dir, 'empty'));
  assert.throws(() => importOsv(join(dir, 'empty'), { dbPath }), /no OSV records/);
  assert.throws(() => importOsv(FIXTURES, { dbPath, ecosystems: ['NoSuchEcosystem'] }), /no OSV records/);
  const db = openVulnDb(dbPath);
  assert.equal(db.status().total, before.stats.records);
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

test('a build file left by a killed import is cleaned up; one of a live process is not', () => {
  const dir = tmp();
  const dbPath = join(dir, 'vuln.db');
  // pid 2^22+1 is above Linux's pid_max default range, so no process has it.
  writeFileSync(`${dbPath}.tmp-4194305`, 'partial');
  writeFileSync(`${dbPath}.tmp-1`, 'init is alive');
  importOsv(FIXTURES, { dbPath });
  assert.equal(existsSync(`${dbPath}.tmp-4194305`), false);
  assert.equal(existsSync(`${dbPath}.tmp-1`), true);
  rmSync(dir, { recursive: true, force: true });
});

test('no DB: openVulnDb throws NoVulnDbError with the db update hint; dbFreshness says missing', () => {
  const dir = tmp();
  const dbPath = join(dir, 'vuln.db');
  assert.throws(() => openVulnDb(dbPath), (e: unknown) => e instanceof NoVulnDbError && /db update/.test(e.hint ?? ''));
  assert.equal(dbFreshness(7, { path: dbPath }).state, 'missing');
  writeFileSync(dbPath, 'garbage that is not sqlite');
  assert.throws(() => openVulnDb(dbPath), NoVulnDbError);
  rmSync(dir, { recursive: true, force: true });
});

test('dbFreshness: fresh within maxAgeDays, stale after, from built_at', () => {
  const dir = tmp();
  const dbPath = join(dir, 'vuln.db');
  const built = new Date('2026-01-10T00:00:00Z');
  importOsv(FIXTURES, { dbPath, now: () => built });
  const at = (iso: string) => () => new Date(iso);
  const fresh = dbFreshness(7, { path: dbPath, now: at('2026-01-15T00:00:00Z') });
  assert.equal(fresh.state, 'fresh');
  const stale = dbFreshness(7, { path: dbPath, now: at('2026-01-20T00:00:00Z') });
  assert.equal(stale.state, 'stale');
  assert.ok(stale.state === 'stale' && stale.ageDays === 10 && /10 days old/.test(stale.message ?? ''));
  rmSync(dir, { recursive: true, force: true });
});

test('an ecosystem folder\'s all.zip passed alone files every record (even without affected) under that ecosystem', () => {
  const dir = tmp();
  const bucket = join(dir, 'osv');
  buildBucket(bucket);
  const r = importOsv(join(bucket, 'Debian', 'all.zip'), { dbPath: join(dir, 'vuln.db') });
  assert.deepEqual(r.counts, { Debian: ecosystems.get('Debian')!.length });
  const r2 = importOsv(join(bucket, 'Debian'), { dbPath: join(dir, 'vuln.db') });
  assert.deepEqual(r2.counts, r.counts);
  rmSync(dir, { recursive: true, force: true });
});
