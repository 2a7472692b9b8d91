/**
 * Matching benchmark: an SBOM of 5,000 packages (real names from the DB's npm, PyPI, Go and
 * Debian 12 data, at low versions so most ranges have to be evaluated) against the full DB.
 */
import Database from 'better-sqlite3';
import { importOsv } from '../src/vuln/db/import.js';
import { openVulnDb } from '../src/vuln/db/store.js';
import { cachedComparator, schemeForEcosystem } from '../src/vuln/version/index.js';
import { matchPackages, type MatchCandidate, type OsvRecord } from '../src/vuln/match/index.js';
import { buildPurl } from '../src/sbom/purl.js';
import type { Package, PackageType } from '../src/sbom/package.js';

export function benchMatch(dbPath: string, count = 5000): { packages: number; matches: number; seconds: number; lookups: number } {
  const raw = new Database(dbPath, { readonly: true });
  const pick = (base: string, n: number) => (raw.prepare('SELECT DISTINCT name FROM affected WHERE ecosystem_base = ? ORDER BY name LIMIT ?').all(base, n) as Array<{ name: string }>).map((r) => r.name);
  const per = Math.floor(count / 4);
  const mk = (type: PackageType, name: string, version: string, extra: Partial<Package> = {}): Package => ({ type, name, version, purl: buildPurl({ type, name, version }), licenses: [], locations: [{ path: 'bench' }], foundBy: 'bench', ...extra });
  // Half the packages at an ancient version (every range must be evaluated and most match), half
  // at a far-future one (looked up and evaluated, nothing matches): a mix like a real, aged image.
  const names: Array<[PackageType, string]> = [
    ...pick('npm', per).map((n): [PackageType, string] => ['npm', n]),
    ...pick('PyPI', per).map((n): [PackageType, string] => ['pypi', n]),
    ...pick('Go', per).map((n): [PackageType, string] => ['golang', n]),
    ...pick('Debian', per).map((n): [PackageType, string] => ['deb', n]),
  ];
  const packages: Package[] = [];
  for (let i = 0; packages.length < count && names.length > 0; i++) {
    const [type, name] = names[i % names.length]!;
    const old = Math.floor(i / names.length) % 2 === 0 ? i % 2 === 0 : i % 2 === 1;
    const v = type === 'golang' ? (old ? 'v0.0.1' : 'v999.0.0') : type === 'deb' ? (old ? '0.1-1' : '999.0-1') : old ? '0.0.1' : '999.0.0';
    packages.push(mk(type, name, v, type === 'deb' ? { source: { name, version: v } } : {}));
  }
  raw.close();
  const db = openVulnDb(dbPath);
  let lookups = 0;
  const cmp = cachedComparator();
  const schemes = new Map<string, ReturnType<typeof schemeForEcosystem>>();
  const t = performance.now();
  const r = matchPackages(packages, { family: 'debian', version: '12' }, {
    advisoriesFor: (e, n) => {
      lookups++;
      return db.advisoriesFor(e, n);
    },
    candidatesFor: (e, n) => {
      lookups++;
      return db.candidatesFor(e, n) as unknown as MatchCandidate[];
    },
    compare: (e, a, b) => {
      let s = schemes.get(e);
      if (s === undefined) schemes.set(e, (s = schemeForEcosystem(e)));
      return cmp(s, a, b);
    },
  });
  const seconds = (performance.now() - t) / 1000;
  db.close();
  return { packages: packages.length, matches: r.matches.length, seconds, lookups };
}

export { importOsv };
