/**
 * Alpine / Wolfi / Chainguard packages (apk).
 *
 * Format facts (`lib/apk/db/installed`, documented in the Alpine wiki "Apk spec"): one block per package,
 * blocks separated by a blank line, each line `<letter>:<value>`. Letters used here:
 *   P name, V version, A architecture, L license, o origin (the aport, i.e. source package),
 *   m maintainer, U url, D dependencies, p provides, F directory, R file (in the latest F directory).
 * `D:`/`p:` are space-separated; a dependency is `name`, `name<op>version`, `so:libfoo.so.1`,
 * `cmd:tool`, `pc:pkgconfig-name`, a path, or `!name` (a conflict). Other letters (C checksum,
 * Z file checksum, a/M ownership, ...) are ignored.
 */
import type { Analyzer, AnalyzerInput, AnalyzerOutput } from '../analyzer.js';
import type { LayerRef } from '../../image/fs-types.js';
import type { Package } from '../../sbom/package.js';
import { osPackagePurl } from '../os/finalize.js';

export const APK_INSTALLED_PATH = 'lib/apk/db/installed';

const MAX_WARNINGS = 20;

/** `musl>=1.2`, `so:libc.musl-x86_64.so.1=1`, `openssl@edge` → the provided or required name. */
function depKey(token: string): string {
  return token.replace(/@\S*$/, '').split(/[<>=~]/)[0];
}

interface Block {
  fields: [string, string][];
  line: number;
}

function splitBlocks(text: string, path: string, warn: (m: string) => void): Block[] {
  const blocks: Block[] = [];
  let cur: Block | undefined;
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].endsWith('\r') ? lines[i].slice(0, -1) : lines[i];
    if (line === '') {
      cur = undefined;
      continue;
    }
    if (line.length < 2 || line[1] !== ':') {
      warn(`${path}:${i + 1}: not a "<letter>:<value>" line`);
      continue;
    }
    if (!cur) {
      cur = { fields: [], line: i + 1 };
      blocks.push(cur);
    }
    cur.fields.push([line[0], line.slice(2)]);
  }
  return blocks;
}

export function parseApkInstalled(text: string, opts: { path: string; layer?: LayerRef }): { packages: Package[]; warnings: string[] } {
  const warnings: string[] = [];
  let dropped = 0;
  const warn = (m: string) => (warnings.length < MAX_WARNINGS ? warnings.push(m) : dropped++);
  const entries: { pkg: Package; deps: string[]; provides: string[] }[] = [];
  for (const block of splitBlocks(text, opts.path, warn)) {
    let name: string | undefined;
    let version: string | undefined;
    const pkgFields: Record<string, string> = {};
    const files: string[] = [];
    let dir = '';
    let deps: string[] = [];
    let provides: string[] = [];
    for (const [k, v] of block.fields) {
      switch (k) {
        case 'P': name = v; break;
        case 'V': version = v; break;
        case 'F': dir = v.replace(/^\/+|\/+$/g, ''); break;
        case 'R': files.push(dir ? `${dir}/${v}` : v); break;
        case 'D': deps = v.split(/\s+/).filter(Boolean); break;
        case 'p': provides = v.split(/\s+/).filter(Boolean).map(depKey); break;
        default: if ('ALomUc'.includes(k)) pkgFields[k] = v;
      }
    }
    if (!name || !version) {
      warn(`${opts.path}:${block.line}: package block without ${name ? 'V:' : 'P:'}, skipped`);
      continue;
    }
    const pkg: Package = {
      type: 'apk',
      name,
      version,
      purl: '',
      source: { name: pkgFields.o || name, version },
      licenses: pkgFields.L ? [pkgFields.L] : [],
      locations: [{ path: opts.path, ...(opts.layer ? { layer: opts.layer } : {}) }],
      foundBy: 'apk',
    };
    if (pkgFields.A) pkg.arch = pkgFields.A;
    pkg.purl = osPackagePurl(pkg);
    if (files.length > 0) pkg.files = files;
    const metadata: Record<string, unknown> = {};
    if (pkgFields.m) metadata.maintainer = pkgFields.m;
    if (pkgFields.U) metadata.url = pkgFields.U;
    if (pkgFields.c) metadata.commit = pkgFields.c;
    if (Object.keys(metadata).length > 0) pkg.metadata = metadata;
    entries.push({ pkg, deps, provides });
  }
  // Dependencies: by package name, else through another package's `p:` (so:/cmd:/pc: names);
  // conflicts (`!x`) and anything nothing installed provides are dropped.
  const byName = new Set(entries.map((e) => e.pkg.name));
  const providers = new Map<string, string>();
  for (const e of entries) for (const p of e.provides) if (!providers.has(p)) providers.set(p, e.pkg.name);
  for (const e of entries) {
    const out = new Set<string>();
    for (const token of e.deps) {
      if (token.startsWith('!')) continue;
      const key = depKey(token);
      // `so:`, `cmd:`, `pc:`, `py3.12:`... and paths name capabilities, never packages: only `p:` lines resolve them.
      const isProvider = key.includes(':') || key.startsWith('/');
      const target = !isProvider && byName.has(key) ? key : providers.get(key);
      if (target && target !== e.pkg.name) out.add(target);
    }
    if (out.size > 0) e.pkg.dependsOn = [...out];
  }
  if (dropped > 0) warnings.push(`... and ${dropped} more warnings`);
  return { packages: entries.map((e) => e.pkg), warnings };
}

export const apkAnalyzer: Analyzer = {
  name: 'apk',
  version: 1,
  maxBytes: 64 * 1024 * 1024,
  wants(path, info) {
    return path === APK_INSTALLED_PATH && (info.type === 'file' || info.type === 'hardlink');
  },
  analyze({ path, content, truncated, layer }: AnalyzerInput): AnalyzerOutput {
    let text = content.toString('utf8');
    if (truncated) {
      // The last block may be cut; keep complete blocks only.
      const end = text.lastIndexOf('\n\n');
      text = end === -1 ? '' : text.slice(0, end + 1);
    }
    const { packages, warnings } = parseApkInstalled(text, { path, layer });
    if (truncated) warnings.push(`${path}: file larger than the analyzer's limit, read partly; the last package may be missing`);
    const owned = packages.flatMap((p) => p.files ?? []);
    const out: AnalyzerOutput = { packages };
    if (owned.length > 0) out.ownedFiles = owned;
    if (warnings.length > 0) out.warnings = warnings;
    return out;
  },
};
