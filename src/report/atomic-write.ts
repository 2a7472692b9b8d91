import { randomBytes } from 'node:crypto';
import { constants as fsConstants } from 'node:fs';
import { open, rename, stat, unlink, type FileHandle } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { LeftshiftError } from '../errors.js';

function errnoCode(err: unknown): string | undefined {
  return typeof err === 'object' && err !== null && 'code' in err ? String((err as { code: unknown }).code) : undefined;
}

function describe(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** Keeps the permissions of a file being replaced, so `-o report.json` does not reset them. */
async function existingMode(filePath: string): Promise<number | undefined> {
  try {
    const s = await stat(filePath);
    return s.isFile() ? s.mode & 0o7777 : undefined;
  } catch {
    return undefined;
  }
}

/** Makes the rename itself durable. Some platforms cannot open or sync a directory; that is fine. */
async function syncDirectory(dir: string): Promise<void> {
  let handle: FileHandle | undefined;
  try {
    handle = await open(dir, fsConstants.O_RDONLY);
    await handle.sync();
  } catch {
    // Best effort: the data itself was synced before the rename.
  } finally {
    await handle?.close().catch(() => undefined);
  }
}

function ioError(filePath: string, err: unknown): LeftshiftError {
  const dir = dirname(filePath);
  switch (errnoCode(err)) {
    case 'ENOENT':
      return new LeftshiftError('IO', `cannot write ${filePath}: directory ${dir} does not exist`, 'create the directory first or choose another output path', { cause: err });
    case 'ENOTDIR':
      return new LeftshiftError('IO', `cannot write ${filePath}: ${dir} is not a directory`, undefined, { cause: err });
    case 'EACCES':
    case 'EPERM':
    case 'EROFS':
      return new LeftshiftError('IO', `cannot write ${filePath}: permission denied`, 'choose an output path you can write to', { cause: err });
    case 'EISDIR':
      return new LeftshiftError('IO', `cannot write ${filePath}: it is a directory`, 'give a file name, not a directory', { cause: err });
    default:
      return new LeftshiftError('IO', `cannot write ${filePath}: ${describe(err)}`, undefined, { cause: err });
  }
}

/**
 * Writes `content` to `filePath` so that readers see either the old file or the complete new
 * one, never a partial write: the bytes go to a temporary file in the same directory (a rename
 * is only atomic within one file system), are fsynced, and the temporary file is renamed over
 * the target. On any failure the temporary file is removed and a LeftshiftError('IO') is thrown.
 * A symlink at `filePath` is replaced by the file rather than written through.
 */
export async function writeOutputAtomically(filePath: string, content: string): Promise<void> {
  const dir = dirname(filePath);
  // Dot-prefixed and random: hidden from casual listings and never clashes with a concurrent run.
  const tempPath = join(dir, `.${basename(filePath)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  const mode = await existingMode(filePath);
  let handle: FileHandle | undefined;
  let created = false;
  try {
    // 'wx' fails rather than following a symlink or truncating a file someone placed there.
    handle = await open(tempPath, 'wx', mode ?? 0o666);
    created = true;
    await handle.writeFile(content, 'utf8');
    if (mode !== undefined) await handle.chmod(mode); // the umask may have narrowed it
    await handle.sync();
    await handle.close();
    handle = undefined;
    await rename(tempPath, filePath);
    created = false;
  } catch (err) {
    await handle?.close().catch(() => undefined);
    if (created) await unlink(tempPath).catch(() => undefined);
    throw ioError(filePath, err);
  }
  await syncDirectory(dir);
}
