// `db update` against a loopback HTTP server serving the shared OSV dataset (real data).
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { createReadStream, existsSync, mkdirSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { unzipSync } from 'fflate';
import { updateVulnDb } from '../../../src/vuln/db/update.js';
import { openVulnDb } from '../../../src/vuln/db/store.js';
import { InputError } from '../../../src/errors.js';
import { SHARED_OSV, tmp } from './helpers.js';

const skip = existsSync(join(SHARED_OSV, 'ecosystems.txt')) ? false : `${SHARED_OSV} not present`;
let server: Server;
let base = '';
const requests: string[] = [];

before(async () => {
  if (skip) return;
  server = createServer((req, res) => {
    const url = decodeURIComponent(req.url ?? '');
    requests.push(url);
    if (url === '/Broken/all.zip') {
      res.writeHead(503, 'Service Unavailable').end('down');
      return;
    }
    const m = /^\/([^/]+)\/all\.zip$/.exec(url);
    const file = m ? join(SHARED_OSV, m[1], 'all.zip') : '';
    if (!m || m[1].includes('..') || !existsSync(file)) {
      res.writeHead(404).end('not found');
      return;
    }
    res.writeHead(200, { 'content-type': 'application/zip' });
    createReadStream(file).pipe(res);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
after(() => server?.close());

function entries(eco: string): number {
  let n = 0;
  unzipSync(readFileSync(join(SHARED_OSV, eco, 'all.zip')), { filter: () => (n++, false) });
  return n;
}

test('db update downloads each ecosystem, imports it, and warns on a 404 ecosystem', { skip }, async () => {
  const dir = tmp();
  const dbPath = join(dir, 'db', 'vuln.db');
  const warnings: string[] = [];
  const r = await updateVulnDb({ dbPath, source: base + '/', ecosystems: ['Go', 'Maven', 'crates.io', 'NuGet'], warn: (m) => warnings.push(m) });
  assert.deepEqual(r.counts, { Go: entries('Go'), Maven: entries('Maven'), 'crates.io': entries('crates.io') });
  assert.deepEqual(r.missing, ['NuGet']);
  assert.equal(warnings.length, 1);
  assert.match(warnings[0], /NuGet.*404/);
  assert.ok(requests.includes('/crates.io/all.zip'));
  const db = openVulnDb(dbPath);
  const s = db.status();
  assert.equal(s.source, base);
  assert.deepEqual(s.missingEcosystems, ['NuGet']);
  assert.ok(db.advisoriesFor('Maven', 'org.apache.logging.log4j:log4j-core').length > 0);
  db.close();
  // The download folder is gone; only the DB is left.
  assert.deepEqual(readdirSync(join(dir, 'db')), ['vuln.db']);
  rmSync(dir, { recursive: true, force: true });
});

test('db update: a non-404 HTTP error fails the update, names the ecosystem, and keeps the old DB', { skip }, async () => {
  const dir = tmp();
  const dbPath = join(dir, 'vuln.db');
  await updateVulnDb({ dbPath, source: base, ecosystems: ['Maven'] });
  await assert.rejects(
    updateVulnDb({ dbPath, source: base, ecosystems: ['Go', 'Broken'] }),
    (e: unknown) => e instanceof InputError && /Broken: .*HTTP 503 Service Unavailable/.test(e.message),
  );
  const db = openVulnDb(dbPath);
  assert.deepEqual(db.status().counts, { Maven: entries('Maven') });
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

test('db update: a download over the size cap fails; nothing published at all fails', { skip }, async () => {
  const dir = tmp();
  const dbPath = join(dir, 'vuln.db');
  await assert.rejects(updateVulnDb({ dbPath, source: base, ecosystems: ['Go'], maxBytes: 1024 }), /Go: .*cap/);
  await assert.rejects(updateVulnDb({ dbPath, source: base, ecosystems: ['NoSuch1', 'NoSuch2'] }), /none of the requested ecosystems/);
  assert.equal(existsSync(dbPath), false);
  rmSync(dir, { recursive: true, force: true });
});

test('db update: connection refused is reported per ecosystem', async () => {
  const dir = tmp();
  // Port 9 (discard) on loopback: nothing listens there in the test environment.
  await assert.rejects(
    updateVulnDb({ dbPath: join(dir, 'vuln.db'), source: 'http://127.0.0.1:9', ecosystems: ['Go'] }),
    (e: unknown) => e instanceof InputError && /Go: http:\/\/127\.0\.0\.1:9\/Go\/all\.zip: .*ECONNREFUSED/.test(e.message),
  );
  rmSync(dir, { recursive: true, force: true });
});

test('db update removes download folders left by killed updates', { skip }, async () => {
  const dir = tmp();
  mkdirSync(join(dir, 'download-4194305-abc123', 'Go'), { recursive: true });
  mkdirSync(join(dir, 'download-1-keepme'));
  await updateVulnDb({ dbPath: join(dir, 'vuln.db'), source: base, ecosystems: ['Maven'] });
  assert.deepEqual(readdirSync(dir).sort(), ['download-1-keepme', 'vuln.db']);
  rmSync(dir, { recursive: true, force: true });
});
