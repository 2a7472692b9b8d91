/**
 * A minimal zip reader for OSV `all.zip` files: reads the central directory, then one entry at a
 * time with positioned reads, so memory holds one record, not the archive (upstream Debian's
 * all.zip is hundreds of MiB). The central directory also gives each entry's CRC-32 and size,
 * which lets the importer skip byte-identical copies in release folders without inflating them.
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import zlib from 'node:zlib';

export class ZipFormatError extends Error {
  constructor(file: string, message: string) {
    super(`${file}: not a readable zip (${message})`);
    this.name = 'ZipFormatError';
  }
}

export interface ZipEntry {
  name: string;
  crc32: number;
  size: number;
  compressedSize: number;
  method: number;
  localHeaderOffset: number;
}

const EOCD_SIG = 0x06054b50;
const EOCD64_LOCATOR_SIG = 0x07064b50;
const EOCD64_SIG = 0x06064b50;
const CEN_SIG = 0x02014b50;
const LOC_SIG = 0x04034b50;
/** No single OSV record comes close; a bigger entry means a corrupt header, not a record. */
const MAX_ENTRY_BYTES = 64 * 1024 * 1024;

// zlib.crc32 arrived in Node 20.15; on older 20.x the CRC check is skipped (inflate still catches most damage).
const crc32: ((data: Buffer) => number) | undefined = (zlib as unknown as { crc32?: (d: Buffer) => number }).crc32;

export class ZipReader {
  readonly entries: ZipEntry[];
  readonly #fd: number;
  readonly #file: string;
  readonly #fileSize: number;

  constructor(file: string) {
    this.#file = file;
    this.#fd = openSync(file, 'r');
    try {
      this.#fileSize = fstatSync(this.#fd).size;
      this.entries = this.#readCentralDirectory();
    } catch (e) {
      closeSync(this.#fd);
      throw e;
    }
  }

  #read(offset: number, length: number): Buffer {
    if (offset < 0 || length < 0 || offset + length > this.#fileSize) throw new ZipFormatError(this.#file, 'truncated');
    const buf = Buffer.allocUnsafe(length);
    let done = 0;
    while (done < length) {
      const n = readSync(this.#fd, buf, done, length - done, offset + done);
      if (n === 0) throw new ZipFormatError(this.#file, 'truncated');
      done += n;
    }
    return buf;
  }

  #readCentralDirectory(): ZipEntry[] {
    const tailLen = Math.min(this.#fileSize, 65557);
    const tail = this.#read(this.#fileSize - tailLen, tailLen);
    let eocd = -1;
    for (let i = tail.length - 22; i >= 0; i--) {
      if (tail.readUInt32LE(i) === EOCD_SIG) {
        eocd = i;
        break;
      }
    }
    if (eocd < 0) throw new ZipFormatError(this.#file, 'no end of central directory');
    let count = tail.readUInt16LE(eocd + 10);
    let cdSize = tail.readUInt32LE(eocd + 12);
    let cdOffset = tail.readUInt32LE(eocd + 16);
    // Zip64: more than 65535 entries or offsets past 4 GiB (upstream Debian/Ubuntu can exceed the entry count).
    if (eocd >= 20 && tail.readUInt32LE(eocd - 20) === EOCD64_LOCATOR_SIG) {
      const eocd64Offset = Number(tail.readBigUInt64LE(eocd - 20 + 8));
      const rec = this.#read(eocd64Offset, 56);
      if (rec.readUInt32LE(0) !== EOCD64_SIG) throw new ZipFormatError(this.#file, 'bad zip64 end record');
      count = Number(rec.readBigUInt64LE(32));
      cdSize = Number(rec.readBigUInt64LE(40));
      cdOffset = Number(rec.readBigUInt64LE(48));
    }
    const cd = this.#read(cdOffset, cdSize);
    const entries: ZipEntry[] = [];
    let p = 0;
    for (let i = 0; i < count; i++) {
      if (p + 46 > cd.length || cd.readUInt32LE(p) !== CEN_SIG) throw new ZipFormatError(this.#file, 'bad central directory');
      const method = cd.readUInt16LE(p + 10);
      const crc = cd.readUInt32LE(p + 16);
      let compressedSize = cd.readUInt32LE(p + 20);
      let size = cd.readUInt32LE(p + 24);
      const nameLen = cd.readUInt16LE(p + 28);
      const extraLen = cd.readUInt16LE(p + 30);
      const commentLen = cd.readUInt16LE(p + 32);
      let localHeaderOffset = cd.readUInt32LE(p + 42);
      const name = cd.toString('utf8', p + 46, p + 46 + nameLen);
      // Zip64 extended info: the 0xFFFFFFFF fields appear in this order.
      let e = p + 46 + nameLen;
      const extraEnd = e + extraLen;
      while (e + 4 <= extraEnd) {
        const id = cd.readUInt16LE(e);
        const len = cd.readUInt16LE(e + 2);
        if (id === 0x0001) {
          let q = e + 4;
          if (size === 0xffffffff) (size = Number(cd.readBigUInt64LE(q))), (q += 8);
          if (compressedSize === 0xffffffff) (compressedSize = Number(cd.readBigUInt64LE(q))), (q += 8);
          if (localHeaderOffset === 0xffffffff) localHeaderOffset = Number(cd.readBigUInt64LE(q));
        }
        e += 4 + len;
      }
      entries.push({ name, crc32: crc, size, compressedSize, method, localHeaderOffset });
      p = extraEnd + commentLen;
    }
    return entries;
  }

  /** The entry's bytes, inflated and (where Node can) CRC-checked. Throws ZipFormatError on damage. */
  read(entry: ZipEntry): Buffer {
    if (entry.size > MAX_ENTRY_BYTES || entry.compressedSize > MAX_ENTRY_BYTES) {
      throw new ZipFormatError(this.#file, `${entry.name}: entry too large`);
    }
    const loc = this.#read(entry.localHeaderOffset, 30);
    if (loc.readUInt32LE(0) !== LOC_SIG) throw new ZipFormatError(this.#file, `${entry.name}: bad local header`);
    const dataStart = entry.localHeaderOffset + 30 + loc.readUInt16LE(26) + loc.readUInt16LE(28);
    const raw = this.#read(dataStart, entry.compressedSize);
    let data: Buffer;
    if (entry.method === 0) data = raw;
    else if (entry.method === 8) {
      try {
        data = zlib.inflateRawSync(raw);
      } catch (e) {
        throw new ZipFormatError(this.#file, `${entry.name}: ${(e as Error).message}`);
      }
    } else throw new ZipFormatError(this.#file, `${entry.name}: unsupported compression method ${entry.method}`);
    if (data.length !== entry.size || (crc32 && crc32(data) >>> 0 !== entry.crc32)) {
      throw new ZipFormatError(this.#file, `${entry.name}: checksum mismatch`);
    }
    return data;
  }

  close(): void {
    closeSync(this.#fd);
  }
}
