/**
 * Minimal ELF reader: just enough to find named sections and map virtual addresses to file offsets,
 * shared by the Go build-info and Rust cargo-auditable catalogers. Reads 32/64-bit, little and big
 * endian. Never throws on malformed input: `readElf` returns an error string instead.
 *
 * Layout facts come from the System V ABI (ELF header, section header and program header tables).
 */

export const ELF_MAGIC = Buffer.from([0x7f, 0x45, 0x4c, 0x46]);

const SHT_NOBITS = 8;
const PT_LOAD = 1;
/** e_shstrndx escape value: the real index is in section 0's sh_link. */
const SHN_XINDEX = 0xffff;
/** Guard against hostile headers claiming millions of sections. */
const MAX_SECTIONS = 65536;

export interface ElfSection {
  name: string;
  type: number;
  addr: number;
  offset: number;
  size: number;
}

export interface ElfSegment {
  type: number;
  offset: number;
  vaddr: number;
  filesz: number;
}

export interface ElfFile {
  bits: 32 | 64;
  littleEndian: boolean;
  sections: ElfSection[];
  segments: ElfSegment[];
}

export function isElf(buf: Uint8Array): boolean {
  return buf.length >= 4 && buf[0] === 0x7f && buf[1] === 0x45 && buf[2] === 0x4c && buf[3] === 0x46;
}

/** A bounds-checked reader; every read returns undefined past the end instead of throwing. */
class Reader {
  constructor(
    private readonly buf: Buffer,
    readonly littleEndian: boolean,
  ) {}

  u16(off: number): number | undefined {
    if (off < 0 || off + 2 > this.buf.length) return undefined;
    return this.littleEndian ? this.buf.readUInt16LE(off) : this.buf.readUInt16BE(off);
  }

  u32(off: number): number | undefined {
    if (off < 0 || off + 4 > this.buf.length) return undefined;
    return this.littleEndian ? this.buf.readUInt32LE(off) : this.buf.readUInt32BE(off);
  }

  /** 64-bit values as numbers: offsets in files we can hold in memory fit in 2^53. */
  u64(off: number): number | undefined {
    if (off < 0 || off + 8 > this.buf.length) return undefined;
    const v = this.littleEndian ? this.buf.readBigUInt64LE(off) : this.buf.readBigUInt64BE(off);
    return v > BigInt(Number.MAX_SAFE_INTEGER) ? undefined : Number(v);
  }

  word(off: number, bits: 32 | 64): number | undefined {
    return bits === 64 ? this.u64(off) : this.u32(off);
  }
}

export function readElf(buf: Buffer): ElfFile | string {
  if (!isElf(buf)) return 'not an ELF file';
  if (buf.length < 52) return 'truncated ELF header';
  const cls = buf[4];
  const data = buf[5];
  if (cls !== 1 && cls !== 2) return `unknown ELF class ${cls}`;
  if (data !== 1 && data !== 2) return `unknown ELF data encoding ${data}`;
  const bits: 32 | 64 = cls === 2 ? 64 : 32;
  const r = new Reader(buf, data === 1);
  if (bits === 64 && buf.length < 64) return 'truncated ELF header';

  // Header field offsets differ between the classes because the address-sized fields grow.
  const phoff = bits === 64 ? r.u64(0x20) : r.u32(0x1c);
  const shoff = bits === 64 ? r.u64(0x28) : r.u32(0x20);
  const phentsize = r.u16(bits === 64 ? 0x36 : 0x2a);
  const phnum = r.u16(bits === 64 ? 0x38 : 0x2c);
  const shentsize = r.u16(bits === 64 ? 0x3a : 0x2e);
  let shnum = r.u16(bits === 64 ? 0x3c : 0x30);
  let shstrndx = r.u16(bits === 64 ? 0x3e : 0x32);
  if (
    phoff === undefined ||
    shoff === undefined ||
    phentsize === undefined ||
    phnum === undefined ||
    shentsize === undefined ||
    shnum === undefined ||
    shstrndx === undefined
  ) {
    return 'truncated ELF header';
  }

  const segments: ElfSegment[] = [];
  if (phoff > 0 && phentsize >= (bits === 64 ? 56 : 32)) {
    for (let i = 0; i < phnum; i++) {
      const at = phoff + i * phentsize;
      const type = r.u32(at);
      const offset = bits === 64 ? r.u64(at + 8) : r.u32(at + 4);
      const vaddr = bits === 64 ? r.u64(at + 16) : r.u32(at + 8);
      const filesz = bits === 64 ? r.u64(at + 32) : r.u32(at + 16);
      if (type === undefined || offset === undefined || vaddr === undefined || filesz === undefined) break;
      segments.push({ type, offset, vaddr, filesz });
    }
  }

  const sections: ElfSection[] = [];
  const minShent = bits === 64 ? 64 : 40;
  if (shoff > 0 && shentsize >= minShent) {
    // Files with >= 0xff00 sections keep the real count and string-table index in section 0.
    if (shnum === 0) shnum = r.word(shoff + (bits === 64 ? 32 : 20), bits) ?? 0;
    if (shstrndx === SHN_XINDEX) shstrndx = r.u32(shoff + (bits === 64 ? 40 : 24)) ?? 0;
    if (shnum > MAX_SECTIONS) return `implausible section count ${shnum}`;
    const raw: Array<Omit<ElfSection, 'name'> & { nameOff: number }> = [];
    for (let i = 0; i < shnum; i++) {
      const at = shoff + i * shentsize;
      const nameOff = r.u32(at);
      const type = r.u32(at + 4);
      const addr = r.word(at + (bits === 64 ? 16 : 12), bits);
      const offset = r.word(at + (bits === 64 ? 24 : 16), bits);
      const size = r.word(at + (bits === 64 ? 32 : 20), bits);
      if (nameOff === undefined || type === undefined || addr === undefined || offset === undefined || size === undefined) {
        return 'section header table extends past the end of the file';
      }
      raw.push({ nameOff, type, addr, offset, size });
    }
    const strtab = raw[shstrndx];
    for (const s of raw) {
      sections.push({ name: strtab ? cString(buf, strtab.offset + s.nameOff, strtab.offset + strtab.size) : '', type: s.type, addr: s.addr, offset: s.offset, size: s.size });
    }
  }
  return { bits, littleEndian: data === 1, sections, segments };
}

function cString(buf: Buffer, start: number, limit: number): string {
  const end = Math.min(limit, buf.length);
  if (start < 0 || start >= end) return '';
  let i = start;
  while (i < end && buf[i] !== 0) i++;
  return buf.toString('latin1', start, i);
}

export function findSection(elf: ElfFile, name: string): ElfSection | undefined {
  return elf.sections.find((s) => s.name === name);
}

/**
 * The bytes of a section, or an error string when they are not in `buf` (NOBITS sections, or a
 * file handed over truncated).
 */
export function sectionData(buf: Buffer, s: ElfSection): Buffer | string {
  if (s.type === SHT_NOBITS) return `section ${s.name} has no file data`;
  if (s.offset + s.size > buf.length) return `section ${s.name} extends past the available ${buf.length} bytes`;
  return buf.subarray(s.offset, s.offset + s.size);
}

/**
 * Reads `length` bytes at virtual address `vaddr`, via the section headers or, when a binary has
 * none (stripped of them), the PT_LOAD program headers.
 */
export function readAtAddress(buf: Buffer, elf: ElfFile, vaddr: number, length: number): Buffer | undefined {
  if (length < 0) return undefined;
  for (const s of elf.sections) {
    if (s.type === SHT_NOBITS || s.addr === 0) continue;
    if (vaddr >= s.addr && vaddr + length <= s.addr + s.size) {
      const off = s.offset + (vaddr - s.addr);
      return off + length <= buf.length ? buf.subarray(off, off + length) : undefined;
    }
  }
  for (const p of elf.segments) {
    if (p.type !== PT_LOAD) continue;
    if (vaddr >= p.vaddr && vaddr + length <= p.vaddr + p.filesz) {
      const off = p.offset + (vaddr - p.vaddr);
      return off + length <= buf.length ? buf.subarray(off, off + length) : undefined;
    }
  }
  return undefined;
}

/** Directories whose files are worth an ELF look even without an executable bit in the tar header. */
const BIN_DIRS = /(^|\/)(s?bin|libexec)\//;
/** Binaries larger than this are not read: 200 MiB keeps one file's buffer bounded. */
export const MAX_BINARY_SIZE = 200 * 1024 * 1024;

/**
 * The cheap pre-filter for ELF-reading catalogers: a regular file that is executable or sits in a
 * bin directory, big enough for an ELF header and small enough to read. Extensions that are never
 * binaries are skipped so scripts in bin/ are not read.
 */
export function maybeExecutable(path: string, info: { type: string; mode: number; size: number }): boolean {
  if (info.type !== 'file' || info.size < 64 || info.size > MAX_BINARY_SIZE) return false;
  if ((info.mode & 0o111) === 0 && !BIN_DIRS.test(path)) return false;
  return !/\.(sh|py|pl|rb|js|txt|md|json|ya?ml|conf|cfg|html?|xml|jar|gz|zip|a|o|h|c)$/i.test(path);
}
