// The read path matching uses (candidatesFor / matchRecord) against the full records advisoriesFor
// returns, and what the read connection's locking mode must still allow.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { importOsv } from '../../../src/vuln/db/import.js';
import { openVulnDb } from '../../../src/vuln/db/store.js';
import type { OsvRecord } from '../../../src/vuln/db/types.js';
import { FIXTURES, fixtureEcosystems, tmp } from './helpers.js';

/** Every (ecosystem, name) the fixtures name, with and without the release. */
function lookups(): Array<[string, string]> {
  const out = new Map<string, [string, string]>();
  for (const [eco, files] of fixtureEcosystems()) {
    for (const f of files) {
      const rec = JSON.parse(readFileSync(join(FIXTURES, eco, f), 'utf8')) as OsvRecord;
      for (const a of rec.affected ?? []) {
        if (!a.package) continue;
        for (const e of new Set([a.package.ecosystem, a.package.ecosystem.split(':')[0]])) out.set(`${e}\0${a.package.name}`, [e, a.package.name]);
      }
    }
  }
  return [...out.values()];
}

/** A record without the fields matchRecord leaves out. */
function forMatching(r: OsvRecord): OsvRecord {
  const { credits: _credits, schema_version: _schema, ...rest } = r as OsvRecord & { credits?: unknown; schema_version?: unknown };
  return rest;
}

test('candidatesFor finds what advisoriesFor finds, in order; matchRecord is the record minus credits and schema_version', () => {
  const dir = tmp();
  const dbPath = join(dir, 'db', 'vuln.db');
  importOsv(FIXTURES, { dbPath });
  const db = openVulnDb(dbPath);
  try {
    const keys = lookups();
    assert.ok(keys.length > 10, `${keys.length} lookups`);
    for (const [eco, name] of keys) {
      for (const includeWithdrawn of [false, true]) {
        const full = db.advisoriesFor(eco, name, { includeWithdrawn });
        const cands = db.candidatesFor(eco, name, { includeWithdrawn });
        assert.deepEqual(cands.map((c) => c.id), full.map((r) => r.id), `${eco} ${name}`);
        cands.forEach((c, i) => {
          assert.deepEqual(c.affected, full[i].affected, `${c.id} affected`);
          assert.equal(c.withdrawn, full[i].withdrawn, `${c.id} withdrawn`);
          assert.deepEqual(c.matchRecord(), forMatching(full[i]), `${c.id} matchRecord`);
          // Parsed once per open DB: the same objects on the next call and the next lookup.
          assert.equal(c.matchRecord(), c.matchRecord());
        });
        const again = db.candidatesFor(eco, name, { includeWithdrawn });
        again.forEach((c, i) => assert.equal(c, cands[i]));
      }
    }
  } finally {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the read connection keeps its lock, yet other readers and a re-import (rename over the file) still work', () => {
  const dir = tmp();
  const dbPath = join(dir, 'db', 'vuln.db');
  importOsv(FIXTURES, { dbPath });
  const a = openVulnDb(dbPath);
  const b = openVulnDb(dbPath);
  try {
    const [eco, name] = lookups()[0];
    const ids = a.candidatesFor(eco, name).map((c) => c.id);
    assert.deepEqual(b.candidatesFor(eco, name).map((c) => c.id), ids);
    // A new import while both are open: built beside the file and renamed over it.
    importOsv(FIXTURES, { dbPath });
    const c = openVulnDb(dbPath);
    assert.deepEqual(c.candidatesFor(eco, name).map((x) => x.id), ids);
    c.close();
    // The open connections keep reading their snapshot.
    assert.deepEqual(a.advisoriesFor(eco, name).map((r) => r.id), ids);
  } finally {
    a.close();
    b.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('matchRecord keeps explicit nulls and empty lists as published, and leaves absent fields out', () => {
  const dir = tmp();
  const tree = join(dir, 'osv');
  mkdirSync(join(tree, 'PyPI'), { recursive: true });
  const published = {
    id: 'X-1',
    modified: '2024-01-01T00:00:00Z',
    related: [],
    severity: null,
    summary: 's',
    affected: [{ package: { ecosystem: 'PyPI', name: 'x' }, ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }, { fixed: '1.0' }] }] }],
    references: null,
    database_specific: { a: null },
  };
  writeFileSync(join(tree, 'PyPI', 'X-1.json'), JSON.stringify(published));
  const dbPath = join(dir, 'db', 'vuln.db');
  importOsv(tree, { dbPath });
  const db = openVulnDb(dbPath);
  try {
    const [c] = db.candidatesFor('PyPI', 'x');
    assert.deepEqual(c.matchRecord(), published);
    assert.ok(!('aliases' in c.matchRecord()) && !('details' in c.matchRecord()));
  } finally {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
