/**
 * Alpine secdb (`secdb.alpinelinux.org/<release>/<repo>.json`) → OSV records, so an Alpine DB can be
 * built straight from the distro's own feed (e.g. for `edge`, which osv.dev does not publish).
 * Mirrors how osv.dev's Alpine converter names and shapes records: one `ALPINE-<id>` record per
 * advisory id, one affected entry per (release, source package), `introduced 0` / `fixed <secfix>`.
 */
import type { OsvAffected, OsvRecord } from '../types.js';

export interface AlpineSecdb {
  distroversion?: string;
  reponame?: string;
  packages: Array<{ pkg: { name: string; secfixes?: Record<string, string[] | null> } }>;
}

export function isAlpineSecdb(x: unknown): x is AlpineSecdb {
  if (typeof x !== 'object' || x === null) return false;
  const d = x as Record<string, unknown>;
  return typeof d.distroversion === 'string' && Array.isArray(d.packages) && typeof d.apkurl === 'string';
}

/**
 * `modified` is the caller's (the feed has no dates; the file's mtime is the honest choice). Ids in
 * secfixes key `0` mean "never affected in Alpine" and give no entry.
 */
export function alpineSecdbToOsv(docs: AlpineSecdb[], modified: string): { records: OsvRecord[]; skipped: number } {
  const byId = new Map<string, { affected: OsvAffected[]; keys: Set<string>; packages: Set<string> }>();
  let skipped = 0;
  for (const doc of docs) {
    const release = doc.distroversion ?? '';
    const ecosystem = release ? `Alpine:${release.startsWith('v') || release === 'edge' ? release : 'v' + release}` : 'Alpine';
    for (const { pkg } of doc.packages ?? []) {
      if (!pkg || typeof pkg.name !== 'string') {
        skipped++;
        continue;
      }
      for (const [version, ids] of Object.entries(pkg.secfixes ?? {})) {
        if (version === '0' || !Array.isArray(ids)) continue;
        for (const raw of ids) {
          // Entries are sometimes "CVE-2019-1 CVE-2019-2" or carry a trailing note.
          for (const id of String(raw).split(/\s+/).filter((s) => /^[A-Z]+-[\w.-]+$/.test(s))) {
            let rec = byId.get(id);
            if (!rec) byId.set(id, (rec = { affected: [], keys: new Set(), packages: new Set() }));
            const key = `${ecosystem}\0${pkg.name}`;
            // The same package in main and community, or listed twice: first fix wins.
            if (rec.keys.has(key)) continue;
            rec.keys.add(key);
            rec.packages.add(pkg.name);
            rec.affected.push({
              package: { ecosystem, name: pkg.name, purl: `pkg:apk/alpine/${encodeURIComponent(pkg.name)}?arch=source` },
              ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }, { fixed: version }] }],
            });
          }
        }
      }
    }
  }
  const records: OsvRecord[] = [...byId].map(([id, r]) => ({
    id: id.startsWith('ALPINE-') ? id : `ALPINE-${id}`,
    modified,
    upstream: [id],
    summary: `${id} fixed in Alpine package(s) ${[...r.packages].sort().join(', ')}`,
    affected: r.affected,
    database_specific: { source: 'alpine-secdb' },
  }));
  return { records, skipped };
}
