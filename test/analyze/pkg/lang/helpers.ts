/** Test helpers: a miniature of the image walker over a real directory, and input builders. */
import assert from 'node:assert/strict';
import { lstatSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TestContext } from 'node:test';
import type { Analyzer, AnalyzerInput, AnalyzerOutput } from '../../../../src/analyze/analyzer.js';
import type { FileInfo, LayerRef } from '../../../../src/image/fs-types.js';
import type { Package } from '../../../../src/sbom/package.js';
import type { Fixture } from './make-fixtures.js';

export const LAYER: LayerRef = { index: 0, diffID: 'sha256:0000000000000000000000000000000000000000000000000000000000000000' };

export function fileInfo(path: string, size: number, mode = 0o644, type: FileInfo['type'] = 'file'): FileInfo {
  return { path, type, mode, uid: 0, gid: 0, size };
}

export function input(path: string, content: Buffer | string, opts: { mode?: number; truncated?: boolean } = {}): AnalyzerInput {
  const buf = typeof content === 'string' ? Buffer.from(content) : content;
  return { path, info: fileInfo(path, buf.length, opts.mode), content: buf, truncated: opts.truncated ?? false, layer: LAYER };
}

/** Runs an analyzer on one input, awaiting it and checking the JSON-serialisable contract. */
export async function analyze(a: Analyzer, inp: AnalyzerInput): Promise<AnalyzerOutput> {
  const out = (await a.analyze(inp)) ?? {};
  assert.deepEqual(JSON.parse(JSON.stringify(out)), out, 'analyzer output must survive a JSON round trip (layer cache)');
  return out;
}

/**
 * Walks `root` like the layer walker walks a tar: every entry gets `wants(path, info)` with an
 * image-relative path (`prefix/...`), and wanted regular files are analysed with content up to
 * `maxBytes`. Returns all outputs' packages, owned files and warnings.
 */
export async function walkAnalyze(a: Analyzer, root: string, prefix: string): Promise<{ packages: Package[]; ownedFiles: string[]; warnings: string[]; seen: string[] }> {
  const packages: Package[] = [];
  const ownedFiles: string[] = [];
  const warnings: string[] = [];
  const seen: string[] = [];
  const max = a.maxBytes ?? 8 * 1024 * 1024;
  const visit = async (abs: string, rel: string) => {
    const st = lstatSync(abs);
    const type: FileInfo['type'] = st.isSymbolicLink() ? 'symlink' : st.isDirectory() ? 'dir' : st.isFile() ? 'file' : 'fifo';
    const info = { ...fileInfo(rel, st.size, st.mode & 0o7777, type) };
    if (rel !== prefix && a.wants(rel, info) && type === 'file') {
      seen.push(rel);
      const buf = readFileSync(abs);
      const out = await analyze(a, { path: rel, info, content: buf.subarray(0, max), truncated: buf.length > max, layer: LAYER });
      packages.push(...(out.packages ?? []));
      ownedFiles.push(...(out.ownedFiles ?? []));
      warnings.push(...(out.warnings ?? []));
    }
    if (type === 'dir') for (const e of readdirSync(abs).sort()) await visit(join(abs, e), `${rel}/${e}`);
  };
  await visit(root, prefix);
  return { packages, ownedFiles, warnings, seen };
}

/** The fixture's directory, or skips the test with the reason it could not be built. */
export function need(t: TestContext, f: Fixture): string | undefined {
  if ('skip' in f) {
    t.skip(f.skip);
    return undefined;
  }
  return f.dir;
}

export function ids(pkgs: Array<{ name: string; version: string }>): string[] {
  return [...new Set(pkgs.map((p) => `${p.name}@${p.version}`))].sort();
}
