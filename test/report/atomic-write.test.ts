import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { LeftshiftError } from '../../src/errors.js';
import { writeOutputAtomically } from '../../src/report/atomic-write.js';

describe('writeOutputAtomically', () => {
  let root: string;
  before(async () => {
    root = await mkdtemp(join(tmpdir(), 'leftshift-atomic-'));
  });
  after(async () => {
    await rm(root, { recursive: true, force: true });
  });

  async function freshDir(name: string): Promise<string> {
    const dir = join(root, name);
    await mkdir(dir);
    return dir;
  }

  it('writes the content and leaves no temporary file', async () => {
    const dir = await freshDir('new');
    const file = join(dir, 'report.json');
    await writeOutputAtomically(file, '{"ok":true} ☕\n');
    assert.equal(await readFile(file, 'utf8'), '{"ok":true} ☕\n');
    assert.deepEqual(await readdir(dir), ['report.json']);
  });

  it('replaces an existing file and keeps its permissions', async () => {
    const dir = await freshDir('replace');
    const file = join(dir, 'report.sarif');
    await writeFile(file, 'old content that is longer than the new one', { mode: 0o600 });
    await writeOutputAtomically(file, 'new');
    assert.equal(await readFile(file, 'utf8'), 'new');
    assert.equal((await stat(file)).mode & 0o777, 0o600);
    assert.deepEqual(await readdir(dir), ['report.sarif']);
  });

  it('fails with a clear IO error when the directory does not exist, creating nothing', async () => {
    const missing = join(root, 'missing');
    await assert.rejects(writeOutputAtomically(join(missing, 'out.json'), 'x'), (err: unknown) => {
      assert.ok(err instanceof LeftshiftError);
      assert.equal(err.code, 'IO');
      assert.match(err.message, /missing does not exist/);
      return true;
    });
    assert.equal((await readdir(root)).includes('missing'), false);
  });

  it('removes its temporary file when the final rename fails', async () => {
    const dir = await freshDir('rename-fails');
    // The output path is a non-empty directory, so the temp file is written but cannot replace it.
    const target = join(dir, 'out');
    await mkdir(target);
    await writeFile(join(target, 'keep'), 'x');
    await assert.rejects(writeOutputAtomically(target, 'data'), (err: unknown) => {
      assert.ok(err instanceof LeftshiftError);
      assert.equal(err.code, 'IO');
      assert.ok(err.message.includes(target));
      return true;
    });
    assert.deepEqual(await readdir(dir), ['out']);
    assert.deepEqual(await readdir(target), ['keep']);
  });
});
