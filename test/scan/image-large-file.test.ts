/**
 * A 2 GiB single file in a layer: streamed through the digest check and the walk without being
 * buffered (the file is sparse on disk, so the test costs disk time, not disk space).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { createReadStream, mkdirSync, mkdtempSync, openSync, closeSync, writeSync, ftruncateSync, rmSync, writeFileSync, renameSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { rawHeader } from '../image/build-image.js';
import { scanImage } from '../../src/scan/image-scan.js';

const SIZE = 2 * 1024 * 1024 * 1024;

async function sha256File(path: string): Promise<string> {
  const h = createHash('sha256');
  for await (const chunk of createReadStream(path, { highWaterMark: 4 * 1024 * 1024 })) h.update(chunk as Buffer);
  return 'sha256:' + h.digest('hex');
}

function blob(dir: string, data: string): { digest: string; size: number } {
  const digest = 'sha256:' + createHash('sha256').update(data).digest('hex');
  writeFileSync(join(dir, 'blobs', 'sha256', digest.slice(7)), data);
  return { digest, size: Buffer.byteLength(data) };
}

test('a layer holding one 2 GiB file is scanned without buffering it', { timeout: 180_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'ls-2g-'));
  try {
    mkdirSync(join(dir, 'blobs', 'sha256'), { recursive: true });
    const layerPath = join(dir, 'layer.tar');
    const fd = openSync(layerPath, 'w');
    writeSync(fd, rawHeader({ name: 'data/huge.bin', typeflag: '0', size: SIZE }));
    // Body of zeros (a hole), then two zero blocks end the archive: all sparse.
    ftruncateSync(fd, 512 + SIZE + 1024);
    closeSync(fd);
    const digest = await sha256File(layerPath);
    renameSync(layerPath, join(dir, 'blobs', 'sha256', digest.slice(7)));
    const config = blob(dir, JSON.stringify({ architecture: 'amd64', os: 'linux', config: {}, rootfs: { type: 'layers', diff_ids: [digest] }, history: [{ created_by: 'huge' }] }));
    const manifest = blob(dir, JSON.stringify({
      schemaVersion: 2, mediaType: 'application/vnd.oci.image.manifest.v1+json',
      config: { mediaType: 'application/vnd.oci.image.config.v1+json', ...config },
      layers: [{ mediaType: 'application/vnd.oci.image.layer.v1.tar', digest, size: 512 + SIZE + 1024 }],
    }));
    writeFileSync(join(dir, 'oci-layout'), JSON.stringify({ imageLayoutVersion: '1.0.0' }));
    writeFileSync(join(dir, 'index.json'), JSON.stringify({ schemaVersion: 2, manifests: [{ mediaType: 'application/vnd.oci.image.manifest.v1+json', ...manifest }] }));
    const before = process.memoryUsage().rss;
    const r = await scanImage(dir, { cacheDir: false });
    const entry = r.walk.filesystem.get('data/huge.bin');
    assert.ok(entry, 'the file is in the final filesystem');
    assert.equal(entry!.info.size, SIZE);
    assert.equal(r.layers[0]!.diffID, digest, 'the whole 2 GiB stream was hashed and matched');
    const grew = (process.memoryUsage().rss - before) / 1048576;
    assert.ok(grew < 512, `RSS grew by ${grew.toFixed(0)} MiB while reading a 2 GiB file`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
