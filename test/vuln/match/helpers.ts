/** Test helpers: the fixture records and simple comparators (the real ones live in src/vuln/version). */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { OsvRecord } from '../../../src/vuln/match/osv.js';
import { normalizeAdvisoryName } from '../../../src/vuln/match/ecosystem.js';
import type { Package } from '../../../src/sbom/package.js';
import { REPO_ROOT } from '../../helpers/repo.js';

/** test/fixtures/vuln-match in the repository (a build does not copy the JSON to dist/test/). */
export const FIXTURES = join(REPO_ROOT, 'test', 'fixtures', 'vuln-match');

export function loadRecords(): OsvRecord[] {
  return readdirSync(FIXTURES)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => JSON.parse(readFileSync(join(FIXTURES, f), 'utf8')) as OsvRecord);
}

/** An in-memory advisoriesFor over records, keyed the way the DB keys them (exact ecosystem, normalised name). */
export function memoryStore(records: OsvRecord[]): (ecosystem: string, name: string) => OsvRecord[] {
  return (ecosystem, name) =>
    records.filter((r) =>
      (r.affected ?? []).some((a) => a.package?.ecosystem === ecosystem && normalizeAdvisoryName(ecosystem, a.package.name) === normalizeAdvisoryName(ecosystem, name)),
    );
}

/** Numeric dot-compare (`2021.10.0`, `5.4.36`); throws for anything else, like a real comparator would. */
export function dotCompare(a: string, b: string): number {
  const pa = parse(a);
  const pb = parse(b);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d < 0 ? -1 : 1;
  }
  return 0;
}

function parse(v: string): number[] {
  if (!/^\d+(\.\d+)*$/.test(v)) throw new Error(`unparseable version ${JSON.stringify(v)}`);
  return v.split('.').map(Number);
}

/** dpkg version comparison (Debian Policy §5.6.12), small and test-only. */
export function dpkgCompare(a: string, b: string): number {
  const split = (v: string) => {
    const m = /^(?:(\d+):)?(.+?)(?:-([^-]+))?$/.exec(v);
    if (!m) throw new Error(`bad dpkg version ${v}`);
    return { epoch: Number(m[1] ?? 0), upstream: m[2], revision: m[3] ?? '0' };
  };
  const order = (c: string) => (c === '~' ? -1 : c === '' ? 0 : /[A-Za-z]/.test(c) ? c.charCodeAt(0) : c.charCodeAt(0) + 256);
  const part = (x: string, y: string): number => {
    let i = 0;
    let j = 0;
    while (i < x.length || j < y.length) {
      while ((i < x.length && !/\d/.test(x[i])) || (j < y.length && !/\d/.test(y[j]))) {
        const cx = i < x.length && !/\d/.test(x[i]) ? x[i] : '';
        const cy = j < y.length && !/\d/.test(y[j]) ? y[j] : '';
        const d = order(cx) - order(cy);
        if (d !== 0) return d < 0 ? -1 : 1;
        if (cx) i++;
        if (cy) j++;
        if (!cx && !cy) break;
      }
      let nx = '';
      let ny = '';
      while (i < x.length && /\d/.test(x[i])) nx += x[i++];
      while (j < y.length && /\d/.test(y[j])) ny += y[j++];
      const d = Number(nx || 0) - Number(ny || 0);
      if (d !== 0) return d < 0 ? -1 : 1;
    }
    return 0;
  };
  const x = split(a);
  const y = split(b);
  if (x.epoch !== y.epoch) return x.epoch < y.epoch ? -1 : 1;
  return part(x.upstream, y.upstream) || part(x.revision, y.revision);
}

/** Comparator by ecosystem, the shape matchPackages takes. */
export function testCompare(ecosystem: string, a: string, b: string): number {
  return ecosystem.startsWith('Debian') ? dpkgCompare(a, b) : dotCompare(a, b);
}

export function pkg(p: Partial<Package> & Pick<Package, 'type' | 'name' | 'version'>): Package {
  return { purl: `pkg:${p.type}/${p.name}@${p.version}`, licenses: [], locations: [{ path: 'x' }], foundBy: 'test', ...p };
}
