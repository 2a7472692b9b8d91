/**
 * Alpine secdb (`secdb.alpinelinux.org/<release>/<repo>.json`) → OSV records, so an Alpine DB can be
 * built straight from the distro's own feed (e.g. for `edge`, which osv.dev does not publish).
 * Mirrors how osv.dev's Alpine converter names and shapes records: one `ALPINE-<id>` record per
 * advisory id, one affected entry per (release, source package), `introduced 0` / `fixed <secfix>`.
 */
import { compareApk } from '../../version/apk.js';
import type { OsvAffected, OsvRecord } from '../types.js';

export interface AlpineSecdb {
  distroversion?: string;
  reponame?: string;
  packages: Array<{ pkg: { name: string; secfixes?: Record<string, string[] | null> } }>;
}

/** CVE ids must look like CVE-YYYY-NNNN (the feed has typos such as `CVE-46838`); other schemes (XSA-, GHSA-) pass. */
function validId(s: string): boolean {
  if (s.startsWith('CVE-')) return /^CVE-\d{4}-\d{4,}$/.test(s);
  return /^[A-Z]+-[\w.-]+$/.test(s);
}

function earlier(a: string, b: string): boolean {
  try {
    return compareApk(a, b) < 0;
  } catch {
    return false; // an unparsable version never displaces a parsable one
  }
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
  const byId = new Map<string, { affected: OsvAffected[]; keys: Map<string, OsvAffected>; packages: Set<string> }>();
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
        // `0` (and `0-r0`) list ids that never affected Alpine's build.
        if (version === '0' || version === '0-r0' || !Array.isArray(ids)) continue;
        for (const raw of ids) {
          // Entries are sometimes "CVE-2019-1 CVE-2019-2" or carry a trailing note.
          for (const id of String(raw).split(/\s+/).filter(validId)) {
            let rec = byId.get(id);
            if (!rec) byId.set(id, (rec = { affected: [], keys: new Map(), packages: new Set() }));
            const key = `${ecosystem}\0${pkg.name}`;
            // Listed under several versions (a fix, then a rebuild naming it again): the earliest fix is the fix.
            const prev = rec.keys.get(key);
            if (prev) {
              const events = prev.ranges![0].events;
              if (earlier(version, events[1].fixed!)) events[1] = { fixed: version };
              continue;
            }
            rec.packages.add(pkg.name);
            const entry: OsvAffected = {
              package: { ecosystem, name: pkg.name, purl: `pkg:apk/alpine/${encodeURIComponent(pkg.name)}?arch=source` },
              ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }, { fixed: version }] }],
            };
            rec.keys.set(key, entry);
            rec.affected.push(entry);
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
