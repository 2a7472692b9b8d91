/**
 * npm lock files (`package-lock.json`, `npm-shrinkwrap.json`).
 *
 * - lockfileVersion 2 and 3 have a flat `packages` map keyed by install path
 *   (`node_modules/a/node_modules/@s/b`); `""` is the project itself, keys without `node_modules/`
 *   are workspace member directories, and `link: true` entries point at those.
 * - lockfileVersion 1 (and v2, which carries both) has a nested `dependencies` tree; it is used
 *   only when `packages` is absent.
 *
 * The same name@version can be installed at several paths; it is reported once per lock file,
 * `dev` only when every copy is dev.
 */
import type { LayerRef } from '../../../image/fs-types.js';
import { isRecord, keysOf, licenseStrings, parseJson, str, type OutputBuilder } from './common.js';
import { addLockedNpmPackage } from './npm-package-json.js';

export interface LockEntry {
  name: string;
  version: string;
  dev: boolean;
  optional: boolean;
  resolved?: string;
  integrity?: string;
  licenses: string[];
  dependencies: string[];
}

/** Versions that are not registry versions of this package: local paths and links. */
function isLocalVersion(v: string): boolean {
  return /^(file|link|workspace):/.test(v);
}

/** `npm:real-name@1.2.3` aliases record the real package in the version. */
function unalias(name: string, version: string): { name: string; version: string } {
  if (!version.startsWith('npm:')) return { name, version };
  const spec = version.slice(4);
  const at = spec.indexOf('@', 1);
  return at > 0 ? { name: spec.slice(0, at), version: spec.slice(at + 1) } : { name, version };
}

export function parseNpmLock(content: string): { entries: LockEntry[]; lockfileVersion?: number; warnings: string[] } {
  const warnings: string[] = [];
  const json = parseJson(content);
  if (!json.ok) return { entries: [], warnings: [`invalid JSON: ${json.error}`] };
  const doc = json.value;
  if (!isRecord(doc)) return { entries: [], warnings: ['lock file is not an object'] };
  const lockfileVersion = typeof doc.lockfileVersion === 'number' ? doc.lockfileVersion : undefined;
  const byKey = new Map<string, LockEntry>();
  const add = (e: LockEntry) => {
    const key = `${e.name}@${e.version}`;
    const prev = byKey.get(key);
    if (!prev) byKey.set(key, e);
    else {
      prev.dev &&= e.dev;
      prev.optional &&= e.optional;
    }
  };

  if (isRecord(doc.packages)) {
    for (const [path, v] of Object.entries(doc.packages)) {
      if (!isRecord(v) || path === '' || v.link === true) continue;
      const nm = path.lastIndexOf('node_modules/');
      if (nm < 0) continue; // workspace member source directory: the project's own code
      const rawVersion = str(v.version);
      if (!rawVersion || isLocalVersion(rawVersion)) continue;
      const { name, version } = unalias(str(v.name) ?? path.slice(nm + 'node_modules/'.length), rawVersion);
      add({
        name,
        version,
        dev: v.dev === true,
        optional: v.optional === true || v.devOptional === true,
        resolved: str(v.resolved),
        integrity: str(v.integrity),
        licenses: licenseStrings(v.license),
        dependencies: [...keysOf(v.dependencies), ...keysOf(v.optionalDependencies)],
      });
    }
  } else if (isRecord(doc.dependencies)) {
    const walk = (deps: Record<string, unknown>, depth: number) => {
      if (depth > 64) {
        warnings.push('dependency tree deeper than 64 levels; rest skipped');
        return;
      }
      for (const [depName, v] of Object.entries(deps)) {
        if (!isRecord(v)) continue;
        const rawVersion = str(v.version);
        if (rawVersion && !isLocalVersion(rawVersion)) {
          const { name, version } = unalias(depName, rawVersion);
          add({
            name,
            version,
            dev: v.dev === true,
            optional: v.optional === true,
            resolved: str(v.resolved),
            integrity: str(v.integrity),
            licenses: [],
            dependencies: keysOf(v.requires),
          });
        }
        if (isRecord(v.dependencies)) walk(v.dependencies, depth + 1);
      }
    };
    walk(doc.dependencies, 0);
  } else if (lockfileVersion === undefined) {
    warnings.push('not an npm lock file (no lockfileVersion, packages or dependencies)');
  }
  return { entries: [...byKey.values()], lockfileVersion, warnings };
}

export function addNpmLockPackages(content: string, out: OutputBuilder, layer?: LayerRef): void {
  const lock = parseNpmLock(content);
  for (const w of lock.warnings) out.warn(w);
  for (const e of lock.entries) {
    addLockedNpmPackage(out, layer, 'npm-package-lock', e, {
      dev: e.dev,
      optional: e.optional || undefined,
      resolved: e.resolved,
      integrity: e.integrity,
      lockfileVersion: lock.lockfileVersion,
    });
  }
}
