// Shared by the vuln/db tests: where the fixtures are, and building bucket-style zips from them.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { zipSync } from 'fflate';
import { REPO_ROOT } from '../../helpers/repo.js';

// The source fixtures in the repository (tsc does not copy the .json fixtures to dist/test/vuln/db).
export const FIXTURES = join(REPO_ROOT, 'test', 'fixtures', 'vulndb');
export const SHARED_OSV = '/work/shared/vulndb/osv';

export function tmp(prefix = 'ls-vulndb-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** Fixture folders (ecosystems) and their record files. */
export function fixtureEcosystems(): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const d of readdirSync(FIXTURES, { withFileTypes: true })) {
    if (d.isDirectory()) out.set(d.name, readdirSync(join(FIXTURES, d.name)).filter((f) => f.endsWith('.json')).sort());
  }
  return out;
}

export function zipFiles(files: Record<string, Uint8Array>): Uint8Array {
  return zipSync(Object.fromEntries(Object.entries(files).map(([k, v]) => [k, [v, { level: 6 }]])));
}

/**
 * A bucket laid out like osv.dev from the fixtures: `<Eco>/all.zip` for each folder, plus a release
 * folder per `<Eco>:<release>` with byte-identical copies of the records that affect that release.
 */
export function buildBucket(dir: string): { releaseCopies: number } {
  let releaseCopies = 0;
  for (const [eco, files] of fixtureEcosystems()) {
    const base: Record<string, Uint8Array> = {};
    const releases = new Map<string, Record<string, Uint8Array>>();
    for (const f of files) {
      const bytes = readFileSync(join(FIXTURES, eco, f));
      base[f] = bytes;
      const rec = JSON.parse(bytes.toString('utf8')) as { affected?: Array<{ package?: { ecosystem: string } }> };
      for (const e of new Set((rec.affected ?? []).map((a) => a.package?.ecosystem ?? '').filter((x) => x.includes(':')))) {
        if (!releases.has(e)) releases.set(e, {});
        releases.get(e)![f] = bytes;
        releaseCopies++;
      }
    }
    mkdirSync(join(dir, eco), { recursive: true });
    writeFileSync(join(dir, eco, 'all.zip'), zipFiles(base));
    for (const [rel, recs] of releases) {
      mkdirSync(join(dir, rel), { recursive: true });
      writeFileSync(join(dir, rel, 'all.zip'), zipFiles(recs));
    }
  }
  return { releaseCopies };
}
