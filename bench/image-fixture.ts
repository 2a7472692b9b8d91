/**
 * Generates an OCI image layout of a given size for the image benchmark, streaming (tar-stream →
 * gzip → file) so generation itself stays small in memory. Content: the host's real dpkg status
 * in the base layer, a node_modules tree of generated package.json files, and pseudo-random
 * binary blobs (hardly compressible, like real binaries) filling the rest.
 */
import { createHash } from 'node:crypto';
import { createWriteStream, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { PassThrough, Transform } from 'node:stream';
import { createGzip, constants } from 'node:zlib';
import tar from 'tar-stream';
import { generateCorpus } from '../src/analyze/secret/bench-helper.js';

function pseudoRandom(seed: number, len: number): Buffer {
  const buf = Buffer.allocUnsafe(len);
  let x = seed | 1;
  for (let i = 0; i + 4 <= len; i += 4) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    buf.writeInt32LE(x | 0, i);
  }
  return buf;
}

function hashing(hash: ReturnType<typeof createHash>): Transform {
  return new Transform({
    transform(chunk: Buffer, _enc, cb) {
      hash.update(chunk);
      cb(null, chunk);
    },
  });
}

interface Layer { digest: string; diffID: string; size: number }

async function writeLayer(dir: string, fill: (pack: tar.Pack) => Promise<void>): Promise<Layer> {
  const pack = tar.pack();
  const diff = createHash('sha256');
  const blob = createHash('sha256');
  const tmp = join(dir, 'blobs', 'sha256', `tmp-${process.pid}-${Math.random().toString(36).slice(2)}`);
  let size = 0;
  const counter = new PassThrough();
  counter.on('data', (c: Buffer) => (size += c.length));
  const done = pipeline(pack, hashing(diff), createGzip({ level: constants.Z_BEST_SPEED }), hashing(blob), counter, createWriteStream(tmp));
  await fill(pack);
  pack.finalize();
  await done;
  const digest = 'sha256:' + blob.digest('hex');
  renameSync(tmp, join(dir, 'blobs', 'sha256', digest.slice(7)));
  return { digest, diffID: 'sha256:' + diff.digest('hex'), size };
}

function entry(pack: tar.Pack, name: string, data: Buffer): Promise<void> {
  return new Promise((resolve, reject) => pack.entry({ name, size: data.length, mode: 0o644 }, data, (err) => (err ? reject(err) : resolve())));
}

function putBlob(dir: string, data: string): { digest: string; size: number } {
  const digest = 'sha256:' + createHash('sha256').update(data).digest('hex');
  writeFileSync(join(dir, 'blobs', 'sha256', digest.slice(7)), data);
  return { digest, size: Buffer.byteLength(data) };
}

/** Builds (once; reused when complete) an OCI layout of about `mib` MiB uncompressed in `dir`. */
export async function ensureBenchImage(dir: string, mib: number): Promise<string> {
  if (existsSync(join(dir, 'index.json'))) return dir;
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(join(dir, 'blobs', 'sha256'), { recursive: true });
  const layers: Layer[] = [];
  const status = existsSync('/var/lib/dpkg/status') ? readFileSync('/var/lib/dpkg/status') : Buffer.from('');
  layers.push(await writeLayer(dir, async (pack) => {
    await entry(pack, 'etc/os-release', Buffer.from('PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nNAME="Debian GNU/Linux"\nVERSION_ID="12"\nVERSION_CODENAME=bookworm\nID=debian\n'));
    await entry(pack, 'var/lib/dpkg/status', status);
  }));
  layers.push(await writeLayer(dir, async (pack) => {
    for (let i = 0; i < 2000; i++) {
      const name = `pkg-${i}`;
      await entry(pack, `app/node_modules/${name}/package.json`, Buffer.from(JSON.stringify({ name, version: `1.${i % 50}.${i % 7}`, license: 'MIT', dependencies: { [`pkg-${(i + 1) % 2000}`]: '^1.0.0' } })));
      await entry(pack, `app/node_modules/${name}/index.js`, Buffer.from(`module.exports = ${i};\n`.repeat(20)));
    }
  }));
  // Source-like text (what secret scanning actually reads): about 10% of the image.
  const corpus = generateCorpus(Math.max(8, Math.round(mib / 10)) * 1024 * 1024, 11);
  layers.push(await writeLayer(dir, async (pack) => {
    const chunk = 256 * 1024;
    for (let off = 0, i = 0; off < corpus.length; off += chunk, i++) await entry(pack, `srv/app/src/module${i}.js`, Buffer.from(corpus.slice(off, off + chunk)));
  }));
  const blob = pseudoRandom(7, 1024 * 1024);
  const perLayer = 128;
  const fillLayers = Math.max(1, Math.round(mib / perLayer));
  for (let l = 0; l < fillLayers; l++) {
    layers.push(await writeLayer(dir, async (pack) => {
      for (let i = 0; i < perLayer; i++) {
        // Distinct files of the same cost; a copy, because zlib reads its input asynchronously.
        const data = Buffer.from(blob);
        data.writeUInt32LE(l * 1000 + i, 0);
        await entry(pack, `opt/data${l}/blob${i}.bin`, data);
      }
    }));
  }
  const config = putBlob(dir, JSON.stringify({
    architecture: 'amd64', os: 'linux', config: { User: '1000', Cmd: ['/app/run'] },
    rootfs: { type: 'layers', diff_ids: layers.map((l) => l.diffID) },
    history: layers.map((_, i) => ({ created_by: `bench layer ${i}` })),
  }));
  const manifest = putBlob(dir, JSON.stringify({
    schemaVersion: 2, mediaType: 'application/vnd.oci.image.manifest.v1+json',
    config: { mediaType: 'application/vnd.oci.image.config.v1+json', ...config },
    layers: layers.map((l) => ({ mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip', digest: l.digest, size: l.size })),
  }));
  writeFileSync(join(dir, 'oci-layout'), JSON.stringify({ imageLayoutVersion: '1.0.0' }));
  writeFileSync(join(dir, 'index.json'), JSON.stringify({
    schemaVersion: 2, mediaType: 'application/vnd.oci.image.index.v1+json',
    manifests: [{ mediaType: 'application/vnd.oci.image.manifest.v1+json', ...manifest, annotations: { 'org.opencontainers.image.ref.name': 'bench' }, platform: { os: 'linux', architecture: 'amd64' } }],
  }));
  return dir;
}
