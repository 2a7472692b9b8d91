/**
 * `pnpm-lock.yaml`. The `packages` map keys changed across lockfile versions:
 * - 5.x: `/name/1.0.0`, `/@s/name/1.0.0_peer@2.0.0` (peer suffix after `_`);
 * - 6.x: `/name@1.0.0`, `/@s/name@1.0.0(peer@2.0.0)`;
 * - 9.x: `name@1.0.0` without the slash; dependencies moved to a parallel `snapshots` map whose
 *   keys carry the peer suffix.
 * Non-registry packages (git, tarball) carry explicit `name`/`version` fields, preferred when present.
 * 5.x/6.x record `dev: true|false` per package; 9.x does not, so `dev` is left unknown there.
 */
import type { LayerRef } from '../../../image/fs-types.js';
import { isRecord, keysOf, parseYamlStrings, str, type OutputBuilder } from './common.js';
import { addLockedNpmPackage } from './npm-package-json.js';

export interface PnpmEntry {
  name: string;
  version: string;
  dev?: boolean;
  integrity?: string;
  dependencies: string[];
}

/** Name and version from a `packages` key; undefined for keys that are not name+version. */
export function parsePnpmKey(key: string, major: number): { name: string; version: string } | undefined {
  let k = key.startsWith('/') ? key.slice(1) : key;
  const paren = k.indexOf('(');
  if (paren > 0) k = k.slice(0, paren);
  if (major < 6) {
    const slash = k.lastIndexOf('/');
    if (slash <= 0) return undefined;
    let version = k.slice(slash + 1);
    const underscore = version.indexOf('_');
    if (underscore > 0) version = version.slice(0, underscore);
    // Keys of non-default registries start with the host (`registry.example.com/name/1.0.0`).
    const name = k.slice(0, slash).replace(/^[^@/]+\.[^/]+\/(?=.)/, '');
    return name && version ? { name, version } : undefined;
  }
  const at = k.indexOf('@', 1);
  if (at <= 0) return undefined;
  return { name: k.slice(0, at), version: k.slice(at + 1) };
}

export function parsePnpmLock(content: string): { entries: PnpmEntry[]; lockfileVersion?: string; warnings: string[] } {
  const yaml = parseYamlStrings(content);
  if (!yaml.ok) return { entries: [], warnings: [`invalid YAML: ${yaml.error}`] };
  const doc = yaml.value;
  if (!isRecord(doc)) return { entries: [], warnings: ['pnpm-lock.yaml is not a mapping'] };
  const lockfileVersion = str(doc.lockfileVersion);
  const major = Number.parseInt(lockfileVersion ?? '', 10);
  if (!Number.isFinite(major)) return { entries: [], warnings: ['pnpm-lock.yaml has no lockfileVersion'] };
  const snapshots = isRecord(doc.snapshots) ? doc.snapshots : {};
  const depsFromSnapshots = new Map<string, string[]>();
  for (const [key, v] of Object.entries(snapshots)) {
    if (!isRecord(v)) continue;
    const id = parsePnpmKey(key, major);
    if (!id) continue;
    const k = `${id.name}@${id.version}`;
    depsFromSnapshots.set(k, [...(depsFromSnapshots.get(k) ?? []), ...keysOf(v.dependencies), ...keysOf(v.optionalDependencies)]);
  }
  const entries: PnpmEntry[] = [];
  const seen = new Map<string, PnpmEntry>();
  const packages = isRecord(doc.packages) ? doc.packages : {};
  for (const [key, v] of Object.entries(packages)) {
    if (!isRecord(v)) continue;
    const fromKey = parsePnpmKey(key, major);
    const name = str(v.name) ?? fromKey?.name;
    const version = str(v.version) ?? fromKey?.version;
    if (!name || !version) continue;
    const k = `${name}@${version}`;
    const dev = v.dev === 'true' ? true : v.dev === 'false' ? false : undefined;
    const prev = seen.get(k);
    if (prev) {
      // Same version under several peer-dependency variants: dev only if every variant is.
      if (prev.dev !== undefined && dev !== undefined) prev.dev &&= dev;
      continue;
    }
    const resolution = isRecord(v.resolution) ? v.resolution : {};
    const entry: PnpmEntry = {
      name,
      version,
      dev,
      integrity: str(resolution.integrity),
      dependencies: [...keysOf(v.dependencies), ...keysOf(v.optionalDependencies), ...(depsFromSnapshots.get(k) ?? [])],
    };
    seen.set(k, entry);
    entries.push(entry);
  }
  return { entries, lockfileVersion, warnings: [] };
}

export function addPnpmLockPackages(content: string, out: OutputBuilder, layer?: LayerRef): void {
  const lock = parsePnpmLock(content);
  for (const w of lock.warnings) out.warn(w);
  for (const e of lock.entries) {
    addLockedNpmPackage(out, layer, 'pnpm-lock', e, { dev: e.dev, integrity: e.integrity, lockfileVersion: lock.lockfileVersion });
  }
}
