import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { HeaderAssembler, TarFormatError, parseNumeric, parsePaxRecords, parseRawHeader } from '../../src/image/tar-header.js';
import { ByteReader, iterateTarStream } from '../../src/image/tar-parse.js';
import { buildTar, pad, rawHeader } from './build-image.js';

function withChecksum(block: Buffer): Buffer {
  block.fill(0x20, 148, 156);
  let sum = 0;
  for (const b of block) sum += b;
  block.write(sum.toString(8).padStart(6, '0') + '\0 ', 148, 'latin1');
  return block;
}

async function entriesOf(bytes: Buffer) {
  const warnings: string[] = [];
  async function* one() {
    yield bytes;
  }
  const out: Array<{ name: string; size: number; kind: string; data: string }> = [];
  for await (const e of iterateTarStream(new ByteReader(one()), { onWarning: (w) => warnings.push(w) })) {
    out.push({ name: e.header.name, size: e.header.size, kind: e.header.kind, data: (await e.readData(1 << 20)).toString() });
  }
  return { out, warnings };
}

describe('tar headers', () => {
  test('numbers: octal with padding, base-256', () => {
    assert.equal(parseNumeric(Buffer.from(' 0000644\0'), 0, 8, 'mode'), 0o644);
    assert.equal(parseNumeric(Buffer.from('0000017 '), 0, 8, 'x'), 15);
    assert.equal(parseNumeric(Buffer.from('\0\0\0\0'), 0, 4, 'x'), 0);
    const big = Buffer.alloc(12);
    big[0] = 0x80;
    big.writeUIntBE(10 * 1024 ** 3, 6, 6);
    assert.equal(parseNumeric(big, 0, 12, 'size'), 10 * 1024 ** 3);
    assert.throws(() => parseNumeric(Buffer.from('00009\0'), 0, 6, 'size'), TarFormatError);
  });

  test('a wrong checksum is a TarFormatError', () => {
    const block = rawHeader({ name: 'x', typeflag: '0', size: 0 });
    block[0] = 0x79;
    assert.throws(() => parseRawHeader(block), /checksum mismatch/);
  });

  test('pax records: lengths include themselves; malformed ones are rejected', () => {
    const rec = (k: string, v: string) => {
      const body = ` ${k}=${v}\n`;
      let n = body.length + 1;
      while (`${n}${body}`.length !== n) n++;
      return `${n}${body}`;
    };
    const records = parsePaxRecords(Buffer.from(rec('path', 'a/b c') + rec('size', '12345678901')));
    assert.deepEqual([...records], [
      ['path', 'a/b c'],
      ['size', '12345678901'],
    ]);
    assert.throws(() => parsePaxRecords(Buffer.from('99 path=x\n')), TarFormatError);
    assert.throws(() => parsePaxRecords(Buffer.from('9 pathx\n')), TarFormatError);
  });

  test('ustar prefix joins the name; symlink size is ignored like Go does', async () => {
    const long = `${'p'.repeat(120)}/name`;
    const tarBytes = await buildTar([{ name: long, content: 'x' }]);
    assert.equal(parseRawHeader(tarBytes.subarray(0, 512)).name, long);
    // A symlink claiming 512 bytes of data: the next block is a header, not its data.
    const link = withChecksum(Buffer.from(rawHeader({ name: 'l', typeflag: '2', size: 512, linkname: 't' })));
    const file = rawHeader({ name: 'f', typeflag: '0', size: 2 });
    const { out } = await entriesOf(Buffer.concat([link, file, pad(Buffer.from('ok')), Buffer.alloc(1024)]));
    assert.deepEqual(out, [
      { name: 'l', size: 0, kind: 'symlink', data: '' },
      { name: 'f', size: 2, kind: 'file', data: 'ok' },
    ]);
  });

  test('old GNU sparse: extension blocks skipped, real size reported, stored data read', async () => {
    const header = Buffer.from(rawHeader({ name: 'sparse', typeflag: 'S', size: 5, gnu: true }));
    header.write('00000100000\0', 483, 'latin1'); // realsize 32768
    header[482] = 1; // an extension block follows
    withChecksum(header);
    const ext = Buffer.alloc(512); // its isextended byte (504) is 0: the last one
    const { out, warnings } = await entriesOf(Buffer.concat([header, ext, pad(Buffer.from('hello')), Buffer.alloc(1024)]));
    assert.deepEqual(warnings, []);
    assert.deepEqual(out, [{ name: 'sparse', size: 32768, kind: 'file', data: 'hello' }]);
  });

  test('global pax headers apply to later entries; local ones to the next only', async () => {
    const assembler = new HeaderAssembler();
    const g = parseRawHeader(rawHeader({ name: 'g', typeflag: 'g', size: 12 }));
    assembler.addExtension(g, Buffer.from('12 uid=4242\n'));
    const a = assembler.finish(parseRawHeader(rawHeader({ name: 'a', typeflag: '0', size: 0 })));
    assert.equal(a.uid, 4242);
    assembler.addExtension(parseRawHeader(rawHeader({ name: 'x', typeflag: 'x', size: 10 })), Buffer.from('10 path=b\n'));
    assert.equal(assembler.finish(parseRawHeader(rawHeader({ name: 'ignored', typeflag: '0', size: 0 }))).name, 'b');
    assert.equal(assembler.finish(parseRawHeader(rawHeader({ name: 'c', typeflag: '0', size: 0 }))).name, 'c');
  });

  test('data after a single zero block is ignored with a warning', async () => {
    const tarBytes = await buildTar([{ name: 'a', content: 'a' }]);
    const hidden = await buildTar([{ name: 'hidden', content: 'h' }]);
    const { out, warnings } = await entriesOf(Buffer.concat([tarBytes.subarray(0, 1024), Buffer.alloc(512), hidden]));
    assert.deepEqual(
      out.map((e) => e.name),
      ['a'],
    );
    assert.match(warnings[0]!, /data after a single zero block/);
  });
});
