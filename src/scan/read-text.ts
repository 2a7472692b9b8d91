import { open } from 'node:fs/promises';
import { InputError } from '../errors.js';
import { decodeText, looksBinary } from '../analyze/secret/index.js';

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

/**
 * Reads a file for the secret scanner: the first 8 KiB decide whether it is binary (then nothing
 * more is read), otherwise up to `maxBytes`. Most of a large build context is binary, so this
 * keeps the scan close to the cost of the directory walk.
 */
export async function readForSecretScan(path: string, maxBytes: number): Promise<ReadResult & { binary: boolean }> {
  const fh = await open(path, 'r');
  try {
    const { size } = await fh.stat();
    const sniffLen = Math.min(size, SNIFF_BYTES, maxBytes);
    const head = Buffer.allocUnsafe(sniffLen);
    const { bytesRead } = await fh.read(head, 0, sniffLen, 0);
    const sniff = head.subarray(0, bytesRead);
    if (looksBinary(sniff)) return { buffer: Buffer.alloc(0), truncated: false, size, binary: true };
    const len = Math.min(size, maxBytes);
    if (len <= bytesRead) return { buffer: sniff, truncated: size > maxBytes, size, binary: false };
    const buffer = Buffer.allocUnsafe(len);
    sniff.copy(buffer, 0);
    let off = bytesRead;
    while (off < len) {
      const r = await fh.read(buffer, off, len - off, off);
      if (r.bytesRead === 0) break;
      off += r.bytesRead;
    }
    return { buffer: buffer.subarray(0, off), truncated: size > maxBytes, size, binary: false };
  } finally {
    await fh.close();
  }
}

const SNIFF_BYTES = 8192;

// The secret engine's test (a NUL in the first 8 KiB), so every reader agrees on what is binary.
export { looksBinary } from '../analyze/secret/index.js';

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
  return decodeText(r.buffer);
}
