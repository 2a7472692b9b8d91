/**
 * Content digests (`algorithm:hex`, OCI image-spec descriptor.md) and the errors raised when
 * bytes do not match the digest that names them.
 *
 * A digest is also used to build blob paths (`blobs/<alg>/<hex>`), so parsing is strict: an
 * unknown algorithm or a hex part of the wrong length is rejected before it can become a path.
 */
import { createHash } from 'node:crypto';
import { InputError } from '../errors.js';

/** Algorithms the image-spec registers, with the length of their lowercase hex encoding. */
const ALGORITHMS: Readonly<Record<string, number>> = { sha256: 64, sha512: 128 };

export interface ParsedDigest {
  algorithm: 'sha256' | 'sha512';
  hex: string;
}

/** Parses `sha256:<64 hex>` / `sha512:<128 hex>`; undefined for anything else. */
export function parseDigest(digest: string): ParsedDigest | undefined {
  const colon = digest.indexOf(':');
  if (colon < 0) return undefined;
  const algorithm = digest.slice(0, colon);
  const hex = digest.slice(colon + 1);
  const length = ALGORITHMS[algorithm];
  if (length === undefined || hex.length !== length || !/^[0-9a-f]+$/.test(hex)) return undefined;
  return { algorithm: algorithm as ParsedDigest['algorithm'], hex };
}

/** Like parseDigest, but an invalid digest is an InputError naming `what` carries it. */
export function requireDigest(digest: unknown, what: string): ParsedDigest {
  const parsed = typeof digest === 'string' ? parseDigest(digest) : undefined;
  if (!parsed) {
    throw new InputError(`${what} has an invalid digest ${JSON.stringify(digest)}`, 'expected sha256:<64 hex digits> or sha512:<128 hex digits>');
  }
  return parsed;
}

export function sha256Digest(bytes: Buffer | string): string {
  return `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
}

export function digestOf(bytes: Buffer, algorithm: ParsedDigest['algorithm']): string {
  return `${algorithm}:${createHash(algorithm).update(bytes).digest('hex')}`;
}

/** Bytes whose digest differs from the one that names them: a corrupt or tampered image. */
export class DigestMismatchError extends InputError {
  readonly blob: string;
  readonly expected: string;
  readonly actual: string;
  constructor(blob: string, expected: string, actual: string, options?: { cause?: unknown }) {
    super(
      `${blob}: digest mismatch: expected ${expected}, content hashes to ${actual}`,
      'the image is corrupt or was modified after it was written; fetch or export it again',
      options,
    );
    this.name = 'DigestMismatchError';
    this.blob = blob;
    this.expected = expected;
    this.actual = actual;
  }
}

/** Checks `bytes` against `expected` (also the size, when known); throws DigestMismatchError naming `blob`. */
export function verifyBlob(bytes: Buffer, expected: string, blob: string, expectedSize?: number): void {
  const parsed = requireDigest(expected, blob);
  const actual = digestOf(bytes, parsed.algorithm);
  if (actual !== expected) throw new DigestMismatchError(blob, expected, actual);
  if (expectedSize !== undefined && expectedSize !== bytes.length) {
    throw new InputError(`${blob}: size mismatch: descriptor says ${expectedSize} bytes, blob has ${bytes.length}`);
  }
}
