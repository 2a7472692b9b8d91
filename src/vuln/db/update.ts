/**
 * `db update`: download `<source>/<Ecosystem>/all.zip` for each ecosystem into a temp folder laid out
 * like the bucket, then import it (which swaps the DB in atomically). An ecosystem the source does
 * not publish (404) is a warning; any other failure fails the update and keeps the old DB, because a
 * DB silently missing Debian would turn into "0 vulnerabilities" on Debian images.
 */
import { createWriteStream, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import http, { type IncomingMessage } from 'node:http';
import https from 'node:https';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Transform } from 'node:stream';
import { InputError } from '../../errors.js';
import { DEFAULT_ECOSYSTEMS } from './ecosystem.js';
import { importOsv, removeStale, type ImportProgress, type ImportResult } from './import.js';

export const DEFAULT_SOURCE = 'https://osv-vulnerabilities.storage.googleapis.com';
/** Upstream Debian's all.zip is the largest at a few hundred MiB; anything past this is not an OSV export. */
export const DEFAULT_MAX_BYTES = 2 * 1024 * 1024 * 1024;
const DEFAULT_TIMEOUT_MS = 60_000;
const PARALLEL = 4;

export type UpdateProgress = { phase: 'download'; ecosystem: string; bytes: number } | ({ phase: 'import' } & ImportProgress);

export interface UpdateOptions {
  dbPath: string;
  source?: string;
  ecosystems?: string[];
  /** Per-ecosystem download cap. */
  maxBytes?: number;
  /** Socket inactivity limit. */
  timeoutMs?: number;
  warn?: (message: string) => void;
  onProgress?: (p: UpdateProgress) => void;
}

export interface UpdateResult extends ImportResult {
  /** Ecosystems the source answered 404 for. */
  missing: string[];
  downloadedBytes: number;
}

class HttpStatusError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
  }
}

function get(url: string, timeoutMs: number, redirects = 5): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    const u = new URL(url);
    const mod = u.protocol === 'https:' ? https : u.protocol === 'http:' ? http : undefined;
    if (!mod) return reject(new Error(`unsupported URL scheme ${u.protocol}`));
    const req = mod.get(u, { timeout: timeoutMs, headers: { 'user-agent': 'leftshift-db-update' } }, (res) => {
      const status = res.statusCode ?? 0;
      if (status >= 300 && status < 400 && res.headers.location && redirects > 0) {
        res.resume();
        resolve(get(new URL(res.headers.location, u).toString(), timeoutMs, redirects - 1));
        return;
      }
      if (status !== 200) {
        res.resume();
        reject(new HttpStatusError(status, `HTTP ${status}${res.statusMessage ? ' ' + res.statusMessage : ''}`));
        return;
      }
      resolve(res);
    });
    req.on('timeout', () => req.destroy(new Error(`no response for ${timeoutMs / 1000}s`)));
    req.on('error', reject);
  });
}

async function download(url: string, file: string, maxBytes: number, timeoutMs: number, onBytes: (n: number) => void): Promise<number> {
  const res = await get(url, timeoutMs);
  const declared = Number(res.headers['content-length']);
  if (Number.isFinite(declared) && declared > maxBytes) {
    res.destroy();
    throw new Error(`${declared} bytes is over the ${maxBytes}-byte cap`);
  }
  let bytes = 0;
  const cap = new Transform({
    transform(chunk: Buffer, _enc, done) {
      bytes += chunk.length;
      if (bytes > maxBytes) return done(new Error(`download passed the ${maxBytes}-byte cap`));
      onBytes(bytes);
      done(null, chunk);
    },
  });
  // The socket timeout set on the request also covers stalls while the body streams.
  await pipeline(res, cap, createWriteStream(file));
  if (Number.isFinite(declared) && bytes !== declared) throw new Error(`truncated: got ${bytes} of ${declared} bytes`);
  return bytes;
}

export async function updateVulnDb(options: UpdateOptions): Promise<UpdateResult> {
  const source = (options.source ?? DEFAULT_SOURCE).replace(/\/+$/, '');
  const ecosystems = options.ecosystems?.length ? options.ecosystems : [...DEFAULT_ECOSYSTEMS];
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const warn = options.warn ?? (() => {});
  const dbDir = path.dirname(path.resolve(options.dbPath));
  mkdirSync(dbDir, { recursive: true });
  removeStale(dbDir, 'download-', /^-\w+$/);
  // Next to the DB rather than in $TMPDIR: same filesystem, and often a bigger one than a tmpfs /tmp.
  const work = mkdtempSync(path.join(dbDir, `download-${process.pid}-`));
  const missing: string[] = [];
  const failures: string[] = [];
  let downloadedBytes = 0;
  try {
    const queue = [...ecosystems];
    const worker = async () => {
      for (let eco = queue.shift(); eco !== undefined; eco = queue.shift()) {
        const url = `${source}/${encodeURIComponent(eco)}/all.zip`;
        const dir = path.join(work, eco);
        mkdirSync(dir, { recursive: true });
        try {
          downloadedBytes += await download(url, path.join(dir, 'all.zip'), maxBytes, timeoutMs, (bytes) =>
            options.onProgress?.({ phase: 'download', ecosystem: eco!, bytes }),
          );
        } catch (e) {
          rmSync(dir, { recursive: true, force: true });
          if (e instanceof HttpStatusError && e.status === 404) {
            missing.push(eco);
            warn(`${eco}: not published at ${url} (404); the database will have no ${eco} advisories`);
          } else {
            const code = (e as NodeJS.ErrnoException).code;
            failures.push(`${eco}: ${url}: ${(e as Error).message}${code && !(e as Error).message.includes(code) ? ` (${code})` : ''}`);
          }
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(PARALLEL, ecosystems.length) }, worker));
    if (failures.length > 0) {
      throw new InputError(`db update failed for ${failures.length} ecosystem(s):\n  ${failures.join('\n  ')}`, 'the existing database was left unchanged');
    }
    if (missing.length === ecosystems.length) {
      throw new InputError(`db update: ${source} has none of the requested ecosystems (${ecosystems.join(', ')})`, 'check --source and --ecosystems');
    }
    const result = importOsv(work, {
      dbPath: options.dbPath,
      source,
      extraMeta: { missing_ecosystems: JSON.stringify(missing.sort()), requested_ecosystems: JSON.stringify(ecosystems) },
      onProgress: options.onProgress && ((p) => options.onProgress!({ phase: 'import', ...p })),
    });
    return { ...result, missing, downloadedBytes };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
