/**
 * One project often records the same package twice: in its lock file and in what got installed
 * (`app/package-lock.json` + `app/node_modules/x/package.json`, `app/composer.lock` +
 * `app/vendor/composer/installed.json`). Analyzers see one file at a time, so the merge happens
 * here, over the packages of all files (call it once the layers are analysed).
 *
 * Policy: packages of the same type, name and version in the same project directory are reported
 * once. The INSTALLED record wins (it is what is actually on disk and carries license data); its
 * locations come first, the lock file's location is appended, and the lock's metadata (`dev`,
 * `resolved`, `integrity`) fills fields the installed record lacks. Lock entries that were not
 * installed stay as they are. Several installed copies of one name@version in one project (nested
 * node_modules) become one package with all their locations. Python distributions recorded twice
 * in one site-packages directory (dist-info + egg-info) are merged the same way, first one kept.
 * Other ecosystems pass through.
 */
import type { Package } from '../../../sbom/package.js';
import { dirname } from './common.js';

/** Rank of each source: higher wins. */
const RANK: Record<string, number> = {
  'npm-package-json': 2,
  'npm-package-lock': 1,
  'yarn-lock': 1,
  'pnpm-lock': 1,
  'php-composer-installed': 2,
  'php-composer-lock': 1,
  'python-package': 1,
};

/** The project directory a record belongs to, or undefined when this source is not deduped. */
export function projectRoot(pkg: Package): string | undefined {
  const path = pkg.locations[0]?.path;
  if (path === undefined || !(pkg.foundBy in RANK)) return undefined;
  switch (pkg.foundBy) {
    case 'npm-package-json': {
      const i = path.indexOf('node_modules/');
      return i < 0 ? undefined : path.slice(0, Math.max(0, i - 1));
    }
    case 'php-composer-installed': {
      const m = /^(?:(.*)\/)?vendor\/composer\/installed\.json$/.exec(path);
      return m ? (m[1] ?? '') : undefined;
    }
    case 'python-package':
      // Debian ships some distributions twice (`cryptography-38.0.4.dist-info` and
      // `cryptography.egg-info`): one package per site-packages directory.
      return typeof pkg.metadata?.sitePackages === 'string' ? pkg.metadata.sitePackages : undefined;
    default:
      return dirname(path);
  }
}

export function dedupeLanguagePackages(pkgs: Package[]): Package[] {
  const out: Package[] = [];
  const byKey = new Map<string, number>();
  for (const pkg of pkgs) {
    const root = projectRoot(pkg);
    if (root === undefined) {
      out.push(pkg);
      continue;
    }
    const key = [pkg.type, root, pkg.name, pkg.version].join('\0');
    const at = byKey.get(key);
    if (at === undefined) {
      byKey.set(key, out.length);
      out.push(pkg);
      continue;
    }
    out[at] = merge(out[at], pkg);
  }
  return out;
}

function merge(a: Package, b: Package): Package {
  const [win, lose] = (RANK[b.foundBy] ?? 0) > (RANK[a.foundBy] ?? 0) ? [b, a] : [a, b];
  const seen = new Set<string>();
  const locations = [...win.locations, ...lose.locations].filter((l) => {
    const k = `${l.path}\0${l.layer?.diffID ?? ''}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
  const merged: Package = { ...win, locations };
  if (win.licenses.length === 0 && lose.licenses.length > 0) merged.licenses = lose.licenses;
  const deps = [...new Set([...(win.dependsOn ?? []), ...(lose.dependsOn ?? [])])];
  if (deps.length > 0) merged.dependsOn = deps;
  const also = new Set([...asArray(win.metadata?.alsoFoundBy), ...asArray(lose.metadata?.alsoFoundBy), lose.foundBy]);
  also.delete(win.foundBy);
  const metadata: Record<string, unknown> = { ...lose.metadata, ...win.metadata };
  delete metadata.alsoFoundBy;
  if (also.size > 0) metadata.alsoFoundBy = [...also];
  if (Object.keys(metadata).length > 0) merged.metadata = metadata;
  return merged;
}

function asArray(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}
