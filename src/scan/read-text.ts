import { open } from 'node:fs/promises';
import { InputError } from '../errors.js';

export interface ReadResult {
  buffer: Buffer;
  /** True when the file was longer than the cap and only its start was read. */
  truncated: boolean;
  size: number;
}

/**
 * Reads at most `maxBytes` of a file without loading the rest: huge files in a build context
 * (database dumps, videos) must not blow up memory.
 */
export async function readCapped(path: string, maxBytes: number): Promise<ReadResult> {
  const fh = await open(path, 'r');
  try {
    const { size } = await fh.stat();
    const len = Math.min(size, maxBytes);
    const buffer = Buffer.allocUnsafe(len);
    let off = 0;
    while (off < len) {
      const { bytesRead } = await fh.read(buffer, off, len - off, off);
      if (bytesRead === 0) break;
      off += bytesRead;
    }
    return { buffer: off === len ? buffer : buffer.subarray(0, off), truncated: size > maxBytes, size };
  } finally {
    await fh.close();
  }
}

export function looksBinary(buf: Buffer): boolean {
  const n = Math.min(buf.length, 8192);
  for (let i = 0; i < n; i++) if (buf[i] === 0) return true;
  return false;
}

const DOCKERFILE_MAX = 4 * 1024 * 1024;

/** Reads a Dockerfile as text; binary or oversized files are input errors with a clear message. */
export async function readDockerfileText(path: string, display: string): Promise<string> {
  let r: ReadResult;
  try {
    r = await readCapped(path, DOCKERFILE_MAX);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new InputError(`${display}: no such file`, 'check the path, or pass a directory to scan every Dockerfile in it');
    if (code === 'EISDIR') throw new InputError(`${display}: is a directory`, 'pass the directory itself to scan every Dockerfile in it');
    throw new InputError(`${display}: cannot read (${code ?? String(e)})`);
  }
  if (r.truncated) throw new InputError(`${display}: ${r.size} bytes is too large for a Dockerfile (limit ${DOCKERFILE_MAX})`);
  if (looksBinary(r.buffer)) throw new InputError(`${display}: is a binary file, not a Dockerfile`);
  return r.buffer.toString('utf8').replace(/^\uFEFF/, '');
}
