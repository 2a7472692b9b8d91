import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Readable } from 'node:stream';
import { EngineError } from '../../../../src/source/image/engine/errors.js';
import { readExport, type ReadExportOptions } from '../../../../src/source/image/engine/export-store.js';
import { buildTar, packFiles, tempDirs } from '../../../image/build-image.js';
import { packInOrder, podmanStyleFiles, smallImage } from './fake-engine.js';

const tmp = tempDirs('ls-export-');

/** The bytes as a network would deliver them: in chunks of `size`. */
function chunked(bytes: Buffer, size = 1000): Readable {
  const chunks: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += size) chunks.push(bytes.subarray(i, i + size));
  return Readable.from(chunks);
}

function options(spool: string, extra: Partial<ReadExportOptions> = {}): ReadExportOptions & { aborted: () => number } {
  let aborted = 0;
  return { description: 'test export', image: 'myapp:dev', tempDir: spool, abort: () => void aborted++, aborted: () => aborted, ...extra };
}

async function streamText(stream: NodeJS.ReadableStream): Promise<string> {
  const parts: Buffer[] = [];
  for await (const c of stream as AsyncIterable<Buffer>) parts.push(c);
  return Buffer.concat(parts).toString();
}

describe('readExport', () => {
  test('small members stay in memory, large ones are spooled; links resolve; close() removes the spool', async () => {
    const img = await smallImage('store');
    const files = podmanStyleFiles(img, ['store:1']);
    files.set('big.bin', Buffer.alloc(5000, 'b'));
    const spool = tmp();
    const opts = options(spool, { maxInlineMemberBytes: 4096 });
    const store = await readExport(chunked(await packFiles(files), 777), opts);
    assert.equal(opts.aborted(), 1, 'the HTTP exchange is released once the archive ended');
    assert.equal(store.stats.spooled, 5000);
    assert.equal(fs.readdirSync(spool).length, 1);
    assert.equal(await streamText(await store.open('big.bin')), 'b'.repeat(5000));
    // manifest.json lists <diffID>.tar; the legacy <id>/layer.tar symlinks resolve to the same member.
    const manifest = JSON.parse((await store.read('manifest.json', 1 << 20)).toString()) as Array<{ Layers: string[] }>;
    const layer = manifest[0]!.Layers[0]!;
    assert.equal(await store.size(layer), img.layers[0]!.size);
    const legacy = [...files.keys()].find((n) => n.endsWith('/layer.tar'))!;
    assert.equal(await store.size(legacy), img.layers[0]!.size);
    assert.equal(await store.size('nope'), undefined);
    await assert.rejects(store.read('big.bin', 100), /big\.bin is 5000 bytes, more than the 100 allowed/);
    await store.close();
    assert.deepEqual(fs.readdirSync(spool), []);
    await assert.rejects(store.open(layer), /was closed/);
  });

  test('member order does not matter (manifest.json first or last)', async () => {
    const img = await smallImage('order');
    const files = podmanStyleFiles(img, ['order:1']);
    for (const first of [['manifest.json', 'repositories'], []]) {
      const store = await readExport(chunked(await packInOrder(files, first)), options(tmp()));
      assert.equal(store.names()[0], first[0] ?? [...files.keys()][0]);
      assert.equal(await store.size('manifest.json'), (files.get('manifest.json') as Buffer).length);
      assert.equal(store.spoolDir, undefined, 'nothing spooled: every member fits in memory');
      await store.close();
    }
  });

  test('a stream cut mid-way is an error naming the image, and leaves no spool behind', async () => {
    const img = await smallImage('cut');
    const bytes = await packFiles(podmanStyleFiles(img, ['cut:1']));
    const cases: Array<[string, Buffer, RegExp]> = [
      ['inside a member', bytes.subarray(0, 1700), /was cut mid-way: member '.*\.tar' ends after \d+ of \d+ bytes/],
      ['between members (no end-of-archive blocks)', bytes.subarray(0, bytes.length - 1024), /was cut mid-way: the stream ended without the tar end-of-archive blocks/],
      // The last member (`repositories`, 2 bytes) is one header and one data block before the end blocks.
      ['inside a header', bytes.subarray(0, bytes.length - 2048 + 100), /was cut mid-way: tar header at offset \d+ is cut/],
      ['nothing at all', Buffer.alloc(0), /was cut mid-way: the engine sent no data/],
    ];
    for (const [what, cut, message] of cases) {
      const spool = tmp();
      const opts = options(spool, { maxInlineMemberBytes: 0 });
      await assert.rejects(readExport(chunked(cut), opts), (err: unknown) => {
        assert.ok(err instanceof EngineError, what);
        assert.equal(err.kind, 'export-failed');
        assert.match(err.message, /^the export of 'myapp:dev' \(test export\)/, what);
        assert.match(err.message, message, what);
        return true;
      });
      assert.equal(opts.aborted(), 1, what);
      assert.deepEqual(fs.readdirSync(spool).filter((n) => fs.readdirSync(path.join(spool, n)).length > 0), [], what);
    }
  });

  test('a network error while reading is reported as a cut stream', async () => {
    const img = await smallImage('reset');
    const bytes = await packFiles(podmanStyleFiles(img, ['reset:1']));
    async function* failing(): AsyncGenerator<Buffer> {
      yield bytes.subarray(0, 2000);
      throw Object.assign(new Error('aborted'), { code: 'ECONNRESET' });
    }
    await assert.rejects(readExport(failing(), options(tmp())), /the export of 'myapp:dev' \(test export\) was cut mid-way: aborted/);
  });

  test('an error the engine wrote into the stream is reported with its message', async () => {
    const img = await smallImage('inband');
    const bytes = await packFiles(podmanStyleFiles(img, ['inband:1']));
    const line = '{"errorDetail":{"message":"content digest sha256:abc: not found"},"error":"content digest sha256:abc: not found"}\r\n';
    for (const at of [1024 + 100, 512 * 5]) {
      const poisoned = Buffer.concat([bytes.subarray(0, at), Buffer.from(line)]);
      await assert.rejects(readExport(chunked(poisoned), options(tmp())), (err: unknown) => {
        assert.ok(err instanceof EngineError && err.kind === 'export-failed');
        assert.equal(err.message, "the engine failed while exporting 'myapp:dev': content digest sha256:abc: not found");
        return true;
      });
    }
  });

  test('not a tar, and an export over the size limit', async () => {
    await assert.rejects(readExport(chunked(Buffer.from('<html>proxy error</html>'.padEnd(600, ' '))), options(tmp())), /was cut mid-way: invalid tar at offset 0/);
    const big = await buildTar([{ name: 'layer.tar', content: Buffer.alloc(10_000) }]);
    const spool = tmp();
    await assert.rejects(readExport(chunked(big), options(spool, { maxExportBytes: 5000 })), (err: unknown) => {
      assert.ok(err instanceof EngineError && err.kind === 'too-large');
      assert.match(err.message, /the export of 'myapp:dev' exceeds 5000 bytes/);
      return true;
    });
    assert.deepEqual(fs.readdirSync(spool), []);
  });
});
