import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import type { Analyzer } from '../../../src/analyze/analyzer.js';
import { InputError } from '../../../src/errors.js';
import { DigestMismatchError } from '../../../src/image/digest.js';
import type { ImageSource } from '../../../src/image/types.js';
import { walkImage } from '../../../src/image/walk.js';
import { openImageSource } from '../../../src/source/image/index.js';
import {
  buildImage,
  buildTar,
  compress,
  dockerArchiveFiles,
  ociLayoutFiles,
  packFiles,
  sha256,
  tempDirs,
  writeFiles,
  zstdAvailable,
  type BuiltImage,
  type FileMap,
} from '../../image/build-image.js';

const tmp = tempDirs();

const osRelease: Analyzer = {
  name: 'os-release',
  version: 1,
  wants: (p) => p === 'etc/os-release',
  analyze: ({ content }) => ({ os: { family: /^ID=(.*)$/m.exec(content.toString())?.[1] ?? '?', version: '1' } }),
};

async function osOf(source: ImageSource): Promise<string[]> {
  const result = await walkImage(source, { analyzers: [osRelease] });
  return result.effective.map((o) => o.output.os!.family);
}

async function image(id: string, options: { platform?: BuiltImage['platform']; compression?: 'none' | 'gzip' | 'zstd'; docker?: boolean } = {}): Promise<BuiltImage> {
  const base = await buildTar([
    { name: 'etc/', type: 'directory' },
    { name: 'etc/os-release', content: `ID=${id}\n` },
  ]);
  const app = await buildTar([{ name: 'app/main', content: `app of ${id}` }]);
  return buildImage({
    layers: [
      { tar: base, compression: options.compression ?? 'gzip', createdBy: 'ADD rootfs.tar /' },
      { tar: app, compression: options.compression ?? 'gzip', createdBy: 'COPY app /app' },
    ],
    ...(options.platform ? { platform: options.platform } : {}),
    ...(options.docker ? { docker: true } : {}),
  });
}

async function archiveFile(files: FileMap, name = 'image.tar', transform?: (b: Buffer) => Buffer): Promise<string> {
  const file = path.join(tmp(), name);
  const bytes = await packFiles(files);
  fs.writeFileSync(file, transform ? transform(bytes) : bytes);
  return file;
}

async function open(reference: string, options: Parameters<typeof openImageSource>[1] = {}): Promise<ImageSource> {
  return openImageSource(reference, { tempDir: tmp(), ...options });
}

describe('docker-archive', () => {
  test('legacy layout with <id>/layer.tar symlinks: detected, tags, digests, history, walkable', async () => {
    const img = await image('debian', { compression: 'none' });
    const file = await archiveFile(dockerArchiveFiles([{ image: img, repoTags: ['docker.io/leftshift/fixture-app:1'] }], 'legacy'));
    for (const ref of [file, `docker-archive:${file}`]) {
      const source = await open(ref);
      try {
        assert.equal(source.metadata.sourceKind, 'docker-archive');
        assert.equal(source.metadata.reference, ref);
        assert.deepEqual(source.metadata.repoTags, ['docker.io/leftshift/fixture-app:1']);
        assert.equal(source.metadata.configDigest, img.configDigest);
        assert.equal(source.metadata.manifestDigest, undefined);
        assert.deepEqual(source.metadata.platform, { os: 'linux', architecture: 'amd64' });
        assert.deepEqual(
          source.layers.map((l) => [l.index, l.diffID, l.digest, l.createdBy, l.historyIndex, l.compression]),
          [
            [0, img.layers[0]!.diffID, undefined, 'ADD rootfs.tar /', 0, 'none'],
            [1, img.layers[1]!.diffID, undefined, 'COPY app /app', 2, 'none'],
          ],
        );
        assert.deepEqual(await osOf(source), ['debian']);
      } finally {
        await source.close();
      }
    }
  });

  test('Docker ≥ 25 archive: manifest.json for tags, blobs/ for data, OCI manifest digest', async () => {
    for (const compression of ['none', 'gzip'] as const) {
      const img = await image('ubuntu', { compression });
      const file = await archiveFile(dockerArchiveFiles([{ image: img, repoTags: ['myapp:dev'] }], 'docker25'));
      const source = await open(file);
      try {
        assert.equal(source.metadata.sourceKind, 'docker-archive');
        assert.deepEqual(source.metadata.repoTags, ['myapp:dev']);
        assert.equal(source.metadata.manifestDigest, img.manifestDigest);
        assert.equal(source.metadata.configDigest, img.configDigest);
        assert.deepEqual(
          source.layers.map((l) => [l.digest, l.compression]),
          img.layers.map((l) => [l.digest, compression]),
        );
        assert.deepEqual(await osOf(source), ['ubuntu']);
      } finally {
        await source.close();
      }
      // The same file read as an OCI archive.
      const asOci = await open(`oci-archive:${file}`);
      assert.equal(asOci.metadata.sourceKind, 'oci-archive');
      assert.deepEqual(asOci.metadata.repoTags, ['myapp:dev']);
      assert.equal(asOci.metadata.manifestDigest, img.manifestDigest);
      await asOci.close();
    }
  });

  test('gzip-compressed archive (docker save | gzip): decompressed to a temp file removed on close', async () => {
    const img = await image('alpine');
    const file = await archiveFile(dockerArchiveFiles([{ image: img, repoTags: ['a:1'] }], 'legacy'), 'image.tar.gz', (b) => zlib.gzipSync(b));
    const temp = tmp();
    const source = await openImageSource(file, { tempDir: temp });
    assert.equal(fs.readdirSync(temp).length, 1, 'one temporary archive directory');
    assert.deepEqual(await osOf(source), ['alpine']);
    await source.close();
    assert.deepEqual(fs.readdirSync(temp), []);
  });

  test('zstd-compressed archive', { skip: zstdAvailable() ? false : 'zstd CLI not installed' }, async () => {
    const img = await image('wolfi');
    const file = await archiveFile(dockerArchiveFiles([{ image: img, repoTags: ['w:1'] }], 'legacy'), 'image.tar.zst', (b) => compress(b, 'zstd'));
    const source = await open(file);
    assert.deepEqual(await osOf(source), ['wolfi']);
    await source.close();
  });

  test('several images: ambiguous without a selector; by tag (normalised) or @N', async () => {
    const a = await image('debian');
    const b = await image('alpine');
    const file = await archiveFile(
      dockerArchiveFiles(
        [
          { image: a, repoTags: ['docker.io/library/debian:12'] },
          { image: b, repoTags: ['alpine:3.20'] },
        ],
        'legacy',
      ),
    );
    await assert.rejects(open(file), (err: unknown) => {
      assert.ok(err instanceof InputError);
      assert.match(err.message, /holds 2 images: @0 \(docker\.io\/library\/debian:12\); @1 \(alpine:3\.20\)/);
      return true;
    });
    const byTag = await open(`docker-archive:${file}:debian:12`);
    assert.deepEqual(await osOf(byTag), ['debian']);
    await byTag.close();
    const byIndex = await open(`${file}:@1`);
    assert.deepEqual(await osOf(byIndex), ['alpine']);
    await byIndex.close();
    await assert.rejects(open(`docker-archive:${file}:nope:1`), /has no image tagged 'nope:1'/);
  });

  test('a config whose bytes do not match its name is a DigestMismatchError', async () => {
    const img = await image('debian');
    const files = dockerArchiveFiles([{ image: img, repoTags: [] }], 'legacy');
    const configName = `${img.configDigest.slice(7)}.json`;
    files.set(configName, Buffer.from(img.config.toString().replace('amd64', 'arm64')));
    await assert.rejects(open(await archiveFile(files)), (err: unknown) => {
      assert.ok(err instanceof DigestMismatchError);
      assert.match(err.message, new RegExp(`image config ${configName}: digest mismatch`));
      return true;
    });
  });

  test('a missing layer file is reported at open', async () => {
    const img = await image('debian');
    const files = dockerArchiveFiles([{ image: img, repoTags: [] }], 'legacy');
    files.delete(`${img.layers[1]!.diffID.slice(7)}.tar`);
    await assert.rejects(open(await archiveFile(files)), /layer 1 \(.*layer\.tar\) is missing/);
    // Listed in LayerSources: a foreign layer docker save leaves out.
    const manifest = JSON.parse((files.get('manifest.json') as Buffer).toString());
    manifest[0].LayerSources = { [img.layers[1]!.diffID]: { mediaType: 'application/vnd.docker.image.rootfs.foreign.diff.tar.gzip', size: 1, digest: img.layers[1]!.digest } };
    files.set('manifest.json', Buffer.from(JSON.stringify(manifest)));
    await assert.rejects(open(await archiveFile(files)), /layer 1 \(sha256:.*\) is a foreign \(non-distributable\) layer/);
  });
});

describe('OCI layout and archive', () => {
  async function multiPlatform(nested?: 'oci' | 'docker') {
    const amd = await image('amd', { platform: { os: 'linux', architecture: 'amd64' }, ...(nested === 'docker' ? { docker: true } : {}) });
    const arm = await image('arm', { platform: { os: 'linux', architecture: 'arm64', variant: 'v8' }, ...(nested === 'docker' ? { docker: true } : {}) });
    const files = ociLayoutFiles(
      [
        { image: amd, withPlatform: true },
        { image: arm, withPlatform: true },
      ],
      nested ? { nested, nestedRefName: 'multi' } : {},
    );
    return { amd, arm, dir: writeFiles(tmp(), files), files };
  }

  test('index with two platforms: default linux/amd64, --platform selects, variants match', async () => {
    const { amd, arm, dir } = await multiPlatform();
    const def = await open(dir);
    assert.equal(def.metadata.sourceKind, 'oci-layout');
    assert.equal(def.metadata.manifestDigest, amd.manifestDigest);
    assert.deepEqual(await osOf(def), ['amd']);
    await def.close();
    for (const platform of ['linux/arm64', 'linux/arm64/v8', 'linux/aarch64']) {
      const source = await open(`oci:${dir}`, { platform });
      assert.equal(source.metadata.manifestDigest, arm.manifestDigest, platform);
      assert.deepEqual(source.metadata.platform, { os: 'linux', architecture: 'arm64', variant: 'v8' });
      await source.close();
    }
    await assert.rejects(open(dir, { platform: 'linux/s390x' }), (err: unknown) => {
      assert.ok(err instanceof InputError);
      assert.match(err.message, /no image for platform linux\/s390x/);
      assert.match(err.hint!, /available platforms: linux\/amd64, linux\/arm64\/v8/);
      return true;
    });
  });

  test('nested OCI index and Docker manifest list, selected by the tag on the outer descriptor', async () => {
    for (const nested of ['oci', 'docker'] as const) {
      const { arm, dir } = await multiPlatform(nested);
      const source = await open(`oci:${dir}:multi`, { platform: 'linux/arm64' });
      assert.equal(source.metadata.manifestDigest, arm.manifestDigest);
      assert.deepEqual(source.metadata.repoTags, ['multi']);
      assert.deepEqual(await osOf(source), ['arm']);
      await source.close();
    }
  });

  test('untagged selection among tagged images is ambiguous; tags select; unknown tag lists tags', async () => {
    const one = await image('one');
    const two = await image('two');
    const dir = writeFiles(
      tmp(),
      ociLayoutFiles([
        { image: one, refName: '1.0' },
        { image: two, refName: '2.0' },
      ]),
    );
    await assert.rejects(open(dir), (err: unknown) => {
      assert.ok(err instanceof InputError);
      assert.match(err.message, /several images: 1\.0 sha256:.*; 2\.0 sha256:/);
      return true;
    });
    const s = await open(`${dir}:2.0`);
    assert.deepEqual(s.metadata.repoTags, ['2.0']);
    assert.deepEqual(await osOf(s), ['two']);
    await s.close();
    await assert.rejects(open(`oci:${dir}:3.0`), (err: unknown) => {
      assert.ok(err instanceof InputError);
      assert.match(err.message, /no image tagged '3\.0'/);
      assert.equal(err.hint, 'available tags: 1.0, 2.0');
      return true;
    });
  });

  test('attestation manifests are not candidates', async () => {
    const img = await image('real', { platform: { os: 'linux', architecture: 'arm64' } });
    const attestation = await image('attestation', { platform: { os: 'unknown', architecture: 'unknown' } });
    const dir = writeFiles(
      tmp(),
      ociLayoutFiles([
        { image: img, withPlatform: true },
        { image: attestation, withPlatform: true },
      ]),
    );
    // Only one real image: scanned although it is not the default platform.
    const source = await open(dir);
    assert.equal(source.metadata.manifestDigest, img.manifestDigest);
    await source.close();
  });

  test('oci-archive with a tag suffix, and auto-detected', async () => {
    const img = await image('archived');
    const file = await archiveFile(ociLayoutFiles([{ image: img, refName: 'v1' }]), 'layout.tar');
    for (const ref of [`oci-archive:${file}:v1`, file]) {
      const source = await open(ref);
      assert.equal(source.metadata.sourceKind, 'oci-archive');
      assert.deepEqual(source.metadata.repoTags, ['v1']);
      assert.deepEqual(await osOf(source), ['archived']);
      await source.close();
    }
  });

  test('zstd layers in an OCI layout', { skip: zstdAvailable() ? false : 'zstd CLI not installed' }, async () => {
    const img = await image('zstd', { compression: 'zstd' });
    const dir = writeFiles(tmp(), ociLayoutFiles([{ image: img }]));
    const source = await open(dir);
    assert.equal(source.layers[0]!.mediaType, 'application/vnd.oci.image.layer.v1.tar+zstd');
    assert.equal(source.layers[0]!.compression, 'zstd');
    assert.deepEqual(await osOf(source), ['zstd']);
    await source.close();
  });

  test('manifest and config bytes are verified against their digests', async () => {
    const img = await image('x');
    const files = ociLayoutFiles([{ image: img }]);
    const tampered = new Map(files);
    tampered.set(`blobs/sha256/${img.manifestDigest.slice(7)}`, Buffer.from(img.manifest.toString().replace('"schemaVersion":2', '"schemaVersion": 2')));
    await assert.rejects(open(writeFiles(tmp(), tampered)), (err: unknown) => {
      assert.ok(err instanceof DigestMismatchError);
      assert.match(err.message, new RegExp(`^image manifest ${img.manifestDigest}: digest mismatch`));
      return true;
    });
    const badConfig = new Map(files);
    badConfig.set(`blobs/sha256/${img.configDigest.slice(7)}`, Buffer.from(img.config.toString().replace('"os":"linux"', '"os":"Linux"')));
    await assert.rejects(open(writeFiles(tmp(), badConfig)), (err: unknown) => {
      assert.ok(err instanceof DigestMismatchError);
      assert.match(err.message, new RegExp(`^image config ${img.configDigest}: digest mismatch`));
      return true;
    });
  });

  test('diff_ids count must match the manifest layers', async () => {
    const img = await image('x');
    const config = JSON.parse(img.config.toString());
    config.rootfs.diff_ids.pop();
    const configBytes = Buffer.from(JSON.stringify(config));
    const manifest = JSON.parse(img.manifest.toString());
    manifest.config.digest = sha256(configBytes);
    manifest.config.size = configBytes.length;
    const manifestBytes = Buffer.from(JSON.stringify(manifest));
    const files = ociLayoutFiles([{ image: img }]);
    files.set(`blobs/sha256/${sha256(configBytes).slice(7)}`, configBytes);
    files.set(`blobs/sha256/${sha256(manifestBytes).slice(7)}`, manifestBytes);
    files.set(
      'index.json',
      Buffer.from(JSON.stringify({ schemaVersion: 2, manifests: [{ mediaType: img.manifestMediaType, digest: sha256(manifestBytes), size: manifestBytes.length }] })),
    );
    await assert.rejects(open(writeFiles(tmp(), files)), /lists 1 diff_ids but the image has 2 layers/);
  });

  test('missing layer blobs: plain and non-distributable', async () => {
    const img = await image('x');
    const files = ociLayoutFiles([{ image: img }]);
    files.delete(`blobs/sha256/${img.layers[1]!.digest.slice(7)}`);
    await assert.rejects(open(writeFiles(tmp(), files)), new RegExp(`layer 1 \\(${img.layers[1]!.digest}\\) is missing`));

    const tarBytes = await buildTar([{ name: 'etc/os-release', content: 'ID=windows\n' }]);
    const foreign = buildImage({ layers: [{ tar: tarBytes, mediaType: 'application/vnd.oci.image.layer.nondistributable.v1.tar+gzip' }] });
    const ffiles = ociLayoutFiles([{ image: foreign }]);
    ffiles.delete(`blobs/sha256/${foreign.layers[0]!.digest.slice(7)}`);
    await assert.rejects(open(writeFiles(tmp(), ffiles)), /non-distributable layer that is not in the OCI layout/);
  });

  test('a wrong layer digest in a layout fails the walk naming the blob', async () => {
    const tarBytes = await buildTar([{ name: 'etc/os-release', content: 'ID=x\n' }]);
    const img = buildImage({ layers: [{ tar: tarBytes, wrongDigest: true }] });
    const dir = writeFiles(tmp(), ociLayoutFiles([{ image: img }]));
    const source = await open(dir);
    await assert.rejects(walkImage(source, { analyzers: [osRelease] }), (err: unknown) => {
      assert.ok(err instanceof DigestMismatchError);
      assert.match(err.message, new RegExp(`^layer 0 \\(${img.layers[0]!.digest}\\) blob: digest mismatch`));
      return true;
    });
    await source.close();
  });
});

describe('detection and errors', () => {
  test('a plain directory is a rootfs; rootfs: prefix too', async () => {
    const dir = tmp();
    fs.mkdirSync(path.join(dir, 'etc'));
    fs.writeFileSync(path.join(dir, 'etc', 'os-release'), 'ID=rootfs\n');
    for (const ref of [dir, `rootfs:${dir}`]) {
      const source = await open(ref);
      assert.equal(source.metadata.sourceKind, 'rootfs');
      assert.equal(source.layers.length, 1);
      assert.equal(source.layers[0]!.diffID, `rootfs:${path.resolve(dir)}`);
      assert.deepEqual(await osOf(source), ['rootfs']);
      await source.close();
    }
  });

  test('explicit sourceKind', async () => {
    const img = await image('k');
    const dir = writeFiles(tmp(), ociLayoutFiles([{ image: img }]));
    const s = await open(dir, { sourceKind: 'oci-layout' });
    assert.equal(s.metadata.sourceKind, 'oci-layout');
    await s.close();
    const asRootfs = await open(dir, { sourceKind: 'rootfs' });
    assert.equal(asRootfs.metadata.sourceKind, 'rootfs');
    await asRootfs.close();
    // --image-src registry goes to the registry (port 1 refuses at once, no network needed).
    await assert.rejects(open('127.0.0.1:1/myapp:dev', { sourceKind: 'registry', registry: { insecureHosts: ['127.0.0.1:1'] } }), /cannot reach 127\.0\.0\.1:1/);
    await assert.rejects(open(`oci:${dir}`, { sourceKind: 'docker-archive' }), /is a oci-layout reference/);
  });

  test('things that are not images say what was expected', async () => {
    await assert.rejects(open('/nonexistent/leftshift/image.tar'), (err: unknown) => {
      assert.ok(err instanceof InputError);
      assert.match(err.message, /not a local file or directory/);
      assert.match(err.hint!, /docker save archive/);
      return true;
    });
    const plainTar = path.join(tmp(), 'files.tar');
    fs.writeFileSync(plainTar, await buildTar([{ name: 'hello.txt', content: 'hi' }]));
    await assert.rejects(open(plainTar), /tar archive without manifest\.json or index\.json/);
    const text = path.join(tmp(), 'notes.txt');
    fs.writeFileSync(text, 'just some text, certainly not a tar archive '.repeat(20));
    await assert.rejects(open(text), /is not a tar archive/);
    const gzText = path.join(tmp(), 'notes.txt.gz');
    fs.writeFileSync(gzText, zlib.gzipSync(Buffer.from('plain text, gzipped '.repeat(100))));
    const temp = tmp();
    await assert.rejects(openImageSource(gzText, { tempDir: temp }), /is compressed but does not contain a tar archive/);
    assert.deepEqual(fs.readdirSync(temp), [], 'the temporary copy is removed');
    await assert.rejects(open('oci:/nonexistent/layout'), /OCI layout directory \/nonexistent\/layout does not exist/);
  });
});
