import type { LayerRef } from '../../../image/fs-types.js';
import type { RuleHit } from '../../rule.js';
import type { ImageRule } from '../rule.js';
import { safeExcerpt } from './history.js';

interface CacheKind {
  name: string;
  /** Directory the cache lives in (image path, no leading slash). */
  dir: string;
  /** Which regular files under `dir` count. */
  counts: (path: string) => boolean;
  cleanup: string;
}

const CACHES: CacheKind[] = [
  // apt recreates `lock` (empty) on every run, so it remains after a proper clean-up; it is not cache.
  { name: 'apt package lists', dir: 'var/lib/apt/lists', counts: (p) => !/\/(?:lock|auxfiles\/.*)$/.test(p), cleanup: 'rm -rf /var/lib/apt/lists/*' },
  { name: 'apt downloaded packages', dir: 'var/cache/apt/archives', counts: (p) => p.endsWith('.deb'), cleanup: 'apt-get clean' },
  { name: 'apk cache', dir: 'var/cache/apk', counts: () => true, cleanup: 'apk add --no-cache' },
  { name: 'yum/dnf cache', dir: 'var/cache/yum', counts: () => true, cleanup: 'yum clean all' },
  { name: 'yum/dnf cache', dir: 'var/cache/dnf', counts: () => true, cleanup: 'dnf clean all' },
  { name: 'pip cache', dir: 'root/.cache/pip', counts: () => true, cleanup: 'pip install --no-cache-dir' },
  { name: 'npm cache', dir: 'root/.npm/_cacache', counts: () => true, cleanup: 'npm cache clean --force (or a cache mount)' },
];

interface CacheUse {
  kind: CacheKind;
  files: number;
  bytes: number;
  byLayer: Map<number, { layer: LayerRef; bytes: number; files: number }>;
}

function formatBytes(n: number): string {
  if (n >= 1024 * 1024) return `${(n / (1024 * 1024)).toFixed(1)} MiB`;
  if (n >= 1024) return `${(n / 1024).toFixed(1)} KiB`;
  return `${n} B`;
}

/** Package-manager caches present in the final filesystem, with their size per layer. */
export function cacheUse(fs: ReadonlyMap<string, { info: { path: string; type: string; size: number }; layer: LayerRef }>): CacheUse[] {
  const uses = new Map<CacheKind, CacheUse>();
  for (const [path, entry] of fs) {
    if (entry.info.type !== 'file' && entry.info.type !== 'hardlink') continue;
    const kind = CACHES.find((k) => path.startsWith(`${k.dir}/`) && k.counts(path));
    if (!kind) continue;
    let use = uses.get(kind);
    if (!use) uses.set(kind, (use = { kind, files: 0, bytes: 0, byLayer: new Map() }));
    use.files++;
    use.bytes += entry.info.size;
    const per = use.byLayer.get(entry.layer.index) ?? { layer: entry.layer, bytes: 0, files: 0 };
    per.bytes += entry.info.size;
    per.files++;
    use.byLayer.set(entry.layer.index, per);
  }
  return [...uses.values()];
}

const rule: ImageRule = {
  meta: {
    id: 'LS-IMG-012',
    kind: 'misconfiguration',
    severity: 'LOW',
    phase: 'image',
    title: 'Package manager cache left in the image',
    aliases: ['dockle:DKL-DI-0005'],
    tags: ['best-practice', 'size'],
    remediation: 'Clean the cache in the same RUN step that filled it (`apt-get update && apt-get install -y … && rm -rf /var/lib/apt/lists/*`, `apk add --no-cache`, `pip install --no-cache-dir`), or use a BuildKit cache mount (`RUN --mount=type=cache,target=/var/cache/apt …`). Deleting it in a later step does not shrink the earlier layer.',
    docs: `Package indexes and downloaded packages (\`/var/lib/apt/lists\`, \`/var/cache/apt/archives/*.deb\`,
\`/var/cache/apk\`, \`/var/cache/yum\`/\`dnf\`, \`/root/.cache/pip\`, \`/root/.npm/_cacache\`) are only needed while
installing. Left in the final filesystem they add megabytes to every pull, and stale apt lists make a later
\`apt-get install\` in a derived image install outdated versions. The check sums the sizes of those files in the
final filesystem and names the layer that added most of them (and the step that made it).

\`\`\`dockerfile
FROM debian:12-slim
RUN apt-get update && apt-get install -y --no-install-recommends curl    # fires: lists stay
\`\`\`

\`\`\`dockerfile
FROM debian:12-slim
RUN apt-get update && apt-get install -y --no-install-recommends curl \\
 && rm -rf /var/lib/apt/lists/*                                         # ok
\`\`\``,
  },
  check(ctx) {
    const hits: RuleHit[] = [];
    for (const use of cacheUse(ctx.walk.filesystem)) {
      const top = [...use.byLayer.values()].sort((a, b) => b.bytes - a.bytes || b.files - a.files)[0]!;
      const step = top.layer.createdBy ? `, made by "${safeExcerpt(top.layer.createdBy, 120)}"` : '';
      hits.push({
        layer: { diffID: top.layer.diffID, index: top.layer.index },
        path: use.kind.dir,
        message: `/${use.kind.dir} (${use.kind.name}) holds ${use.files} file${use.files === 1 ? '' : 's'} (${formatBytes(use.bytes)}); layer ${top.layer.index}${step} added ${formatBytes(top.bytes)} of it. Clean it in the same step (${use.kind.cleanup}).`,
        details: {
          cache: use.kind.name,
          directory: `/${use.kind.dir}`,
          files: use.files,
          bytes: use.bytes,
          layers: [...use.byLayer.values()].map((l) => ({ index: l.layer.index, bytes: l.bytes, files: l.files })),
          ...(top.layer.createdBy ? { createdBy: safeExcerpt(top.layer.createdBy) } : {}),
        },
      });
    }
    return hits;
  },
};

export default rule;
