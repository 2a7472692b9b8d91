import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { text } from 'node:stream/consumers';
import { TarArchive, indexTarFile } from '../../../src/source/image/tar-index.js';
import { buildTar, tempDirs } from '../../image/build-image.js';

const tmp = tempDirs();

async function tarFile(entries: Parameters<typeof buildTar>[0], transform?: (b: Buffer) => Buffer): Promise<string> {
  const file = path.join(tmp(), 'a.tar');
  const bytes = await buildTar(entries);
  fs.writeFileSync(file, transform ? transform(bytes) : bytes);
  return file;
}

describe('tar index', () => {
  const long = `blobs/sha256/${'a'.repeat(64)}/${'n'.repeat(80)}`;

  test('records offsets and sizes of every entry; reads and streams by offset', async () => {
    const file = await tarFile([
      { name: 'dir/', type: 'directory' },
      { name: './manifest.json', content: '[1]' },
      { name: long, content: 'long name content' },
      { name: 'empty', content: '' },
    ]);
    const archive = await TarArchive.open(file, { tempDir: tmp() });
    assert.deepEqual([...archive.entries.keys()], ['manifest.json', long, 'empty']);
    assert.equal((await archive.read('manifest.json', 100)).toString(), '[1]');
    assert.equal(await text(await archive.open(long)), 'long name content');
    assert.equal(await text(await archive.open('empty')), '');
    assert.equal(await archive.size(long), 17);
    await assert.rejects(archive.read(long, 5), /more than the 5 allowed/);
    await assert.rejects(archive.read('nope', 5), /nope is missing/);
    await assert.rejects(archive.read('../etc/passwd', 5), /outside the image layout/);
    await archive.close();
  });

  test('resolves symlinks relative to their directory, hardlinks from the root, and stops loops', async () => {
    const file = await tarFile([
      { name: 'abc.tar', content: 'layer bytes' },
      { name: 'id1/layer.tar', type: 'symlink', linkname: '../abc.tar' },
      { name: 'id2/layer.tar', type: 'symlink', linkname: '../id1/layer.tar' },
      { name: 'hard', type: 'link', linkname: 'abc.tar' },
      { name: 'loop/a', type: 'symlink', linkname: 'b' },
      { name: 'loop/b', type: 'symlink', linkname: 'a' },
      { name: 'out', type: 'symlink', linkname: '../../etc/passwd' },
    ]);
    const archive = await TarArchive.open(file, { tempDir: tmp() });
    for (const name of ['id1/layer.tar', 'id2/layer.tar', 'hard']) {
      assert.equal((await archive.read(name, 100)).toString(), 'layer bytes', name);
    }
    assert.equal(archive.resolve('loop/a'), undefined);
    assert.equal(archive.resolve('out'), undefined);
    await archive.close();
  });

  test('an archive cut inside an entry: earlier entries work, the cut one is an error', async () => {
    const file = await tarFile(
      [
        { name: 'whole', content: 'complete' },
        { name: 'cut', content: 'c'.repeat(3000) },
      ],
      (b) => b.subarray(0, 1024 + 512 + 100),
    );
    const archive = await TarArchive.open(file, { tempDir: tmp() });
    assert.equal((await archive.read('whole', 100)).toString(), 'complete');
    assert.equal(archive.entries.get('cut')!.truncated, true);
    await assert.rejects(archive.read('cut', 10000), /cut is truncated/);
    await assert.rejects(archive.open('cut'), /cut is truncated/);
    await archive.close();
  });

  test('an archive without end blocks is indexed completely; a cut header is a warning', async () => {
    const file = await tarFile([{ name: 'a', content: 'x' }, { name: 'b', content: 'y' }], (b) => b.subarray(0, 1536 + 200));
    const { entries, warnings } = await indexTarFile(file);
    assert.deepEqual([...entries.keys()], ['a', 'b']);
    assert.equal(warnings.length, 0);
    const cutHeader = await tarFile([{ name: 'a', content: 'x' }, { name: 'b', content: 'y' }], (b) => b.subarray(0, 1024 + 300));
    const r = await indexTarFile(cutHeader);
    assert.deepEqual([...r.entries.keys()], ['a']);
    assert.match(r.warnings[0]!, /header at offset 1024 is cut/);
  });
});
