/**
 * Tar header parsing shared by the streaming layer reader (tar-parse.ts) and the seekable archive
 * index (src/source/image/tar-index.ts).
 *
 * Why our own parser rather than tar-stream's extract side:
 * - The archive index must read headers only and jump over bodies with file offsets; a streaming
 *   extractor would push every byte of a multi-GB `docker save` archive through JS to skip it.
 * - Layers written by `umoci insert` (0.4.7) lack the end-of-archive blocks and the last file's
 *   padding. tar-stream@3 fails those with "Unexpected end of data"; containerd and docker (Go's
 *   archive/tar) accept them. Owning the loop lets us accept exactly what Go accepts (EOF where a
 *   header or padding would start) while still failing when a file's data is cut.
 *
 * Formats handled (facts from POSIX pax/ustar, GNU tar and libarchive's tar(5)): v7, ustar (with
 * `prefix`; star's variant with the `tar\0` trailer), GNU (`ustar  \0` magic, base-256 numbers,
 * `L`/`K` long names, old `S` sparse headers with extension blocks), pax `x` local and `g` global
 * records (path, linkpath, size, uid, gid, mtime, GNU.sparse.*).
 *
 * Go's reading of header-only types is followed: hardlinks, symlinks, devices, directories and
 * FIFOs carry no data whatever their size field says, so their "size" is never skipped. That is
 * what containerd extracts, so it is what the scanner must see.
 */

export const BLOCK_SIZE = 512;

/** Extension bodies (pax records, GNU long names) larger than this are refused, as Go does. */
export const MAX_EXTENSION_BYTES = 1 << 20;

/** Tar parsing failed: a bad checksum, an unparsable number, an oversized extension. */
export class TarFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TarFormatError';
  }
}

export type TarEntryKind = 'file' | 'hardlink' | 'symlink' | 'char' | 'block' | 'dir' | 'fifo' | 'other';

/** One entry's header after pax / GNU extensions are applied. */
export interface TarHeader {
  /** Name as recorded (not cleaned). */
  name: string;
  linkname: string;
  kind: TarEntryKind;
  /** The raw type flag (`0`, `5`, `S`, `V`...), for messages about `other` entries. */
  typeflag: string;
  mode: number;
  uid: number;
  gid: number;
  mtime?: Date;
  /** Logical file size (for sparse files the real size, not the stored one). */
  size: number;
  /** Bytes of data that follow the header in the archive (before padding). */
  dataSize: number;
  sparse: boolean;
  devmajor: number;
  devminor: number;
}

/** The fields of one 512-byte block, before extensions are applied. */
export interface RawHeader {
  name: string;
  linkname: string;
  typeflag: string;
  mode: number;
  uid: number;
  gid: number;
  size: number;
  mtime: number;
  devmajor: number;
  devminor: number;
  format: 'v7' | 'ustar' | 'gnu';
  /** Old GNU sparse (`S`): the real size, and whether sparse extension blocks follow. */
  gnuRealSize?: number;
  gnuSparseExtended?: boolean;
}

export function isZeroBlock(block: Buffer): boolean {
  for (let i = 0; i < BLOCK_SIZE; i++) if (block[i] !== 0) return false;
  return true;
}

export function paddedSize(size: number): number {
  return Math.ceil(size / BLOCK_SIZE) * BLOCK_SIZE;
}

function cString(block: Buffer, start: number, length: number): string {
  const end = block.indexOf(0, start);
  const stop = end < 0 || end > start + length ? start + length : end;
  return block.toString('utf8', start, stop);
}

/** Octal (NUL/space padded) or GNU base-256 (high bit of the first byte set). */
export function parseNumeric(block: Buffer, start: number, length: number, field: string): number {
  const first = block[start]!;
  if (first & 0x80) {
    // Base-256, big-endian two's complement. A leading 0xff is negative; only mtime could
    // legitimately be negative (before 1970), and a date before the epoch is of no use here.
    if (first === 0xff) return 0;
    let value = first & 0x7f;
    for (let i = 1; i < length; i++) {
      value = value * 256 + block[start + i]!;
      if (value > Number.MAX_SAFE_INTEGER) throw new TarFormatError(`tar header ${field} is too large`);
    }
    return value;
  }
  let value = 0;
  let seenDigit = false;
  for (let i = start; i < start + length; i++) {
    const c = block[i]!;
    if (c === 0 || (c === 0x20 && seenDigit)) break;
    if (c === 0x20) continue; // leading spaces
    if (c < 0x30 || c > 0x37) throw new TarFormatError(`tar header ${field} is not an octal number`);
    value = value * 8 + (c - 0x30);
    seenDigit = true;
  }
  return value;
}

/** Parses one non-zero header block; throws TarFormatError when the checksum does not match. */
export function parseRawHeader(block: Buffer): RawHeader {
  const stored = parseNumeric(block, 148, 8, 'checksum');
  let unsigned = 0;
  let signed = 0;
  for (let i = 0; i < BLOCK_SIZE; i++) {
    const b = i >= 148 && i < 156 ? 0x20 : block[i]!;
    unsigned += b;
    signed += b > 127 ? b - 256 : b;
  }
  // Some old tars summed signed bytes; both are accepted, as GNU tar and Go do.
  if (stored !== unsigned && stored !== signed) throw new TarFormatError('tar header checksum mismatch');

  const magic = block.toString('latin1', 257, 263);
  const version = block.toString('latin1', 263, 265);
  let format: RawHeader['format'] = 'v7';
  if (magic === 'ustar\0') format = 'ustar';
  else if (magic === 'ustar ' && version === ' \0') format = 'gnu';

  const typeflag = String.fromCharCode(block[156]!);
  let name = cString(block, 0, 100);
  if (format === 'ustar') {
    // star puts atime/ctime after a 131-byte prefix and marks it with a `tar\0` trailer.
    const star = block.toString('latin1', 508, 512) === 'tar\0';
    const prefix = cString(block, 345, star ? 131 : 155);
    if (prefix) name = `${prefix}/${name}`;
  }
  const header: RawHeader = {
    name,
    linkname: cString(block, 157, 100),
    typeflag,
    mode: parseNumeric(block, 100, 8, 'mode'),
    uid: parseNumeric(block, 108, 8, 'uid'),
    gid: parseNumeric(block, 116, 8, 'gid'),
    size: parseNumeric(block, 124, 12, 'size'),
    mtime: parseNumeric(block, 136, 12, 'mtime'),
    devmajor: format === 'v7' ? 0 : parseNumeric(block, 329, 8, 'devmajor'),
    devminor: format === 'v7' ? 0 : parseNumeric(block, 337, 8, 'devminor'),
    format,
  };
  if (format === 'gnu' && typeflag === 'S') {
    header.gnuRealSize = parseNumeric(block, 483, 12, 'realsize');
    header.gnuSparseExtended = block[482] !== 0;
  }
  return header;
}

/** Whether a GNU sparse extension block is followed by another one (its `isextended` byte). */
export function sparseExtensionContinues(block: Buffer): boolean {
  return block[504] !== 0;
}

/** Parses pax records (`<len> <key>=<value>\n`). Malformed input is a TarFormatError. */
export function parsePaxRecords(body: Buffer): Map<string, string> {
  const records = new Map<string, string>();
  let pos = 0;
  while (pos < body.length) {
    // Trailing NUL padding after the last record is tolerated.
    if (body[pos] === 0) break;
    const space = body.indexOf(0x20, pos);
    if (space < 0) throw new TarFormatError('malformed pax record (no length)');
    const length = Number(body.toString('latin1', pos, space));
    if (!Number.isInteger(length) || length <= space - pos + 1 || pos + length > body.length) {
      throw new TarFormatError('malformed pax record length');
    }
    if (body[pos + length - 1] !== 0x0a) throw new TarFormatError('pax record does not end in a newline');
    const record = body.toString('utf8', space + 1, pos + length - 1);
    const eq = record.indexOf('=');
    if (eq <= 0) throw new TarFormatError('malformed pax record (no key)');
    records.set(record.slice(0, eq), record.slice(eq + 1));
    pos += length;
  }
  return records;
}

function paxNumber(records: Map<string, string>, key: string): number | undefined {
  const text = records.get(key);
  if (text === undefined || text === '') return undefined;
  const value = Number(text);
  if (!Number.isFinite(value) || value < 0 || value > Number.MAX_SAFE_INTEGER) {
    throw new TarFormatError(`pax ${key} is not a valid number`);
  }
  return value;
}

/** Extension entry types: their body modifies the next real header. */
export function isExtension(typeflag: string): boolean {
  return typeflag === 'x' || typeflag === 'g' || typeflag === 'L' || typeflag === 'K';
}

function kindOf(typeflag: string, name: string): TarEntryKind {
  switch (typeflag) {
    case '0':
    case '7': // contiguous file: a regular file everywhere but on a few 1980s systems
    case 'S': // old GNU sparse: a regular file whose holes are not stored
      return 'file';
    case '\0':
      // v7 had no directory type; a trailing slash marked directories.
      return name.endsWith('/') ? 'dir' : 'file';
    case '1':
      return 'hardlink';
    case '2':
      return 'symlink';
    case '3':
      return 'char';
    case '4':
      return 'block';
    case '5':
    case 'D': // GNU dumpdir: a directory whose data lists its contents
      return 'dir';
    case '6':
      return 'fifo';
    default:
      return 'other';
  }
}

/** Types whose size field Go ignores (no data follows their header). */
function isHeaderOnly(kind: TarEntryKind): boolean {
  return kind === 'hardlink' || kind === 'symlink' || kind === 'char' || kind === 'block' || kind === 'dir' || kind === 'fifo';
}

/**
 * Collects extension headers (pax local/global, GNU long name/link) and applies them to the next
 * real header. One per tar stream; the pax globals persist across entries.
 */
export class HeaderAssembler {
  private readonly globals = new Map<string, string>();
  private local = new Map<string, string>();
  private longName: string | undefined;
  private longLink: string | undefined;

  /** Size of the extension body to read for `raw`, or undefined when `raw` is a real entry. */
  extensionBodySize(raw: RawHeader): number | undefined {
    if (!isExtension(raw.typeflag)) return undefined;
    if (raw.size > MAX_EXTENSION_BYTES) {
      throw new TarFormatError(`tar extension header '${raw.typeflag}' of ${raw.size} bytes exceeds ${MAX_EXTENSION_BYTES}`);
    }
    return raw.size;
  }

  addExtension(raw: RawHeader, body: Buffer): void {
    switch (raw.typeflag) {
      case 'x':
        for (const [k, v] of parsePaxRecords(body)) this.local.set(k, v);
        break;
      case 'g':
        for (const [k, v] of parsePaxRecords(body)) this.globals.set(k, v);
        break;
      case 'L':
        this.longName = cString(body, 0, body.length);
        break;
      case 'K':
        this.longLink = cString(body, 0, body.length);
        break;
    }
  }

  /** Applies pending extensions to a real header and resets the per-entry state. */
  finish(raw: RawHeader): TarHeader {
    const pax = new Map([...this.globals, ...this.local]);
    this.local = new Map();
    const longName = this.longName;
    const longLink = this.longLink;
    this.longName = undefined;
    this.longLink = undefined;

    // Precedence: pax over GNU long names over the header fields (as GNU tar and Go apply them).
    const name = pax.get('GNU.sparse.name') ?? pax.get('path') ?? longName ?? raw.name;
    const linkname = pax.get('linkpath') ?? longLink ?? raw.linkname;
    const kind = kindOf(raw.typeflag, name);
    const storedSize = paxNumber(pax, 'size') ?? raw.size;
    const dataSize = isHeaderOnly(kind) ? 0 : storedSize;
    const paxSparse = pax.has('GNU.sparse.major') || pax.has('GNU.sparse.size') || pax.has('GNU.sparse.realsize');
    const realSize = paxNumber(pax, 'GNU.sparse.realsize') ?? paxNumber(pax, 'GNU.sparse.size') ?? raw.gnuRealSize;
    const mtimeSeconds = pax.has('mtime') ? Number(pax.get('mtime')) : raw.mtime;
    return {
      name,
      linkname,
      kind,
      typeflag: raw.typeflag,
      // Some writers put the file-type bits into mode (0o100644); only permissions and
      // setuid/setgid/sticky are meaningful.
      mode: raw.mode & 0o7777,
      uid: paxNumber(pax, 'uid') ?? raw.uid,
      gid: paxNumber(pax, 'gid') ?? raw.gid,
      mtime: Number.isFinite(mtimeSeconds) ? new Date(mtimeSeconds * 1000) : undefined,
      size: kind === 'file' ? (realSize ?? storedSize) : isHeaderOnly(kind) ? 0 : storedSize,
      dataSize,
      sparse: raw.typeflag === 'S' || paxSparse,
      devmajor: raw.devmajor,
      devminor: raw.devminor,
    };
  }
}
