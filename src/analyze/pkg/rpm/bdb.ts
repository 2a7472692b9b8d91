/**
 * Read-only reader for the Berkeley DB hash files rpm < 4.16 used (`var/lib/rpm/Packages` on RHEL/CentOS
 * ≤ 8, Amazon Linux 2, older SUSE). Only what rpm's Packages database needs: the values of every
 * key/value pair, following overflow pages. No locking, logs, or environments: an image holds a closed file.
 *
 * Format facts (Berkeley DB db_page.h / hash.h, stable since DB 3; rpm wrote hash version 8–10):
 * - The file is a sequence of pages of `pagesize` bytes; page 0 is the hash metadata page:
 *     0 lsn(8) | 8 pgno | 12 magic 0x061561 | 16 version | 20 pagesize | 24 encrypt_alg(1) | 25 type(1)
 *     26 metaflags(1) | 28 free | 32 last_pgno | ... | 72 max_bucket | 76 high_mask | 80 low_mask
 *     | 84 ffactor | 88 nelem | 92 h_charkey | 96 spares[32]
 *   The magic tells the byte order: every integer of the file is in the order the magic reads in.
 * - Every other page starts with a 26-byte header:
 *     0 lsn(8) | 8 pgno | 12 prev_pgno | 16 next_pgno | 20 entries(u16) | 22 hf_offset(u16) | 24 level | 25 type
 *   followed by `entries` u16 offsets of the page's items (hash pages: keys at even, data at odd
 *   indexes; item i ends where item i-1 starts, item 0 at the end of the page).
 * - Bucket b lives on page b + spares[ceil(log2(b + 1))], continued through next_pgno.
 * - Page types: 2 hash (unsorted), 13 hash, 7 overflow, 8 hash metadata.
 * - Item types (first byte): 1 KEYDATA (bytes follow), 3 OFFPAGE (3 unused, u32 first page,
 *   u32 total length), 2/4 duplicates (rpm's Packages has none).
 * - Overflow pages hold `hf_offset` bytes after the header and chain through next_pgno.
 * - With checksums (metaflags bit 0x01) the page header is followed by a 6-byte checksum area before
 *   the item offsets; encrypted databases (encrypt_alg ≠ 0) are not readable without the key.
 */

export const BDB_HASH_MAGIC = 0x061561;

const PAGE_HEADER = 26;
const P_HASH_UNSORTED = 2;
const P_HASH = 13;
const P_OVERFLOW = 7;
const H_KEYDATA = 1;
const H_OFFPAGE = 3;

export class BdbError extends Error {
  readonly code = 'BDB_UNREADABLE';
}

/** True when the buffer starts with a Berkeley DB hash metadata page (either byte order). */
export function isBdbHash(buf: Buffer): boolean {
  return buf.length >= 512 && (buf.readUInt32LE(12) === BDB_HASH_MAGIC || buf.readUInt32BE(12) === BDB_HASH_MAGIC);
}

/** Log2 rounded up, as the bucket-to-page mapping uses it. */
function ceilLog2(n: number): number {
  let i = 0;
  for (let limit = 1; limit < n; limit <<= 1) i++;
  return i;
}

export interface BdbPair {
  key: Buffer;
  value: Buffer;
}

/** Every key/value pair of a hash database. Throws BdbError when the file cannot be read. */
export function readBdbHash(buf: Buffer): { pairs: BdbPair[]; warnings: string[] } {
  if (!isBdbHash(buf)) throw new BdbError('not a Berkeley DB hash file');
  const le = buf.readUInt32LE(12) === BDB_HASH_MAGIC;
  const u32 = (off: number) => (le ? buf.readUInt32LE(off) : buf.readUInt32BE(off));
  const u16 = (off: number) => (le ? buf.readUInt16LE(off) : buf.readUInt16BE(off));
  const pagesize = u32(20);
  if (pagesize < 512 || pagesize > 65536 || (pagesize & (pagesize - 1)) !== 0) throw new BdbError(`bad page size ${pagesize}`);
  if (buf[24] !== 0) throw new BdbError('encrypted Berkeley DB');
  const overhead = PAGE_HEADER + (buf[26] & 0x01 ? 6 : 0);
  const pageCount = Math.floor(buf.length / pagesize);
  const maxBucket = u32(72);
  const spares = Array.from({ length: 32 }, (_, i) => u32(96 + 4 * i));
  const warnings: string[] = [];
  const pairs: BdbPair[] = [];
  const visited = new Set<number>();

  const page = (pgno: number): number => {
    if (pgno <= 0 || pgno >= pageCount) throw new BdbError(`page ${pgno} outside the file (${pageCount} pages)`);
    return pgno * pagesize;
  };

  const readOverflow = (first: number, total: number): Buffer => {
    const parts: Buffer[] = [];
    let got = 0;
    const seen = new Set<number>();
    for (let pgno = first; pgno !== 0 && got < total; ) {
      if (seen.has(pgno)) throw new BdbError(`overflow chain loops at page ${pgno}`);
      seen.add(pgno);
      const base = page(pgno);
      if (buf[base + 25] !== P_OVERFLOW) throw new BdbError(`page ${pgno} is not an overflow page`);
      const len = Math.min(u16(base + 22), pagesize - overhead);
      parts.push(buf.subarray(base + overhead, base + overhead + len));
      got += len;
      pgno = u32(base + 16);
    }
    if (got < total) throw new BdbError(`overflow item ends after ${got} of ${total} bytes`);
    return Buffer.concat(parts).subarray(0, total);
  };

  const readItem = (base: number, offsets: number[], i: number): Buffer | undefined => {
    const start = offsets[i];
    const end = i === 0 ? pagesize : offsets[i - 1];
    if (start < overhead || end > pagesize || start >= end) throw new BdbError(`item ${i} has bad bounds ${start}..${end}`);
    const type = buf[base + start];
    if (type === H_KEYDATA) return buf.subarray(base + start + 1, base + end);
    if (type === H_OFFPAGE) {
      if (end - start < 12) throw new BdbError('short off-page item');
      return readOverflow(u32(base + start + 4), u32(base + start + 8));
    }
    warnings.push(`Berkeley DB item of type ${type} (duplicates) skipped`);
    return undefined;
  };

  for (let bucket = 0; bucket <= maxBucket; bucket++) {
    let pgno = bucket + spares[ceilLog2(bucket + 1)];
    while (pgno !== 0) {
      if (visited.has(pgno)) throw new BdbError(`bucket chain loops at page ${pgno}`);
      visited.add(pgno);
      const base = page(pgno);
      const type = buf[base + 25];
      if (type !== P_HASH && type !== P_HASH_UNSORTED) throw new BdbError(`page ${pgno} of bucket ${bucket} has type ${type}`);
      const entries = u16(base + 20);
      if (overhead + 2 * entries > pagesize) throw new BdbError(`page ${pgno} claims ${entries} entries`);
      const offsets = Array.from({ length: entries }, (_, i) => u16(base + overhead + 2 * i));
      for (let i = 0; i + 1 < entries; i += 2) {
        const key = readItem(base, offsets, i);
        const value = readItem(base, offsets, i + 1);
        if (key && value) pairs.push({ key, value });
      }
      pgno = u32(base + 16);
    }
  }
  return { pairs, warnings };
}
