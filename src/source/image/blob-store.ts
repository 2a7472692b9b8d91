/**
 * Where the files of an image layout live: a directory (OCI layout) or a tar archive indexed in
 * place (docker save, OCI archive). Names are `/`-separated relative paths inside the layout
 * (`index.json`, `blobs/sha256/<hex>`, `manifest.json`, `<id>/layer.tar`).
 */
import * as fs from 'node:fs';
import * as fsp from 'node:fs/promises';
import * as path from 'node:path';
import { Readable } from 'node:stream';
import { InputError } from '../../errors.js';
import { cleanEntryPath } from '../../image/layer-reader.js';

export interface BlobStore {
  /** For messages: `OCI layout /tmp/x`, `archive /tmp/x.tar`. */
  readonly description: string;
  /** Size of a regular file, or undefined when there is none. */
  size(name: string): Promise<number | undefined>;
  /** Reads a whole (small) file; InputError when missing or larger than `maxBytes`. */
  read(name: string, maxBytes: number): Promise<Buffer>;
  open(name: string): Promise<NodeJS.ReadableStream>;
  close(): Promise<void>;
}

/** Manifests, indexes and configs are small; anything above this is refused before reading. */
export const MAX_METADATA_BYTES = 32 * 1024 * 1024;

/** Cleans a layout-relative name; InputError when it climbs out of the layout. */
export function layoutName(name: string, description: string): string {
  const cleaned = cleanEntryPath(name);
  if ('escapes' in cleaned || cleaned.path === '') {
    throw new InputError(`${description}: invalid path '${name}' (outside the image layout)`);
  }
  return cleaned.path;
}

export function tooLarge(description: string, name: string, size: number, max: number): InputError {
  return new InputError(`${description}: ${name} is ${size} bytes, more than the ${max} allowed for image metadata`);
}

export function emptyStream(): NodeJS.ReadableStream {
  return Readable.from([]);
}

/** An OCI image layout directory (symlinks inside it are followed: it is the user's own tree). */
export class DirectoryStore implements BlobStore {
  readonly description: string;
  constructor(readonly root: string) {
    this.description = `OCI layout ${root}`;
  }

  private file(name: string): string {
    return path.join(this.root, ...layoutName(name, this.description).split('/'));
  }

  async size(name: string): Promise<number | undefined> {
    try {
      const stat = await fsp.stat(this.file(name));
      return stat.isFile() ? stat.size : undefined;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT' || (err as NodeJS.ErrnoException).code === 'ENOTDIR') return undefined;
      throw err;
    }
  }

  async read(name: string, maxBytes: number): Promise<Buffer> {
    const size = await this.size(name);
    if (size === undefined) throw new InputError(`${this.description}: ${name} is missing`);
    if (size > maxBytes) throw tooLarge(this.description, name, size, maxBytes);
    return fsp.readFile(this.file(name));
  }

  async open(name: string): Promise<NodeJS.ReadableStream> {
    const size = await this.size(name);
    if (size === undefined) throw new InputError(`${this.description}: ${name} is missing`);
    return fs.createReadStream(this.file(name));
  }

  async close(): Promise<void> {}
}
