/**
 * Writes small ELF files with chosen sections, for layouts no toolchain here produces (Go's pre-1.18
 * pointer build info, 32-bit big-endian) and for corrupting on purpose. Synthetic by design: the
 * real-binary tests use go/cargo output; these pin the documented layouts and error paths.
 */
export interface SectionSpec {
  name: string;
  data: Buffer;
  addr?: number;
  /** SHT_PROGBITS (1) unless given; 8 is SHT_NOBITS. */
  type?: number;
}

export function buildElf(opts: { bits: 32 | 64; littleEndian: boolean; sections: SectionSpec[] }): Buffer {
  const { bits, littleEndian: le } = opts;
  const ehsize = bits === 64 ? 64 : 52;
  const shentsize = bits === 64 ? 64 : 40;
  const names = ['', ...opts.sections.map((s) => s.name), '.shstrtab'];
  let strtab = Buffer.alloc(0);
  const nameOff: number[] = [];
  for (const n of names) {
    nameOff.push(strtab.length);
    strtab = Buffer.concat([strtab, Buffer.from(`${n}\0`, 'latin1')]);
  }
  const chunks: Buffer[] = [Buffer.alloc(ehsize)];
  let off = ehsize;
  const placed: Array<{ offset: number; size: number; addr: number; type: number }> = [{ offset: 0, size: 0, addr: 0, type: 0 }];
  for (const s of [...opts.sections, { name: '.shstrtab', data: strtab, type: 3 }]) {
    const pad = (8 - (off % 8)) % 8;
    chunks.push(Buffer.alloc(pad));
    off += pad;
    placed.push({ offset: off, size: s.data.length, addr: 'addr' in s && s.addr !== undefined ? s.addr : 0, type: s.type ?? 1 });
    if (s.type !== 8) {
      chunks.push(s.data);
      off += s.data.length;
    }
  }
  const pad = (8 - (off % 8)) % 8;
  chunks.push(Buffer.alloc(pad));
  off += pad;
  const shoff = off;
  for (let i = 0; i < placed.length; i++) {
    const sh = Buffer.alloc(shentsize);
    const p = placed[i];
    const u32 = (v: number, at: number) => (le ? sh.writeUInt32LE(v, at) : sh.writeUInt32BE(v, at));
    const word = (v: number, at: number) =>
      bits === 64 ? (le ? sh.writeBigUInt64LE(BigInt(v), at) : sh.writeBigUInt64BE(BigInt(v), at)) : u32(v, at);
    u32(nameOff[i], 0);
    u32(p.type, 4);
    word(p.addr, bits === 64 ? 16 : 12);
    word(p.offset, bits === 64 ? 24 : 16);
    word(p.size, bits === 64 ? 32 : 20);
    chunks.push(sh);
  }
  const out = Buffer.concat(chunks);
  out.set([0x7f, 0x45, 0x4c, 0x46, bits === 64 ? 2 : 1, le ? 1 : 2, 1], 0);
  const u16 = (v: number, at: number) => (le ? out.writeUInt16LE(v, at) : out.writeUInt16BE(v, at));
  if (bits === 64) {
    le ? out.writeBigUInt64LE(BigInt(shoff), 0x28) : out.writeBigUInt64BE(BigInt(shoff), 0x28);
    u16(64, 0x3a);
    u16(placed.length, 0x3c);
    u16(placed.length - 1, 0x3e);
  } else {
    le ? out.writeUInt32LE(shoff, 0x20) : out.writeUInt32BE(shoff, 0x20);
    u16(40, 0x2e);
    u16(placed.length, 0x30);
    u16(placed.length - 1, 0x32);
  }
  return out;
}
