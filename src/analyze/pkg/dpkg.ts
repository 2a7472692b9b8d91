/**
 * Debian packages (dpkg).
 *
 * Format facts (deb-control(5), dpkg(1), deb-src-control(5), copyright-format 1.0):
 * - `var/lib/dpkg/status`: RFC 822-style stanzas separated by blank lines; `Field: value`, continuation
 *   lines start with a space or tab. `Status: <want> <flag> <state>`.
 * - Distroless images have no status file but `var/lib/dpkg/status.d/<name>`, one stanza per file, and
 *   `status.d/<name>.md5sums` (`<md5>  <path>` lines) listing the package's files.
 * - `var/lib/dpkg/info/<pkg>[:<arch>].list`: the paths a package installed, absolute, directories included
 *   (the `:<arch>` suffix appears for `Multi-Arch: same` packages).
 * - `Source: name (version)`: the source package, with its version only when it differs from the binary's.
 * - The status file records no license; `usr/share/doc/<pkg>/copyright` does, in `License:` fields when the
 *   file is machine-readable (DEP-5), otherwise usually by pointing at `/usr/share/common-licenses/<name>`.
 *
 * Three analyzers read these; their results meet in `mergeDpkgExtras`, after the layers are merged.
 */
import type { Analyzer, AnalyzerInput, AnalyzerOutput } from '../analyzer.js';
import type { LayerRef } from '../../image/fs-types.js';
import type { Package } from '../../sbom/package.js';
import { osPackagePurl } from '../os/finalize.js';

export const DPKG_STATUS_PATH = 'var/lib/dpkg/status';
export const DPKG_STATUS_D = 'var/lib/dpkg/status.d/';
const DPKG_INFO = 'var/lib/dpkg/info/';
const DOC_DIR = 'usr/share/doc/';

/** Fact kinds the file analyzers emit for mergeDpkgExtras. */
export const DPKG_FILES_FACT = 'dpkg-files';
export const DPKG_COPYRIGHT_FACT = 'dpkg-copyright';

export interface DpkgFilesFact {
  package: string;
  /** From `<pkg>:<arch>.list`, to tell Multi-Arch: same packages apart. */
  arch?: string;
  files: string[];
}

export interface DpkgCopyrightFact {
  package: string;
  licenses: string[];
}

const MAX_WARNINGS = 20;

/** Collects warnings without letting a garbage file produce thousands of them. */
class Warnings {
  readonly list: string[] = [];
  private dropped = 0;
  add(msg: string): void {
    if (this.list.length < MAX_WARNINGS) this.list.push(msg);
    else this.dropped++;
  }
  done(): string[] {
    if (this.dropped > 0) this.list.push(`... and ${this.dropped} more warnings`);
    return this.list;
  }
}

interface Stanza {
  /** Field names lower-cased (deb-control field names are case-insensitive). */
  fields: Map<string, string>;
  /** 1-based line of the stanza's first line, for warnings. */
  line: number;
}

/** Splits control-file text into stanzas. Lines that are neither fields nor continuations are reported. */
export function parseStanzas(text: string, path: string, warnings: { add(msg: string): void }): Stanza[] {
  const stanzas: Stanza[] = [];
  let current: Stanza | undefined;
  let lastField: string | undefined;
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].endsWith('\r') ? lines[i].slice(0, -1) : lines[i];
    if (line.trim() === '') {
      current = undefined;
      lastField = undefined;
      continue;
    }
    if (line[0] === ' ' || line[0] === '\t') {
      if (current && lastField) {
        current.fields.set(lastField, current.fields.get(lastField) + '\n' + line.slice(1));
      } else {
        warnings.add(`${path}:${i + 1}: continuation line outside a field`);
      }
      continue;
    }
    const colon = line.indexOf(':');
    const name = colon > 0 ? line.slice(0, colon) : '';
    // Field names are printable US-ASCII without spaces or colons (deb822).
    if (!name || !/^[\x21-\x39\x3b-\x7e]+$/.test(name)) {
      warnings.add(`${path}:${i + 1}: not a "Field: value" line`);
      lastField = undefined;
      continue;
    }
    if (!current) {
      current = { fields: new Map(), line: i + 1 };
      stanzas.push(current);
    }
    lastField = name.toLowerCase();
    current.fields.set(lastField, line.slice(colon + 1).trim());
  }
  return stanzas;
}

/** States in which the package's files are on disk. `not-installed` and `config-files` leave none. */
const FILES_ON_DISK = new Set(['installed', 'unpacked', 'half-configured', 'half-installed', 'triggers-awaited', 'triggers-pending']);

/** One alternative of a dependency: the name, without version, architecture or profile restrictions. */
function depName(alt: string): string {
  return alt
    .replace(/\([^)]*\)/g, '')
    .replace(/\[[^\]]*\]/g, '')
    .replace(/<[^>]*>/g, '')
    .trim()
    .split(/\s+/)[0]
    .replace(/:[a-z0-9-]+$/, ''); // `python3:any`, `libc6:amd64`
}

/** `a (>= 1), b | c` → [['a'], ['b', 'c']]. */
export function parseDependencyGroups(value: string | undefined): string[][] {
  if (!value) return [];
  return value
    .split(',')
    .map((g) => g.split('|').map(depName).filter(Boolean))
    .filter((g) => g.length > 0);
}

/** `Source: glibc (2.36-9+deb12u4)` → { name: 'glibc', version: '2.36-9+deb12u4' }. */
export function parseSourceField(value: string | undefined): { name: string; version?: string } | undefined {
  if (!value) return undefined;
  const m = /^(\S+)(?:\s+\(([^)]+)\))?/.exec(value.trim());
  if (!m) return undefined;
  return m[2] ? { name: m[1], version: m[2].trim() } : { name: m[1] };
}

interface ParseOptions {
  path: string;
  layer?: LayerRef;
  /**
   * Set for a distroless status.d file: its name stands in for a missing `Package:` (files are named
   * after their package), `Status:` may be absent (only installed packages get a file), and dependencies
   * stay unresolved (the other packages are in other files).
   */
  statusD?: { fileName: string };
}

/**
 * Packages of a status file (or one status.d file). Dependencies are resolved against the packages of
 * the same file: an alternative group `a | b` becomes the first installed alternative, a virtual package
 * becomes its installed provider, and dependencies on packages not installed are dropped. A status.d
 * file holds one package, so there the first alternative is kept as written.
 */
export function parseDpkgStatus(text: string, opts: ParseOptions): { packages: Package[]; warnings: string[] } {
  const warnings = new Warnings();
  const stanzas = parseStanzas(text, opts.path, warnings);
  const entries: { pkg: Package; groups: string[][] }[] = [];
  for (const st of stanzas) {
    const f = st.fields;
    const name = f.get('package') ?? opts.statusD?.fileName;
    const version = f.get('version');
    if (!name || !version) {
      warnings.add(`${opts.path}:${st.line}: stanza without ${name ? 'Version' : 'Package'}, skipped`);
      continue;
    }
    const status = f.get('status');
    if (status === undefined && !opts.statusD) {
      warnings.add(`${opts.path}:${st.line}: package ${name} has no Status, skipped`);
      continue;
    }
    const state = status?.split(/\s+/)[2];
    if (status !== undefined && !FILES_ON_DISK.has(state ?? '')) continue;
    const arch = f.get('architecture');
    const src = parseSourceField(f.get('source'));
    const pkg: Package = {
      type: 'deb',
      name,
      version,
      purl: '',
      source: { name: src?.name ?? name, version: src?.version ?? version },
      licenses: [],
      locations: [{ path: opts.path, ...(opts.layer ? { layer: opts.layer } : {}) }],
      foundBy: 'dpkg',
    };
    if (arch) pkg.arch = arch;
    pkg.purl = osPackagePurl(pkg);
    const metadata: Record<string, unknown> = {};
    const maintainer = f.get('maintainer');
    if (maintainer) metadata.maintainer = maintainer;
    const size = Number(f.get('installed-size'));
    if (Number.isFinite(size) && size > 0) metadata.installedSizeKiB = size;
    if (state && state !== 'installed') metadata.status = status;
    const provides = parseDependencyGroups(f.get('provides')).flat();
    if (provides.length > 0) metadata.provides = provides;
    if (Object.keys(metadata).length > 0) pkg.metadata = metadata;
    entries.push({ pkg, groups: [...parseDependencyGroups(f.get('pre-depends')), ...parseDependencyGroups(f.get('depends'))] });
  }
  resolveDependencies(entries, !opts.statusD);
  return { packages: entries.map((e) => e.pkg), warnings: warnings.done() };
}

function resolveDependencies(entries: { pkg: Package; groups: string[][] }[], resolve: boolean): void {
  const installed = new Set(entries.map((e) => e.pkg.name));
  const providers = new Map<string, string>();
  for (const e of entries) {
    for (const p of (e.pkg.metadata?.provides as string[] | undefined) ?? []) if (!providers.has(p)) providers.set(p, e.pkg.name);
  }
  for (const e of entries) {
    const deps = new Set<string>();
    for (const group of e.groups) {
      let chosen: string | undefined;
      if (!resolve) chosen = group[0];
      else {
        chosen = group.find((n) => installed.has(n));
        if (!chosen) for (const n of group) if ((chosen = providers.get(n))) break;
      }
      if (chosen && chosen !== e.pkg.name) deps.add(chosen);
    }
    if (deps.size > 0) e.pkg.dependsOn = [...deps];
  }
}

function truncationWarning(path: string): string {
  return `${path}: file larger than the analyzer's limit, read partly; the last package may be missing`;
}

/** Drops the possibly cut last stanza of a truncated file. */
function cutToLastStanza(text: string): string {
  const end = text.lastIndexOf('\n\n');
  return end === -1 ? '' : text.slice(0, end + 1);
}

/** `var/lib/dpkg/status` and distroless `var/lib/dpkg/status.d/<name>`. */
export const dpkgStatusAnalyzer: Analyzer = {
  name: 'dpkg',
  version: 1,
  maxBytes: 64 * 1024 * 1024,
  wants(path, info) {
    if (info.type !== 'file' && info.type !== 'hardlink') return false;
    if (path === DPKG_STATUS_PATH) return true;
    if (!path.startsWith(DPKG_STATUS_D)) return false;
    const base = path.slice(DPKG_STATUS_D.length);
    return base !== '' && !base.includes('/') && !base.endsWith('.md5sums') && !base.startsWith('.');
  },
  analyze({ path, content, truncated, layer }: AnalyzerInput): AnalyzerOutput {
    let text = content.toString('utf8');
    if (truncated) text = cutToLastStanza(text);
    const statusD = path.startsWith(DPKG_STATUS_D);
    const { packages, warnings } = parseDpkgStatus(text, {
      path,
      layer,
      ...(statusD ? { statusD: { fileName: path.slice(DPKG_STATUS_D.length) } } : {}),
    });
    if (truncated) warnings.push(truncationWarning(path));
    const out: AnalyzerOutput = { packages };
    if (warnings.length > 0) out.warnings = warnings;
    return out;
  },
};

/** `libc6:amd64.list` → { package: 'libc6', arch: 'amd64' }. */
function nameFromListFile(base: string, suffix: string): { package: string; arch?: string } {
  const stem = base.slice(0, -suffix.length);
  const colon = stem.indexOf(':');
  return colon === -1 ? { package: stem } : { package: stem.slice(0, colon), arch: stem.slice(colon + 1) };
}

/** Normalises a recorded path: relative, no leading `/`; `/.` (the root) is dropped. */
function cleanPath(p: string): string {
  const clean = p.replace(/^\.?\/+/, '').replace(/\/+$/, '');
  return clean === '.' ? '' : clean;
}

/**
 * Entries that are not a parent directory of another entry. `.list` files do not say which entries are
 * directories; `ownedFiles` must not claim whole trees such as `usr/lib`.
 */
export function leafPaths(paths: readonly string[]): string[] {
  const parents = new Set<string>();
  for (const p of paths) {
    for (let i = p.indexOf('/'); i !== -1; i = p.indexOf('/', i + 1)) parents.add(p.slice(0, i));
  }
  return paths.filter((p) => !parents.has(p));
}

/** `var/lib/dpkg/info/*.list` and distroless `status.d/*.md5sums`: the files each package owns. */
export const dpkgFilesAnalyzer: Analyzer = {
  name: 'dpkg-files',
  version: 1,
  maxBytes: 32 * 1024 * 1024,
  wants(path, info) {
    if (info.type !== 'file' && info.type !== 'hardlink') return false;
    if (path.startsWith(DPKG_INFO)) return path.endsWith('.list') && !path.slice(DPKG_INFO.length).includes('/');
    return path.startsWith(DPKG_STATUS_D) && path.endsWith('.md5sums') && !path.slice(DPKG_STATUS_D.length).includes('/');
  },
  analyze({ path, content, truncated }: AnalyzerInput): AnalyzerOutput | undefined {
    const md5 = path.endsWith('.md5sums');
    const base = path.slice(path.lastIndexOf('/') + 1);
    const id = nameFromListFile(base, md5 ? '.md5sums' : '.list');
    const files: string[] = [];
    const seen = new Set<string>();
    const lines = content.toString('utf8').split('\n');
    if (truncated) lines.pop(); // the last line may be cut
    for (const raw of lines) {
      const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
      if (!line) continue;
      // md5sums lines are `<32 hex>  <path relative to />`.
      const p = cleanPath(md5 ? line.replace(/^[0-9a-f]{32}\s+/, '') : line);
      if (p && !seen.has(p)) {
        seen.add(p);
        files.push(p);
      }
    }
    if (files.length === 0) return undefined;
    const fact: DpkgFilesFact = { ...id, files };
    const out: AnalyzerOutput = { ownedFiles: leafPaths(files), facts: { [DPKG_FILES_FACT]: fact } };
    if (truncated) out.warnings = [`${path}: file larger than the analyzer's limit, owned files incomplete`];
    return out;
  },
};

/**
 * License names from a copyright file: DEP-5 `License:` synopses in order of appearance; for other
 * files, the `/usr/share/common-licenses/<name>` references Debian policy asks them to make.
 */
export function parseCopyright(text: string): string[] {
  const out = new Set<string>();
  const dep5 = /^Format(-Specification)?:.*(copyright-format|dep5|DEP-5)/im.test(text.slice(0, 2048));
  if (dep5) {
    for (const m of text.matchAll(/^License:[ \t]*(.*)$/gim)) {
      const synopsis = m[1].trim();
      if (synopsis) out.add(synopsis);
    }
  }
  if (out.size === 0) {
    for (const m of text.matchAll(/\/usr\/share\/common-licenses\/([A-Za-z0-9][A-Za-z0-9.+_-]*[A-Za-z0-9+])/g)) out.add(m[1]);
  }
  return [...out];
}

/** `usr/share/doc/<pkg>/copyright`. */
export const dpkgCopyrightAnalyzer: Analyzer = {
  name: 'dpkg-copyright',
  version: 1,
  maxBytes: 4 * 1024 * 1024,
  wants(path, info) {
    if (info.type !== 'file' && info.type !== 'hardlink') return false;
    if (!path.startsWith(DOC_DIR) || !path.endsWith('/copyright')) return false;
    const middle = path.slice(DOC_DIR.length, -'/copyright'.length);
    return middle !== '' && !middle.includes('/');
  },
  analyze({ path, content }: AnalyzerInput): AnalyzerOutput | undefined {
    const licenses = parseCopyright(content.toString('utf8'));
    if (licenses.length === 0) return undefined;
    const fact: DpkgCopyrightFact = { package: path.slice(DOC_DIR.length, -'/copyright'.length), licenses };
    return { facts: { [DPKG_COPYRIGHT_FACT]: fact } };
  },
};

export const DPKG_ANALYZERS: readonly Analyzer[] = [dpkgStatusAnalyzer, dpkgFilesAnalyzer, dpkgCopyrightAnalyzer];

/**
 * Adds files (`.list`/`.md5sums`) and licenses (copyright files) to the deb packages, matching by name
 * (and architecture when the `.list` name carries one). `outputs` are the effective outputs of the final
 * filesystem. Returns new package objects; packages without extras are returned as they were.
 */
export function mergeDpkgExtras(packages: readonly Package[], outputs: readonly AnalyzerOutput[]): Package[] {
  const files = new Map<string, DpkgFilesFact[]>();
  const licenses = new Map<string, string[]>();
  for (const o of outputs) {
    const f = o.facts?.[DPKG_FILES_FACT] as DpkgFilesFact | undefined;
    if (f) files.set(f.package, [...(files.get(f.package) ?? []), f]);
    const c = o.facts?.[DPKG_COPYRIGHT_FACT] as DpkgCopyrightFact | undefined;
    if (c) licenses.set(c.package, c.licenses);
  }
  return packages.map((pkg) => {
    if (pkg.type !== 'deb') return pkg;
    const lic = licenses.get(pkg.name);
    const candidates = files.get(pkg.name) ?? [];
    const own = candidates.find((f) => f.arch !== undefined && f.arch === pkg.arch) ?? candidates.find((f) => f.arch === undefined) ?? (candidates.length === 1 ? candidates[0] : undefined);
    if (!lic && !own) return pkg;
    const out: Package = { ...pkg };
    if (lic && pkg.licenses.length === 0) out.licenses = [...lic];
    if (own) out.files = [...own.files];
    return out;
  });
}
