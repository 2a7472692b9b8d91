import { prefixedTokenChecksum } from './checksum.js';

/**
 * Deterministic generators of syntactically valid but meaningless credentials, for tests and the
 * benchmark corpus. Samples are built at run time rather than stored in the repository, so secret
 * scanners (ours, GitHub push protection) never see a real-looking token in our own sources.
 */

export type Rng = () => number;

/** mulberry32: tiny, fast, good enough for test data; same seed, same sequence. */
export function createRng(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const ALPHABET = {
  base62: '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz',
  base64: 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/',
  base64url: 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_',
  base32: 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567',
  hex: '0123456789abcdef',
  digits: '0123456789',
  upperAlnum: 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789',
  lower: 'abcdefghijklmnopqrstuvwxyz',
} as const;

export function pick<T>(rng: Rng, items: readonly T[]): T {
  return items[Math.floor(rng() * items.length)];
}

export function randomString(rng: Rng, alphabet: string, length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) out += alphabet[Math.floor(rng() * alphabet.length)];
  return out;
}

/** `prefix` + 30 random base62 characters + their CRC-32 checksum (GitHub classic and npm layout). */
export function fakeChecksummedToken(rng: Rng, prefix: string): string {
  const random = randomString(rng, ALPHABET.base62, 30);
  return prefix + random + prefixedTokenChecksum(random);
}

export function fakeAwsAccessKeyId(rng: Rng, prefix: 'AKIA' | 'ASIA' = 'AKIA'): string {
  return prefix + randomString(rng, ALPHABET.base32, 16);
}

export function fakeAwsSecretAccessKey(rng: Rng): string {
  return randomString(rng, ALPHABET.base64, 40);
}

/** A PEM block with random base64 body lines. Not a parsable key, which does not matter here. */
export function fakePemPrivateKey(rng: Rng, type = 'RSA ', lines = 12, eol = '\n'): string {
  const body: string[] = [];
  for (let i = 0; i < lines; i++) body.push(randomString(rng, ALPHABET.base64, 64));
  return [`-----BEGIN ${type}PRIVATE KEY-----`, ...body, `-----END ${type}PRIVATE KEY-----`].join(eol);
}

/** A JWT with a JSON header carrying `alg`, a JSON payload and a random signature. */
export function fakeJwt(rng: Rng): string {
  const header = Buffer.from(JSON.stringify({ alg: 'HS256', typ: 'JWT' })).toString('base64url');
  const payload = Buffer.from(
    JSON.stringify({ sub: randomString(rng, ALPHABET.digits, 8), iat: 1_700_000_000 + Math.floor(rng() * 1e6) }),
  ).toString('base64url');
  return `${header}.${payload}.${randomString(rng, ALPHABET.base64url, 43)}`;
}

export function fakeSlackBotToken(rng: Rng): string {
  return `xoxb-${randomString(rng, ALPHABET.digits, 12)}-${randomString(rng, ALPHABET.digits, 13)}-${randomString(rng, ALPHABET.base62, 24)}`;
}

export function fakeStripeKey(rng: Rng, mode: 'live' | 'test' = 'live', kind: 'sk' | 'rk' = 'sk'): string {
  return `${kind}_${mode}_${randomString(rng, ALPHABET.base62, 24)}`;
}

/** A password with letters, digits and punctuation; URL-safe so it can sit in a connection string. */
export function fakePassword(rng: Rng, length = 16): string {
  return randomString(rng, ALPHABET.base62 + '!*-_~', length);
}
