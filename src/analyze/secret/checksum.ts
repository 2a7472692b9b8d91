/**
 * Checksums embedded in some token formats. GitHub (`ghp_`, `gho_`, `ghu_`, `ghs_`) and npm (`npm_`)
 * tokens are a 4-character prefix, 30 random base62 characters and a 6-character base62 encoding of
 * the CRC-32 of those 30 characters (left-padded with `0`). Verifying it turns "looks like a token"
 * into "is a token" without asking the provider.
 */

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

let crcTable: Uint32Array | undefined;

function table(): Uint32Array {
  if (crcTable) return crcTable;
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  crcTable = t;
  return t;
}

/** CRC-32 (IEEE, as zlib) of the Latin-1 code units of `s`. Our inputs are ASCII. */
export function crc32(s: string): number {
  const t = table();
  let crc = 0xffffffff;
  for (let i = 0; i < s.length; i++) crc = t[(crc ^ s.charCodeAt(i)) & 0xff] ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

/** Base62 (digits, upper, lower) of a non-negative integer, left-padded with `0` to `width`. */
export function base62(value: number, width: number): string {
  let out = '';
  let v = value;
  do {
    out = BASE62[v % 62] + out;
    v = Math.floor(v / 62);
  } while (v > 0);
  return out.padStart(width, '0');
}

const CHECKSUM_LENGTH = 6;
const PREFIX_LENGTH = 4;

/** The 6-character checksum a prefixed token with this random part must end with. */
export function prefixedTokenChecksum(randomPart: string): string {
  return base62(crc32(randomPart), CHECKSUM_LENGTH);
}

/**
 * True when `token` (e.g. `ghp_` + 36 characters) ends with the base62 CRC-32 of the characters
 * between its 4-character prefix and its last 6 characters.
 */
export function hasValidPrefixedTokenChecksum(token: string): boolean {
  if (token.length <= PREFIX_LENGTH + CHECKSUM_LENGTH) return false;
  const random = token.slice(PREFIX_LENGTH, token.length - CHECKSUM_LENGTH);
  return token.slice(token.length - CHECKSUM_LENGTH) === prefixedTokenChecksum(random);
}
