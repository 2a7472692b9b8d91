/**
 * Python cataloger: installed distributions.
 * - `X.dist-info/METADATA` (wheels, pip), `X.egg-info/PKG-INFO` (setuptools, Debian's
 *   dist-packages), single-file `X.egg-info`, and `X.egg/EGG-INFO/PKG-INFO` all hold the same
 *   RFC 822 style "core metadata" headers.
 * - `X.dist-info/RECORD` (CSV `path,hash,size`, paths relative to the site-packages directory) and
 *   `X.egg-info/installed-files.txt` (paths relative to the egg-info directory) list the files
 *   the distribution installed. They are separate files, so they are reported as `ownedFiles`,
 *   minus the metadata directory's own files (the package must not hide itself).
 */
import type { FileInfo } from '../../../image/fs-types.js';
import type { Analyzer, AnalyzerInput, AnalyzerOutput } from '../../analyzer.js';
import { basename, dirname, guarded, joinPath, type OutputBuilder, text } from './common.js';

export type PythonFileKind = 'metadata' | 'egg-info-file' | 'record' | 'installed-files';

export function pythonFileKind(path: string): PythonFileKind | undefined {
  const base = basename(path);
  const parent = basename(dirname(path));
  if (parent.endsWith('.dist-info')) {
    if (base === 'METADATA') return 'metadata';
    if (base === 'RECORD') return 'record';
    return undefined;
  }
  if (parent.endsWith('.egg-info') || parent === 'EGG-INFO') {
    if (base === 'PKG-INFO') return 'metadata';
    if (base === 'installed-files.txt') return 'installed-files';
    return undefined;
  }
  if (base.endsWith('.egg-info')) return 'egg-info-file';
  return undefined;
}

export function wantsPython(path: string, info: FileInfo): boolean {
  return info.type === 'file' && pythonFileKind(path) !== undefined;
}

/** PEP 503 normalised name: lower case, runs of `-`, `_`, `.` become one `-`. */
export function normalizePythonName(name: string): string {
  return name.replace(/[-_.]+/g, '-').toLowerCase();
}

/**
 * Headers of a core-metadata file: field name → values in order (`Classifier` repeats).
 * Continuation lines (leading whitespace) join the previous value with a newline; the body after
 * the first blank line (the long description) is ignored.
 */
export function parseCoreMetadata(content: string): Map<string, string[]> {
  const fields = new Map<string, string[]>();
  let last: { key: string; index: number } | undefined;
  for (const line of content.split(/\r?\n/)) {
    if (line === '') break;
    if (/^[ \t]/.test(line)) {
      if (last) {
        const values = fields.get(last.key)!;
        values[last.index] += `\n${line.trim()}`;
      }
      continue;
    }
    const colon = line.indexOf(':');
    if (colon <= 0) {
      last = undefined;
      continue;
    }
    const key = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    const values = fields.get(key) ?? [];
    values.push(value);
    fields.set(key, values);
    last = { key, index: values.length - 1 };
  }
  return fields;
}

/**
 * License strings in order of trust: `License-Expression` (SPDX, metadata 2.4), then a short
 * `License` field (some packages paste the whole license text there: that is not a name), then
 * the `License ::` trove classifiers' last segment (`MIT License`).
 */
export function pythonLicenses(fields: Map<string, string[]>): string[] {
  const expr = fields.get('license-expression')?.[0];
  if (expr) return [expr];
  const lic = fields.get('license')?.[0]?.trim();
  if (lic && !lic.includes('\n') && lic.length <= 120 && !/^unknown$/i.test(lic)) return [lic];
  const fromClassifiers: string[] = [];
  for (const c of fields.get('classifier') ?? []) {
    const parts = c.split('::').map((p) => p.trim());
    if (parts[0] === 'License' && parts.length > 1) {
      const last = parts[parts.length - 1];
      // `License :: OSI Approved` alone says nothing about which license.
      if (last !== 'OSI Approved') fromClassifiers.push(last);
    }
  }
  return fromClassifiers;
}

/** `requests (>=2.0) ; extra == "socks"` → undefined (optional extra); `idna<4,>=2.5` → `idna`. */
export function requirementName(req: string): string | undefined {
  if (/;.*\bextra\s*==/.test(req)) return undefined;
  const m = /^\s*([A-Za-z0-9][A-Za-z0-9._-]*)/.exec(req);
  return m ? normalizePythonName(m[1]) : undefined;
}

/** Name and version from a metadata directory or egg-info file name (`PyYAML-6.0.dist-info`, `foo-1.0-py3.11.egg-info`). */
export function nameVersionFromDir(dir: string): { name?: string; version?: string } {
  const stem = dir.replace(/\.(dist-info|egg-info|egg)$/, '');
  const parts = stem.split('-');
  return { name: parts[0] || undefined, version: parts[1] };
}

function addDistribution(file: AnalyzerInput, out: OutputBuilder, metaDir: string): void {
  const fields = parseCoreMetadata(text(file.content));
  const fromDir = nameVersionFromDir(basename(metaDir));
  const name = fields.get('name')?.[0] || fromDir.name;
  const version = fields.get('version')?.[0] || fromDir.version;
  if (!name || !version) {
    out.warn('core metadata without Name or Version');
    return;
  }
  const deps = (fields.get('requires-dist') ?? []).map(requirementName).filter((n): n is string => n !== undefined);
  out.add({
    type: 'pypi',
    name,
    version,
    purl: { name: normalizePythonName(name), version },
    licenses: pythonLicenses(fields),
    path: file.path,
    layer: file.layer,
    dependsOn: deps,
    foundBy: 'python-package',
    metadata: {
      metadataVersion: fields.get('metadata-version')?.[0],
      summary: fields.get('summary')?.[0],
      homePage: fields.get('home-page')?.[0],
      sitePackages: dirname(metaDir),
    },
  });
}

/** Files listed in a RECORD, as image paths. CSV: the path is the first column, quoted when it holds a comma. */
export function parseRecord(content: string, siteDir: string, metaDir: string): string[] {
  const files: string[] = [];
  for (const line of content.split(/\r?\n/)) {
    if (line.trim() === '') continue;
    let rel: string;
    if (line.startsWith('"')) {
      const m = /^"((?:[^"]|"")*)"/.exec(line);
      if (!m) continue;
      rel = m[1].replace(/""/g, '"');
    } else rel = line.split(',')[0];
    const abs = joinPath(siteDir, rel);
    if (abs !== undefined && abs !== metaDir && !abs.startsWith(`${metaDir}/`)) files.push(abs);
  }
  return files;
}

export const pythonAnalyzer: Analyzer = {
  name: 'python',
  version: 1,
  // METADATA embeds the long description (README); a few MiB at most.
  maxBytes: 16 * 1024 * 1024,
  wants: wantsPython,
  analyze(file: AnalyzerInput): AnalyzerOutput | undefined {
    return guarded(file, (out) => {
      const kind = pythonFileKind(file.path);
      const metaDir = kind === 'egg-info-file' ? file.path : dirname(file.path);
      switch (kind) {
        case 'metadata':
        case 'egg-info-file':
          addDistribution(file, out, metaDir);
          break;
        case 'record':
          if (file.truncated) out.warn('RECORD larger than the read limit; file list incomplete');
          out.ownedFiles = parseRecord(text(file.content), dirname(metaDir), metaDir);
          break;
        case 'installed-files':
          out.ownedFiles = parseRecord(text(file.content), metaDir, metaDir);
          break;
      }
    });
  },
};
