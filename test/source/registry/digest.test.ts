import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { DigestVerifier, digestOf, parseDigest, type DigestProblem } from '../../../src/source/registry/digest.js';

async function run(data: Buffer, digest: string, size?: number): Promise<DigestProblem | 'ok'> {
  let problem: DigestProblem | undefined;
  const v = new DigestVerifier(parseDigest(digest)!, (p) => ((problem = p), new Error('mismatch')), size);
  const sink: Buffer[] = [];
  try {
    await pipeline(Readable.from([data.subarray(0, 3), data.subarray(3)]), v, async (src: AsyncIterable<Buffer>) => {
      for await (const c of src) sink.push(c);
    });
  } catch {
    return problem!;
  }
  assert.deepEqual(Buffer.concat(sink), data, 'bytes pass through unchanged');
  return 'ok';
}

test('DigestVerifier: passes matching bytes, fails on another digest, a wrong size, or too many bytes', async () => {
  const data = Buffer.from('hello layer');
  const d = digestOf(data);
  assert.equal(await run(data, d, data.length), 'ok');
  assert.deepEqual(await run(Buffer.from('hello lazer'), d), { reason: 'digest', actual: digestOf(Buffer.from('hello lazer')), size: data.length });
  assert.deepEqual(await run(data, d, data.length + 1), { reason: 'size', size: data.length });
  assert.deepEqual(await run(data, d, 4), { reason: 'oversize', size: data.length }, 'the second chunk crosses the limit');
});

test('parseDigest accepts sha256/sha512 of the right length only', () => {
  assert.ok(parseDigest(digestOf(Buffer.from('x'))));
  assert.ok(parseDigest(digestOf(Buffer.from('x'), 'sha512')));
  assert.equal(parseDigest('sha256:abc'), undefined);
  assert.equal(parseDigest(`md5:${'a'.repeat(32)}`), undefined);
  assert.equal(parseDigest(`sha256:${'A'.repeat(64)}`), undefined, 'upper-case hex is not canonical');
});
