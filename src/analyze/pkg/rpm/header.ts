/**
 * rpm header blobs, as every rpmdb backend (sqlite, Berkeley DB, ndb) stores them.
 *
 * Format facts (rpm's "Package File Format" documentation, header structure; all integers big-endian):
 *   il: uint32 number of index entries
 *   dl: uint32 length of the data store
 *   il × { tag uint32, type uint32, offset int32, count uint32 }
 *   dl bytes of data store; `offset` is relative to its start
 * A database header has no 8-byte magic/reserved prefix (package files do). Types: 0 NULL, 1 CHAR,
 * 2 INT8, 3 INT16, 4 INT32, 5 INT64, 6 STRING, 7 BIN, 8 STRING_ARRAY, 9 I18NSTRING. Strings are
 * NUL-terminated; arrays are `count` strings in a row. Entries added after the signed region
 * (install time, ...) follow it, and a later entry for the same tag replaces an earlier one.
 */

export const TAG = {
  NAME: 1000,
  VERSION: 1001,
  RELEASE: 1002,
  EPOCH: 1003,
  VENDOR: 1011,
  LICENSE: 1014,
  ARCH: 1022,
  OLDFILENAMES: 1027,
  FILEMODES: 1030,
  SOURCERPM: 1044,
  PROVIDENAME: 1047,
  REQUIRENAME: 1049,
  DIRINDEXES: 1116,
  BASENAMES: 1117,
  DIRNAMES: 1118,
  MODULARITYLABEL: 5096,
} as const;

const TYPE = { CHAR: 1, INT8: 2, INT16: 3, INT32: 4, INT64: 5, STRING: 6, BIN: 7, STRING_ARRAY: 8, I18NSTRING: 9 } as const;

/** Upper bounds rpm itself enforces (hdrblobVerifyInfo): 64 Ki entries, 256 MiB of data. */
const MAX_ENTRIES = 0xffff;
const MAX_DATA = 256 * 1024 * 1024;

export type TagValue = string | string[] | number[] | Buffer;

export class RpmHeaderError extends Error {
  readonly code = 'RPM_HEADER_MALFORMED';
}

/** Decodes the tags asked for; unknown or unwanted tags are skipped without being read. */
export function parseHeader(blob: Buffer, wanted: ReadonlySet<number>): Map<number, TagValue> {
  if (blob.length < 8) throw new RpmHeaderError(`header blob of ${blob.length} bytes`);
  const il = blob.readUInt32BE(0);
  const dl = blob.readUInt32BE(4);
  if (il === 0 || il > MAX_ENTRIES || dl > MAX_DATA) throw new RpmHeaderError(`implausible header sizes il=${il} dl=${dl}`);
  const dataStart = 8 + il * 16;
  const dataEnd = dataStart + dl;
  if (dataEnd > blob.length) throw new RpmHeaderError(`header needs ${dataEnd} bytes, blob has ${blob.length}`);
  const out = new Map<number, TagValue>();
  for (let i = 0; i < il; i++) {
    const e = 8 + i * 16;
    const tag = blob.readUInt32BE(e);
    if (!wanted.has(tag)) continue;
    const type = blob.readUInt32BE(e + 4);
    const offset = blob.readInt32BE(e + 8);
    const count = blob.readUInt32BE(e + 12);
    if (offset < 0 || dataStart + offset > dataEnd) throw new RpmHeaderError(`tag ${tag}: offset ${offset} outside the data store`);
    out.set(tag, readValue(blob, dataStart + offset, dataEnd, type, count, tag));
  }
  return out;
}

function readValue(blob: Buffer, start: number, end: number, type: number, count: number, tag: number): TagValue {
  const need = (size: number) => {
    if (count > (end - start) / size) throw new RpmHeaderError(`tag ${tag}: ${count} items of ${size} bytes overrun the data store`);
  };
  switch (type) {
    case TYPE.STRING:
    case TYPE.STRING_ARRAY:
    case TYPE.I18NSTRING: {
      // STRING has count 1; I18NSTRING holds one string per language, the first is the default.
      const strings: string[] = [];
      let pos = start;
      const n = type === TYPE.STRING ? 1 : count;
      for (let k = 0; k < n; k++) {
        const nul = blob.indexOf(0, pos);
        if (nul === -1 || nul >= end) throw new RpmHeaderError(`tag ${tag}: unterminated string`);
        strings.push(blob.toString('utf8', pos, nul));
        pos = nul + 1;
      }
      return type === TYPE.STRING ? strings[0] : strings;
    }
    case TYPE.INT32: {
      need(4);
      return Array.from({ length: count }, (_, k) => blob.readUInt32BE(start + 4 * k));
    }
    case TYPE.INT16: {
      need(2);
      return Array.from({ length: count }, (_, k) => blob.readUInt16BE(start + 2 * k));
    }
    case TYPE.CHAR:
    case TYPE.INT8: {
      need(1);
      return Array.from(blob.subarray(start, start + count));
    }
    case TYPE.INT64: {
      need(8);
      return Array.from({ length: count }, (_, k) => Number(blob.readBigUInt64BE(start + 8 * k)));
    }
    case TYPE.BIN: {
      need(1);
      return blob.subarray(start, start + count);
    }
    default:
      throw new RpmHeaderError(`tag ${tag}: unknown type ${type}`);
  }
}

/** What a header says about its package, in plain values. */
export interface RpmHeaderInfo {
  name: string;
  version: string;
  release: string;
  epoch?: number;
  arch?: string;
  license?: string;
  vendor?: string;
  sourceRpm?: string;
  modularityLabel?: string;
  /** Absolute paths as recorded (`/usr/bin/x`), directories included. */
  files: string[];
  /** Same length as `files` when the header has FILEMODES. */
  fileModes?: number[];
  requires: string[];
  provides: string[];
}

const WANTED = new Set<number>(Object.values(TAG));

function str(v: TagValue | undefined): string | undefined {
  if (typeof v === 'string') return v;
  if (Array.isArray(v) && typeof v[0] === 'string') return v[0];
  return undefined;
}

function strs(v: TagValue | undefined): string[] {
  if (Array.isArray(v) && v.every((x) => typeof x === 'string')) return v as string[];
  return typeof v === 'string' ? [v] : [];
}

function nums(v: TagValue | undefined): number[] {
  return Array.isArray(v) && v.every((x) => typeof x === 'number') ? (v as number[]) : [];
}

/** Reads a header blob; throws RpmHeaderError when it is malformed or lacks NAME/VERSION/RELEASE. */
export function readRpmHeader(blob: Buffer): RpmHeaderInfo {
  const t = parseHeader(blob, WANTED);
  const name = str(t.get(TAG.NAME));
  const version = str(t.get(TAG.VERSION));
  const release = str(t.get(TAG.RELEASE));
  if (!name || version === undefined || release === undefined) throw new RpmHeaderError('header without NAME, VERSION or RELEASE');
  const info: RpmHeaderInfo = { name, version, release, files: fileList(t), requires: strs(t.get(TAG.REQUIRENAME)), provides: strs(t.get(TAG.PROVIDENAME)) };
  const epoch = nums(t.get(TAG.EPOCH))[0];
  if (epoch !== undefined) info.epoch = epoch;
  const arch = str(t.get(TAG.ARCH));
  if (arch) info.arch = arch;
  const license = str(t.get(TAG.LICENSE));
  if (license) info.license = license;
  const vendor = str(t.get(TAG.VENDOR));
  if (vendor) info.vendor = vendor;
  const sourceRpm = str(t.get(TAG.SOURCERPM));
  if (sourceRpm) info.sourceRpm = sourceRpm;
  const modularityLabel = str(t.get(TAG.MODULARITYLABEL));
  if (modularityLabel) info.modularityLabel = modularityLabel;
  const modes = nums(t.get(TAG.FILEMODES));
  if (modes.length === info.files.length && modes.length > 0) info.fileModes = modes;
  return info;
}

/** BASENAMES joined with DIRNAMES through DIRINDEXES; OLDFILENAMES in headers from rpm < 4. */
function fileList(t: Map<number, TagValue>): string[] {
  const base = strs(t.get(TAG.BASENAMES));
  if (base.length === 0) return strs(t.get(TAG.OLDFILENAMES));
  const dirs = strs(t.get(TAG.DIRNAMES));
  const idx = nums(t.get(TAG.DIRINDEXES));
  if (idx.length !== base.length) throw new RpmHeaderError(`BASENAMES (${base.length}) and DIRINDEXES (${idx.length}) differ in length`);
  return base.map((b, i) => {
    const dir = dirs[idx[i]];
    if (dir === undefined) throw new RpmHeaderError(`DIRINDEXES[${i}] = ${idx[i]} outside DIRNAMES`);
    return dir + b;
  });
}

/** `openssl-3.0.7-27.el9.src.rpm` → { name: 'openssl', version: '3.0.7-27.el9' }. */
export function parseSourceRpm(file: string): { name: string; version: string } | undefined {
  const stem = file.replace(/\.(no)?src\.rpm$/, '');
  if (stem === file) return undefined;
  const r = stem.lastIndexOf('-');
  const v = r > 0 ? stem.lastIndexOf('-', r - 1) : -1;
  if (v <= 0) return undefined;
  return { name: stem.slice(0, v), version: stem.slice(v + 1) };
}
