/**
 * Content digests (`sha256:hex`). Everything fetched by digest or announced with one is checked,
 * so a registry, proxy or cache that serves other bytes is caught, not trusted.
 */
import { createHash, type Hash } from 'node:crypto';
import { Transform, type TransformCallback } from 'node:stream';

const ALGORITHMS: Record<string, { node: string; hexLength: number }> = {
  sha256: { node: 'sha256', hexLength: 64 },
  sha512: { node: 'sha512', hexLength: 128 },
};

export interface ParsedDigest {
  algorithm: string;
  hex: string;
}

/** Parses a digest leftshift can verify; undefined for malformed ones or unknown algorithms. */
export function parseDigest(digest: string): ParsedDigest | undefined {
  const m = /^([a-z0-9]+):([a-f0-9]+)$/.exec(digest);
  if (!m) return undefined;
  const alg = ALGORITHMS[m[1]!];
  if (!alg || m[2]!.length !== alg.hexLength) return undefined;
  return { algorithm: m[1]!, hex: m[2]! };
}

export function digestOf(bytes: Buffer, algorithm = 'sha256'): string {
  const alg = ALGORITHMS[algorithm];
  if (!alg) throw new Error(`unsupported digest algorithm ${algorithm}`);
  return `${algorithm}:${createHash(alg.node).update(bytes).digest('hex')}`;
}

/** Why a stream failed verification: too many bytes, a different digest, or the right digest at the wrong size. */
export type DigestProblem = { reason: 'oversize' | 'size'; size: number } | { reason: 'digest'; actual: string; size: number };

/**
 * A pass-through stream that hashes what flows and fails at the end when the digest or size does
 * not match. Consumers see the bytes as they come; the error arrives before 'end', so a reader
 * that waits for the end never accepts corrupted content.
 */
export class DigestVerifier extends Transform {
  readonly #expected: ParsedDigest;
  readonly #hash: Hash;
  readonly #expectedSize?: number;
  readonly #onMismatch: (problem: DigestProblem) => Error;
  #size = 0;

  constructor(expected: ParsedDigest, onMismatch: (problem: DigestProblem) => Error, expectedSize?: number) {
    super();
    this.#expected = expected;
    this.#hash = createHash(ALGORITHMS[expected.algorithm]!.node);
    this.#expectedSize = expectedSize;
    this.#onMismatch = onMismatch;
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, cb: TransformCallback): void {
    this.#size += chunk.length;
    // Fail early on an oversized stream: no point hashing gigabytes we will reject.
    if (this.#expectedSize !== undefined && this.#size > this.#expectedSize) {
      cb(this.#onMismatch({ reason: 'oversize', size: this.#size }));
      return;
    }
    this.#hash.update(chunk);
    cb(null, chunk);
  }

  override _flush(cb: TransformCallback): void {
    const actual = `${this.#expected.algorithm}:${this.#hash.digest('hex')}`;
    if (actual !== `${this.#expected.algorithm}:${this.#expected.hex}`) {
      cb(this.#onMismatch({ reason: 'digest', actual, size: this.#size }));
      return;
    }
    if (this.#expectedSize !== undefined && this.#size !== this.#expectedSize) {
      cb(this.#onMismatch({ reason: 'size', size: this.#size }));
      return;
    }
    cb();
  }
}
