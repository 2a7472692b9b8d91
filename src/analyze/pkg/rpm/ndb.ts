/**
 * rpm's own "ndb" package database, `Packages.db` (openSUSE/SLES 15 before their move to sqlite).
 *
 * Format facts (rpm lib/backend/ndb/rpmpkg.c; all integers little-endian):
 * - File header, 32 bytes: magic "RpmP" | version (0) | generation | slotnpages | nextpkgidx.
 * - Slot pages: the first `slotnpages` 4096-byte pages hold 16-byte slots
 *   { magic "Slot", pkgidx, blkoff, blkcnt }; the header takes the first two slots of page 0, and a
 *   slot with blkoff 0 is free.
 * - Blobs sit at blkoff × 16 and span blkcnt 16-byte blocks:
 *   { magic "BlbS", pkgidx, timestamp, bloblen } + bloblen bytes of rpm header + zero padding +
 *   { adler32 of everything before it, bloblen, magic "BlbE" }.
 */

const PAGE_SIZE = 4096;
const SLOT_SIZE = 16;
const BLK_SIZE = 16;
const HEADER_SIZE = 32;
const BLOBHEAD_SIZE = 16;
const BLOBTAIL_SIZE = 12;

const magic = (s: string) => Buffer.from(s, 'latin1').readUInt32LE(0);
export const NDB_MAGIC = magic('RpmP');
const SLOT_MAGIC = magic('Slot');
const BLOBHEAD_MAGIC = magic('BlbS');
const BLOBTAIL_MAGIC = magic('BlbE');

export class NdbError extends Error {
  readonly code = 'NDB_UNREADABLE';
}

export function isNdb(buf: Buffer): boolean {
  return buf.length >= HEADER_SIZE && buf.readUInt32LE(0) === NDB_MAGIC;
}

/** Adler-32 (RFC 1950), which ndb uses to check each blob. */
export function adler32(data: Buffer, start = 0, end = data.length): number {
  let a = 1;
  let b = 0;
  // 5552 is the largest run for which b cannot overflow 2^53 before the modulo (it is far below).
  for (let i = start; i < end; ) {
    const stop = Math.min(end, i + 5552);
    for (; i < stop; i++) {
      a += data[i];
      b += a;
    }
    a %= 65521;
    b %= 65521;
  }
  return ((b << 16) | a) >>> 0;
}

/** Header blobs in slot order. A bad blob is skipped with a warning; a bad file header throws. */
export function readNdbBlobs(buf: Buffer): { blobs: Buffer[]; warnings: string[] } {
  if (!isNdb(buf)) throw new NdbError('not an ndb Packages.db (magic RpmP missing)');
  const version = buf.readUInt32LE(4);
  if (version !== 0) throw new NdbError(`ndb version ${version} unknown`);
  const slotnpages = buf.readUInt32LE(12);
  if (slotnpages === 0 || slotnpages * PAGE_SIZE > buf.length) throw new NdbError(`ndb slot pages (${slotnpages}) exceed the file`);
  const blobs: Buffer[] = [];
  const warnings: string[] = [];
  for (let off = HEADER_SIZE; off < slotnpages * PAGE_SIZE; off += SLOT_SIZE) {
    if (buf.readUInt32LE(off) !== SLOT_MAGIC) throw new NdbError(`bad slot magic at offset ${off}`);
    const pkgidx = buf.readUInt32LE(off + 4);
    const blkoff = buf.readUInt32LE(off + 8);
    const blkcnt = buf.readUInt32LE(off + 12);
    if (blkoff === 0) continue;
    const start = blkoff * BLK_SIZE;
    const end = start + blkcnt * BLK_SIZE;
    if (end > buf.length || blkcnt * BLK_SIZE < BLOBHEAD_SIZE + BLOBTAIL_SIZE) {
      warnings.push(`ndb package ${pkgidx}: blob outside the file`);
      continue;
    }
    const len = buf.readUInt32LE(start + 12);
    if (buf.readUInt32LE(start) !== BLOBHEAD_MAGIC || buf.readUInt32LE(start + 4) !== pkgidx || BLOBHEAD_SIZE + len + BLOBTAIL_SIZE > blkcnt * BLK_SIZE) {
      warnings.push(`ndb package ${pkgidx}: bad blob header`);
      continue;
    }
    const tail = end - BLOBTAIL_SIZE;
    if (buf.readUInt32LE(tail + 8) !== BLOBTAIL_MAGIC || buf.readUInt32LE(tail + 4) !== len) {
      warnings.push(`ndb package ${pkgidx}: bad blob trailer`);
      continue;
    }
    if (adler32(buf, start, tail) !== buf.readUInt32LE(tail)) {
      warnings.push(`ndb package ${pkgidx}: checksum mismatch`);
      continue;
    }
    blobs.push(buf.subarray(start + BLOBHEAD_SIZE, start + BLOBHEAD_SIZE + len));
  }
  return { blobs, warnings };
}
