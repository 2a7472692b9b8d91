import { join } from 'node:path';
import type { ContextEntry, FileSecretFacts } from '../dockerfile/context-facts.js';
import { decodeText, scanBuffer } from '../analyze/secret/engine.js';
import { classifySensitivePath } from '../analyze/secret/filenames.js';
import { readForSecretScan } from './read-text.js';

export interface ContextSecretOptions {
  /** Bytes read per file at most (default 10 MiB); the rest of a larger file is not read. */
  maxBytes?: number;
  onProgress?: (done: number, total: number) => void;
  warnings: string[];
}

const DEFAULT_MAX = 10 * 1024 * 1024;
const CONCURRENCY = 16;

/**
 * Reads the given context files (only those a COPY/ADD selects) and runs the shared secret engine
 * on each, plus the file-name classifier. Binary files are skipped after their first 8 KiB.
 */
export async function scanContextSecrets(dir: string, files: ContextEntry[], opts: ContextSecretOptions): Promise<Map<string, FileSecretFacts>> {
  const out = new Map<string, FileSecretFacts>();
  const maxBytes = opts.maxBytes ?? DEFAULT_MAX;
  let next = 0;
  let done = 0;
  const worker = async () => {
    while (next < files.length) {
      const file = files[next++]!;
      const facts = await scanOne(dir, file, maxBytes, opts.warnings);
      if (facts) out.set(file.path, facts);
      done++;
      if (done % 64 === 0) opts.onProgress?.(done, files.length);
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, files.length) }, worker));
  return out;
}

async function scanOne(dir: string, file: ContextEntry, maxBytes: number, warnings: string[]): Promise<FileSecretFacts | undefined> {
  let buf: Buffer;
  let truncated = false;
  let binary = false;
  try {
    const r = await readForSecretScan(join(dir, file.path), maxBytes);
    buf = r.buffer;
    truncated = r.truncated;
    binary = r.binary;
  } catch (e) {
    warnings.push(`cannot read ${file.path}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
    return undefined;
  }
  const classified = classifySensitivePath(file.path);
  let sensitive: FileSecretFacts['sensitive'];
  if (classified) {
    const text = binary ? '' : decodeText(buf);
    const confirmed = classified.confirm ? classified.confirm(text) : true;
    if (confirmed) sensitive = { id: classified.id, title: classified.title, severity: classified.severity, reason: classified.reason };
  }
  const matches = binary ? [] : scanBuffer(buf, { path: file.path, maxBytes });
  if (truncated) warnings.push(`${file.path}: only the first ${maxBytes} bytes were scanned for secrets`);
  if (!sensitive && matches.length === 0) return undefined;
  return { sensitive, matches };
}
