/**
 * Matching benchmark: an SBOM of 5,000 packages (real names from the DB's npm, PyPI, Go and
 * Debian 12 data, at low versions so most ranges have to be evaluated) against the full DB.
 */
import Database from 'better-sqlite3';
import { importOsv } from '../src/vuln/db/import.js';
import { openVulnDb } from '../src/vuln/db/store.js';
import { compareVersions, schemeForEcosystem } from '../src/vuln/version/index.js';
import { matchPackages, type OsvRecord } from '../src/vuln/match/index.js';
import { buildPurl } from '../src/sbom/purl.js';
import type { Package, PackageType } from '../src/sbom/package.js';

export function benchMatch(dbPath: string, count = 5000): { packages: number; matches: number; seconds: number; lookups: number } {
  const raw = new Database(dbPath, { readonly: true });
  const pick = (base: string, n: number) => (raw.prepare('SELECT DISTINCT name FROM affected WHERE ecosystem_base = ? ORDER BY name LIMIT ?').all(base, n) as Array<{ name: string }>).map((r) => r.name);
  const per = Math.floor(count / 4);
  const mk = (type: PackageType, name: string, version: string, extra: Partial<Package> = {}): Package => ({ type, name, version, purl: buildPurl({ type, name, version }), licenses: [], locations: [{ path: 'bench' }], foundBy: 'bench', ...extra });
  const packages: Package[] = [
    ...pick('npm', per).map((n) => mk('npm', n, '0.0.1')),
    ...pick('PyPI', per).map((n) => mk('pypi', n, '0.0.1')),
    ...pick('Go', per).map((n) => mk('golang', n, 'v0.0.1')),
    ...pick('Debian', count - 3 * per).map((n) => mk('deb', n, '0.1-1', { source: { name: n, version: '0.1-1' } })),
  ];
  raw.close();
  const db = openVulnDb(dbPath);
  let lookups = 0;
  const t = performance.now();
  const r = matchPackages(packages, { family: 'debian', version: '12' }, {
    advisoriesFor: (e, n) => {
      lookups++;
      return db.advisoriesFor(e, n) as unknown as OsvRecord[];
    },
    compare: (e, a, b) => compareVersions(schemeForEcosystem(e), a, b),
  });
  const seconds = (performance.now() - t) / 1000;
  db.close();
  return { packages: packages.length, matches: r.matches.length, seconds, lookups };
}

export { importOsv };
