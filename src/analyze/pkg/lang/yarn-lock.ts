/**
 * `yarn.lock`, both formats:
 * - v1 ("classic", first lines `# yarn lockfile v1`): a YAML-like but not YAML format. Top-level
 *   keys are one or more comma-separated descriptors (`"a@^1", a@~1.2:`), indented fields are
 *   `key value` with optionally quoted values, and `dependencies:` / `optionalDependencies:` open
 *   a nested block of `name "range"` lines.
 * - berry (v2+, has a `__metadata:` key): real YAML; each entry has `version` and a
 *   `resolution: "name@npm:1.2.3"` naming the package and protocol.
 */
import type { LayerRef } from '../../../image/fs-types.js';
import { isRecord, keysOf, parseYamlStrings, str, type OutputBuilder } from './common.js';
import { addLockedNpmPackage } from './npm-package-json.js';

export interface YarnEntry {
  name: string;
  version: string;
  resolved?: string;
  integrity?: string;
  dependencies: string[];
  format: 'v1' | 'berry';
}

/** `@s/a@^1.0.0` → `@s/a`; `a@npm:b@^1` (alias) → `b`. */
export function descriptorName(descriptor: string): string | undefined {
  const at = descriptor.indexOf('@', 1);
  if (at <= 0) return undefined;
  const range = descriptor.slice(at + 1);
  if (range.startsWith('npm:')) {
    const spec = range.slice(4);
    const at2 = spec.indexOf('@', 1);
    // `a@npm:^1` is a plain npm range; `a@npm:b@^1` an alias of b.
    if (at2 > 0 && !/^[\^~<>=\d*]/.test(spec)) return spec.slice(0, at2);
  }
  return descriptor.slice(0, at);
}

function unquote(s: string): string {
  const t = s.trim();
  if (t.length >= 2 && t.startsWith('"') && t.endsWith('"')) {
    try {
      return JSON.parse(t) as string;
    } catch {
      return t.slice(1, -1);
    }
  }
  return t;
}

export function parseYarnLock(content: string): { entries: YarnEntry[]; warnings: string[] } {
  if (/^__metadata:/m.test(content)) return parseBerry(content);
  return parseClassic(content);
}

function parseClassic(content: string): { entries: YarnEntry[]; warnings: string[] } {
  const entries: YarnEntry[] = [];
  const warnings: string[] = [];
  let cur: { names: string[]; fields: Record<string, string>; deps: string[] } | undefined;
  let inDeps = false;
  const flush = () => {
    if (!cur) return;
    const name = cur.names[0];
    const version = cur.fields.version;
    if (name && version) {
      entries.push({
        name,
        version,
        resolved: cur.fields.resolved,
        integrity: cur.fields.integrity,
        dependencies: cur.deps,
        format: 'v1',
      });
    } else if (name) warnings.push(`entry ${name} has no version`);
    cur = undefined;
  };
  const lines = content.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (line.trim() === '' || line.trimStart().startsWith('#')) continue;
    const indent = line.length - line.trimStart().length;
    if (indent === 0) {
      flush();
      if (!line.endsWith(':')) {
        warnings.push(`line ${i + 1}: unexpected top-level line`);
        continue;
      }
      const descriptors = splitDescriptors(line.slice(0, -1));
      const names = descriptors.map(descriptorName).filter((n): n is string => n !== undefined);
      cur = { names, fields: {}, deps: [] };
      inDeps = false;
      continue;
    }
    if (!cur) continue;
    const body = line.trim();
    if (indent <= 2) {
      inDeps = body === 'dependencies:' || body === 'optionalDependencies:';
      if (body.endsWith(':')) continue;
      const sp = body.search(/\s/);
      if (sp > 0) cur.fields[unquote(body.slice(0, sp))] = unquote(body.slice(sp + 1));
    } else if (inDeps) {
      const m = /^("(?:[^"\\]|\\.)*"|\S+)\s/.exec(body);
      if (m) cur.deps.push(unquote(m[1]));
    }
  }
  flush();
  return { entries, warnings };
}

function splitDescriptors(key: string): string[] {
  const out: string[] = [];
  const re = /"((?:[^"\\]|\\.)*)"|([^,\s][^,]*)/g;
  for (let m = re.exec(key); m; m = re.exec(key)) out.push((m[1] ?? m[2]).trim());
  return out;
}

function parseBerry(content: string): { entries: YarnEntry[]; warnings: string[] } {
  const yaml = parseYamlStrings(content);
  if (!yaml.ok) return { entries: [], warnings: [`invalid YAML: ${yaml.error}`] };
  const doc = yaml.value;
  if (!isRecord(doc)) return { entries: [], warnings: ['yarn.lock is not a mapping'] };
  const entries: YarnEntry[] = [];
  for (const [key, v] of Object.entries(doc)) {
    if (key === '__metadata' || !isRecord(v)) continue;
    const resolution = str(v.resolution) ?? '';
    // Workspaces, links and portals are the project's own code; `patch:` entries repeat the
    // package they patch, which is listed on its own.
    if (/@(workspace|link|portal|patch|file):/.test(resolution)) continue;
    const name = descriptorName(resolution) ?? descriptorName(splitDescriptors(key)[0] ?? '');
    const version = str(v.version);
    if (!name || !version) continue;
    entries.push({
      name,
      version,
      resolved: resolution || undefined,
      integrity: str(v.checksum),
      dependencies: keysOf(v.dependencies),
      format: 'berry',
    });
  }
  return { entries, warnings: [] };
}

export function addYarnLockPackages(content: string, out: OutputBuilder, layer?: LayerRef): void {
  const lock = parseYarnLock(content);
  for (const w of lock.warnings) out.warn(w);
  // Several descriptors resolve to the same version; the v1 format may repeat them in separate entries.
  const seen = new Set<string>();
  for (const e of lock.entries) {
    const key = `${e.name}@${e.version}`;
    if (seen.has(key)) continue;
    seen.add(key);
    addLockedNpmPackage(out, layer, 'yarn-lock', e, { resolved: e.resolved, integrity: e.integrity, yarnLockFormat: e.format });
  }
}
