/**
 * Go build information embedded in binaries by the Go linker (what `go version -m` prints).
 *
 * Format facts (documented with the Go toolchain's debug/buildinfo package):
 * - The `.go.buildinfo` section (or, without section headers, a 16-byte-aligned spot in the data
 *   segment) starts with a 32-byte header: the 14-byte magic `\xff Go buildinf:`, the pointer size
 *   (byte 14) and flags (byte 15: bit 0 big-endian, bit 1 "strings inline").
 * - Go >= 1.18 ("inline"): after the header come two strings, each a uvarint length then bytes: the
 *   Go version and the module info.
 * - Go 1.13-1.17 ("pointer"): bytes 16.. hold two pointers (pointer size, byte order from the header)
 *   to Go string headers `{data pointer, length}` for the version and the module info; the strings
 *   live elsewhere in the binary and are found through the ELF address map. Supported here too.
 * - The module info string is wrapped in 16-byte sentinels; once stripped it is tab-separated lines:
 *   `path`, `mod`, `dep`, `=>` (replacement of the line before), `build` (Go >= 1.18).
 */
import { findSection, readAtAddress, readElf, sectionData, type ElfFile } from './elf.js';

export const GO_BUILDINFO_MAGIC = Buffer.from('\xff Go buildinf:', 'latin1');
const FLAG_BIG_ENDIAN = 0x1;
const FLAG_INLINE = 0x2;
/** A version or module info string longer than this is corrupt, not real (modinfo is a few KiB). */
const MAX_STRING = 16 * 1024 * 1024;

export interface GoModule {
  path: string;
  version: string;
  sum?: string;
  replace?: GoModule;
}

export interface GoBuildInfo {
  goVersion: string;
  /** The `path` line: the main package's import path. */
  path?: string;
  main?: GoModule;
  deps: GoModule[];
  /** `build` lines in order (`-ldflags`, `CGO_ENABLED`, `vcs.revision`...). */
  settings: Array<{ key: string; value: string }>;
  /** Which header layout was found. */
  format: 'inline' | 'pointer';
}

/** Result: the build info, `undefined` for a binary that is not Go, or an error for a corrupt one. */
export function readGoBuildInfo(buf: Buffer): GoBuildInfo | undefined | { error: string } {
  const elf = readElf(buf);
  if (typeof elf === 'string') return { error: elf };
  let header: Buffer | undefined;
  const section = findSection(elf, '.go.buildinfo');
  if (section) {
    const data = sectionData(buf, section);
    if (typeof data === 'string') return { error: data };
    header = data;
  } else {
    // Binaries without section headers: the Go tools search the file for the aligned magic too.
    header = searchAlignedMagic(buf);
    if (!header) return undefined;
  }
  if (header.length < 32 || !header.subarray(0, 14).equals(GO_BUILDINFO_MAGIC)) {
    return { error: '.go.buildinfo does not start with the Go build info magic' };
  }
  const ptrSize = header[14];
  const flags = header[15];
  let goVersion: string | undefined;
  let modinfo: string | undefined;
  let format: GoBuildInfo['format'];
  if (flags & FLAG_INLINE) {
    format = 'inline';
    let pos = 32;
    const v = readVarintString(header, pos);
    if (!v) return { error: 'truncated Go version string in build info' };
    goVersion = v.value;
    pos = v.next;
    const m = readVarintString(header, pos);
    if (!m) return { error: 'truncated module info string in build info' };
    modinfo = m.value;
  } else {
    format = 'pointer';
    if (ptrSize !== 4 && ptrSize !== 8) return { error: `unsupported pointer size ${ptrSize} in build info` };
    const bigEndian = (flags & FLAG_BIG_ENDIAN) !== 0;
    const versionAddr = readPtr(header, 16, ptrSize, bigEndian);
    const modAddr = readPtr(header, 16 + ptrSize, ptrSize, bigEndian);
    if (versionAddr === undefined || modAddr === undefined) return { error: 'truncated build info header' };
    goVersion = readGoString(buf, elf, versionAddr, ptrSize, bigEndian);
    if (goVersion === undefined) return { error: 'cannot resolve the Go version string pointer' };
    modinfo = readGoString(buf, elf, modAddr, ptrSize, bigEndian) ?? '';
  }
  return { goVersion, format, ...parseModInfo(stripSentinels(modinfo)) };
}

function searchAlignedMagic(buf: Buffer): Buffer | undefined {
  let at = buf.indexOf(GO_BUILDINFO_MAGIC);
  while (at >= 0) {
    if (at % 16 === 0) return buf.subarray(at, Math.min(buf.length, at + 64 * 1024));
    at = buf.indexOf(GO_BUILDINFO_MAGIC, at + 1);
  }
  return undefined;
}

function readVarintString(buf: Buffer, pos: number): { value: string; next: number } | undefined {
  let len = 0;
  let shift = 0;
  for (;;) {
    if (pos >= buf.length || shift > 35) return undefined;
    const b = buf[pos++];
    len += (b & 0x7f) * 2 ** shift;
    if ((b & 0x80) === 0) break;
    shift += 7;
  }
  if (len > MAX_STRING || pos + len > buf.length) return undefined;
  return { value: buf.toString('utf8', pos, pos + len), next: pos + len };
}

function readPtr(buf: Buffer, off: number, size: number, bigEndian: boolean): number | undefined {
  if (off + size > buf.length) return undefined;
  if (size === 4) return bigEndian ? buf.readUInt32BE(off) : buf.readUInt32LE(off);
  const v = bigEndian ? buf.readBigUInt64BE(off) : buf.readBigUInt64LE(off);
  return v > BigInt(Number.MAX_SAFE_INTEGER) ? undefined : Number(v);
}

/** Follows a Go string header `{ptr, len}` at `addr`. */
function readGoString(buf: Buffer, elf: ElfFile, addr: number, ptrSize: number, bigEndian: boolean): string | undefined {
  const hdr = readAtAddress(buf, elf, addr, ptrSize * 2);
  if (!hdr) return undefined;
  const dataAddr = readPtr(hdr, 0, ptrSize, bigEndian);
  const len = readPtr(hdr, ptrSize, ptrSize, bigEndian);
  if (dataAddr === undefined || len === undefined || len > MAX_STRING) return undefined;
  if (len === 0) return '';
  return readAtAddress(buf, elf, dataAddr, len)?.toString('utf8');
}

/**
 * The module info is framed by two 16-byte sentinels so the linker can find it; the text inside
 * ends with a newline. Anything shorter is treated as "no module info" (GOPATH-mode builds).
 */
export function stripSentinels(modinfo: string): string {
  if (modinfo.length >= 33 && modinfo[modinfo.length - 17] === '\n') return modinfo.slice(16, -16);
  return '';
}

/** Parses module info text (the part `go version -m` prints after the binary name). */
export function parseModInfo(text: string): Pick<GoBuildInfo, 'path' | 'main' | 'deps' | 'settings'> {
  const out: Pick<GoBuildInfo, 'path' | 'main' | 'deps' | 'settings'> = { deps: [], settings: [] };
  let last: GoModule | undefined;
  for (const line of text.split('\n')) {
    const tab = line.indexOf('\t');
    if (tab < 0) continue;
    const kind = line.slice(0, tab);
    const rest = line.slice(tab + 1);
    const fields = rest.split('\t');
    switch (kind) {
      case 'path':
        out.path = rest;
        break;
      case 'mod':
      case 'dep': {
        const mod: GoModule = { path: fields[0] ?? '', version: fields[1] ?? '' };
        if (fields[2]) mod.sum = fields[2];
        if (kind === 'mod') out.main = mod;
        else out.deps.push(mod);
        last = mod;
        break;
      }
      case '=>': {
        if (!last) break;
        const rep: GoModule = { path: fields[0] ?? '', version: fields[1] ?? '' };
        if (fields[2]) rep.sum = fields[2];
        last.replace = rep;
        last = undefined;
        break;
      }
      case 'build': {
        const setting = parseBuildSetting(rest);
        if (setting) out.settings.push(setting);
        break;
      }
    }
  }
  return out;
}

/**
 * `build` lines are `key=value`; either side is Go-quoted (strconv.Quote) when it holds spaces,
 * quotes, `=` (key only) or control characters, e.g. `-ldflags="-s -w -X main.v=1"`.
 */
export function parseBuildSetting(s: string): { key: string; value: string } | undefined {
  let key: string;
  let rest: string;
  if (s.startsWith('"')) {
    const q = readQuoted(s, 0);
    if (!q || s[q.end] !== '=') return undefined;
    key = q.value;
    rest = s.slice(q.end + 1);
  } else {
    const eq = s.indexOf('=');
    if (eq < 0) return undefined;
    key = s.slice(0, eq);
    rest = s.slice(eq + 1);
  }
  if (rest.startsWith('"')) {
    const q = readQuoted(rest, 0);
    if (q && q.end === rest.length) return { key, value: q.value };
  }
  return { key, value: rest };
}

/** Reads a Go double-quoted string literal starting at `start`; returns the value and the index after it. */
function readQuoted(s: string, start: number): { value: string; end: number } | undefined {
  let out = '';
  for (let i = start + 1; i < s.length; i++) {
    const c = s[i];
    if (c === '"') return { value: out, end: i + 1 };
    if (c !== '\\') {
      out += c;
      continue;
    }
    const e = s[++i];
    const simple: Record<string, string> = { n: '\n', t: '\t', r: '\r', '\\': '\\', '"': '"', "'": "'", a: '\x07', b: '\b', f: '\f', v: '\v' };
    if (e !== undefined && e in simple) out += simple[e];
    else if (e === 'x' || e === 'u' || e === 'U') {
      const n = e === 'x' ? 2 : e === 'u' ? 4 : 8;
      const hex = s.slice(i + 1, i + 1 + n);
      if (!/^[0-9a-fA-F]+$/.test(hex) || hex.length !== n) return undefined;
      // \x escapes are bytes; strconv.Quote emits them only for invalid UTF-8, kept as Latin-1 here.
      out += String.fromCodePoint(parseInt(hex, 16));
      i += n;
    } else if (e !== undefined && /[0-7]/.test(e)) {
      const oct = s.slice(i, i + 3);
      if (!/^[0-7]{3}$/.test(oct)) return undefined;
      out += String.fromCharCode(parseInt(oct, 8));
      i += 2;
    } else return undefined;
  }
  return undefined;
}
