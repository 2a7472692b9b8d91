/**
 * Vulnerability DB import benchmark: the full shared OSV dataset (or `BENCH_OSV`) into a throwaway
 * DB. `benchImport()` is for bench/run.ts; running this file directly prints the numbers.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { importOsv } from '../src/vuln/db/import.js';
import { openVulnDb } from '../src/vuln/db/store.js';

export interface VulnDbBench {
  records: number;
  importSeconds: number;
  recordsPerSecond: number;
  dbBytes: number;
  /** Mean time of one advisoriesFor() lookup over a mix of hits and misses. */
  lookupMicros: number;
}

export function benchImport(source = process.env.BENCH_OSV ?? '/work/shared/vulndb/osv'): VulnDbBench {
  const dir = mkdtempSync(join(tmpdir(), 'leftshift-bench-vulndb-'));
  try {
    const dbPath = join(dir, 'vuln.db');
    const r = importOsv(source, { dbPath });
    const db = openVulnDb(dbPath);
    const probes: Array<[string, string]> = [
      ['Debian:12', 'openssl'], ['Debian:11', 'linux'], ['Alpine:v3.20', 'curl'], ['PyPI', 'Django'],
      ['npm', 'lodash'], ['Go', 'golang.org/x/net'], ['Maven', 'org.apache.logging.log4j:log4j-core'], ['Debian:12', 'no-such-pkg'],
    ];
    const rounds = 200;
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < rounds; i++) for (const [e, n] of probes) db.advisoriesFor(e, n);
    const lookupMicros = Number(process.hrtime.bigint() - t0) / 1000 / (rounds * probes.length);
    db.close();
    return { records: r.stats.records, importSeconds: r.seconds, recordsPerSecond: r.stats.records / r.seconds, dbBytes: r.sizeBytes, lookupMicros };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const b = benchImport();
  process.stdout.write(
    `vulndb import: ${b.records} records in ${b.importSeconds.toFixed(1)} s (${Math.round(b.recordsPerSecond)}/s), ` +
      `DB ${(b.dbBytes / 1048576).toFixed(1)} MiB, lookup ${b.lookupMicros.toFixed(0)} µs\n`,
  );
}
