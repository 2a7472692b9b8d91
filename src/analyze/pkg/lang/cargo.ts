/**
 * Rust dependency records: the `.dep-v0` section cargo-auditable links into binaries, and
 * `Cargo.lock` files.
 *
 * `.dep-v0` (documented by the cargo-auditable project): zlib-compressed JSON
 * `{"packages": [{name, version, source, kind?, dependencies?, root?}]}` where `dependencies` are
 * indices into `packages`, `kind` is `build` or `runtime` (absent = runtime), `root` marks the crate
 * the binary was built from and `source` is `crates.io`, `local`, `git`, `registry` or `other`.
 *
 * `Cargo.lock` is TOML, but cargo always writes the same fixed shape: comment lines, `version = N`,
 * then `[[package]]` tables whose values are basic strings or (possibly multi-line) arrays of
 * strings, and in format v1 a `[metadata]` table of checksums. No TOML package is installed, so a
 * line parser for exactly that shape lives here; anything else is skipped, not misread.
 */
import { inflateSync } from 'node:zlib';
import { errorMessage, isRecord, str } from './common.js';
import { findSection, readElf, sectionData } from './elf.js';

/** The JSON of real binaries is a few KiB to a few hundred; anything past this is a bomb. */
const MAX_DEP_JSON = 32 * 1024 * 1024;

export interface RustCrate {
  name: string;
  version: string;
  source?: string;
  kind?: string;
  root?: boolean;
  checksum?: string;
  dependencies: string[];
}

/** `undefined`: not an ELF with a `.dep-v0` section; `{error}`: one that cannot be read. */
export function readCargoAuditable(buf: Buffer): RustCrate[] | undefined | { error: string } {
  const elf = readElf(buf);
  if (typeof elf === 'string') return { error: elf };
  const section = findSection(elf, '.dep-v0');
  if (!section) return undefined;
  const data = sectionData(buf, section);
  if (typeof data === 'string') return { error: data };
  let json: Buffer;
  try {
    json = inflateSync(data, { maxOutputLength: MAX_DEP_JSON });
  } catch (err) {
    return { error: `.dep-v0 is not valid zlib data: ${errorMessage(err)}` };
  }
  return parseAuditableJson(json.toString('utf8'));
}

export function parseAuditableJson(text: string): RustCrate[] | { error: string } {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    return { error: `.dep-v0 JSON: ${errorMessage(err)}` };
  }
  if (!isRecord(doc) || !Array.isArray(doc.packages)) return { error: '.dep-v0 JSON has no packages array' };
  const raw = doc.packages.filter(isRecord);
  const names = raw.map((p) => str(p.name) ?? '');
  const crates: RustCrate[] = [];
  for (const p of raw) {
    const name = str(p.name);
    const version = str(p.version);
    if (!name || !version) continue;
    const deps = Array.isArray(p.dependencies) ? p.dependencies : [];
    crates.push({
      name,
      version,
      source: str(p.source),
      kind: str(p.kind) ?? 'runtime',
      root: p.root === true ? true : undefined,
      dependencies: deps.filter((i): i is number => Number.isInteger(i) && i >= 0 && i < names.length).map((i) => names[i]),
    });
  }
  return crates;
}

export function parseCargoLock(text: string): { crates: RustCrate[]; version?: number; warnings: string[] } {
  const crates: RustCrate[] = [];
  const warnings: string[] = [];
  let version: number | undefined;
  let current: Record<string, string | string[]> | undefined;
  let table = '';
  let arrayKey: string | undefined;
  let arrayItems: string[] = [];

  const flush = () => {
    if (!current) return;
    const name = typeof current.name === 'string' ? current.name : undefined;
    const ver = typeof current.version === 'string' ? current.version : undefined;
    if (name && ver) {
      const deps = Array.isArray(current.dependencies) ? current.dependencies : [];
      crates.push({
        name,
        version: ver,
        source: typeof current.source === 'string' ? current.source : undefined,
        checksum: typeof current.checksum === 'string' ? current.checksum : undefined,
        // Entries are `name`, `name version` or `name version (source)` when ambiguous.
        dependencies: deps.map((d) => d.split(' ')[0]),
      });
    } else warnings.push('[[package]] without name or version');
    current = undefined;
  };

  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].trim();
    if (arrayKey !== undefined) {
      if (line.startsWith(']')) {
        if (current && table === 'package') current[arrayKey] = arrayItems;
        arrayKey = undefined;
      } else arrayItems.push(...stringsIn(line));
      continue;
    }
    if (line === '' || line.startsWith('#')) continue;
    if (line.startsWith('[')) {
      flush();
      table = line === '[[package]]' ? 'package' : line;
      if (table === 'package') current = {};
      continue;
    }
    const m = /^([A-Za-z0-9_-]+)\s*=\s*(.*)$/.exec(line);
    if (!m) {
      warnings.push(`line ${i + 1}: not a key = value line`);
      continue;
    }
    const [, key, value] = m;
    if (value.startsWith('[')) {
      if (value.trimEnd().endsWith(']')) {
        if (current && table === 'package') current[key] = stringsIn(value);
      } else {
        arrayKey = key;
        arrayItems = stringsIn(value.slice(1));
      }
      continue;
    }
    const s = basicString(value);
    if (table === '' && key === 'version') version = Number(value) || undefined;
    else if (current && table === 'package' && s !== undefined) current[key] = s;
  }
  flush();
  return { crates, version, warnings };
}

/** The basic (double-quoted) TOML strings on a line. */
function stringsIn(s: string): string[] {
  const out: string[] = [];
  const re = /"((?:[^"\\]|\\.)*)"/g;
  for (let m = re.exec(s); m; m = re.exec(s)) out.push(unescape(m[1]));
  return out;
}

function basicString(s: string): string | undefined {
  const m = /^"((?:[^"\\]|\\.)*)"\s*(#.*)?$/.exec(s.trim());
  return m ? unescape(m[1]) : undefined;
}

function unescape(s: string): string {
  return s.replace(/\\(u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|.)/g, (_, e: string) => {
    if (e.length > 1) return String.fromCodePoint(parseInt(e.slice(1), 16));
    return ({ n: '\n', t: '\t', r: '\r', b: '\b', f: '\f' } as Record<string, string>)[e] ?? e;
  });
}
