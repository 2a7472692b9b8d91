/** `package.json` of installed npm packages (`…/node_modules/<name>/package.json`). */
import type { LayerRef } from '../../../image/fs-types.js';
import { isRecord, keysOf, licenseStrings, parseJson, str, type OutputBuilder } from './common.js';

/** Directory names that hold test data inside a package, not installed packages. */
const FIXTURE_DIRS = new Set(['test', 'tests', '__tests__', 'fixture', 'fixtures', '__fixtures__', 'example', 'examples']);

/**
 * True for the package.json at a package root inside node_modules: `node_modules/x/package.json`
 * or `node_modules/@s/x/package.json`, at any nesting depth. Sub-directory package.json files
 * (`node_modules/x/lib/package.json`, often just `{"type": "module"}`) and the copies inside a
 * package's own test fixtures (`node_modules/x/test/fixtures/node_modules/y/package.json`) are not.
 */
export function isInstalledPackageJson(path: string): boolean {
  const segs = path.split('/');
  const n = segs.length;
  if (n < 3 || segs[n - 1] !== 'package.json') return false;
  const nameIsScoped = segs[n - 3]?.startsWith('@') && segs[n - 4] === 'node_modules';
  if (!(segs[n - 3] === 'node_modules' || nameIsScoped)) return false;
  if (segs[n - 2].startsWith('.')) return false; // node_modules/.bin, .cache, .pnpm itself
  const first = segs.indexOf('node_modules');
  for (let i = first + 1; i < n - 1; i++) {
    const prev = segs[i - 1];
    const isNamePos = prev === 'node_modules' || (prev.startsWith('@') && segs[i - 2] === 'node_modules');
    if (!isNamePos && FIXTURE_DIRS.has(segs[i])) return false;
  }
  return true;
}

/** npm scope split for the purl: `@types/node` → namespace `@types`, name `node`. */
export function npmPurlParts(name: string, version: string): { namespace?: string; name: string; version: string } {
  const slash = name.indexOf('/');
  if (name.startsWith('@') && slash > 0) return { namespace: name.slice(0, slash), name: name.slice(slash + 1), version };
  return { name, version };
}

/** What a lock-file entry (npm, yarn or pnpm) contributes to its package. */
export interface LockedNpmPackage {
  name: string;
  version: string;
  dependencies: string[];
  licenses?: string[];
}

/** Adds an npm package read from a lock file, located at the lock file itself. */
export function addLockedNpmPackage(
  out: OutputBuilder,
  layer: LayerRef | undefined,
  foundBy: string,
  e: LockedNpmPackage,
  metadata: Record<string, unknown>,
): void {
  out.add({
    type: 'npm',
    name: e.name,
    version: e.version,
    purl: npmPurlParts(e.name, e.version),
    licenses: e.licenses,
    path: out.path,
    layer,
    dependsOn: e.dependencies,
    foundBy,
    metadata,
  });
}

export function parsePackageJson(content: string, out: OutputBuilder, layer?: LayerRef): void {
  const json = parseJson(content);
  if (!json.ok) {
    out.warn(`invalid JSON: ${json.error}`);
    return;
  }
  const doc = json.value;
  if (!isRecord(doc)) {
    out.warn('package.json is not an object');
    return;
  }
  const name = str(doc.name);
  const version = str(doc.version);
  // A package root without a name or version is not an installable package (stub or workspace root).
  if (!name || !version) return;
  out.add({
    type: 'npm',
    name,
    version,
    purl: npmPurlParts(name, version),
    licenses: [...licenseStrings(doc.license), ...licenseStrings(doc.licenses)],
    path: out.path,
    layer,
    dependsOn: [...keysOf(doc.dependencies), ...keysOf(doc.optionalDependencies)],
    foundBy: 'npm-package-json',
    metadata: {
      resolved: str(doc._resolved),
      integrity: str(doc._integrity),
      private: doc.private === true ? true : undefined,
      homepage: str(doc.homepage),
    },
  });
}
