// Validates the manifest scripts/fixtures/build.sh writes (.fixtures/fixtures.json or
// $LEFTSHIFT_FIXTURES/fixtures.json) against the image files it describes: every listed blob
// hashes to its digest, diffIDs agree across formats, damaged images are damaged, and the
// package expectations agree with what the images hold. Skips when the fixtures were not built.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { createReadStream, existsSync, readFileSync, readdirSync, statSync, openSync, readSync, closeSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { FIXTURES_DIR, FIXTURES_MANIFEST, REPO_ROOT } from './helpers/repo.js';

const repo = REPO_ROOT;
const fixturesDir = FIXTURES_DIR;
const manifestPath = FIXTURES_MANIFEST;
const skip = existsSync(manifestPath) ? false : `fixtures not built (no ${manifestPath}): run scripts/fixtures/build.sh`;

interface Member { member: string; offset: number; size: number }
interface Layer {
  digest?: string; size: number; mediaType?: string; diffID: string; verified: boolean;
  actualDigest?: string; actualSize?: number; archiveMember?: Member; member?: string; entryCount: number;
}
interface ImageFormat {
  kind: 'oci-layout' | 'oci-archive' | 'docker-archive'; path: string; ref?: string; verified: boolean;
  manifestDigest?: string; manifestSize?: number; configDigest: string; configSize: number;
  manifestArchiveMember?: Member; configArchiveMember?: Member; configMember?: Member;
  mediaType?: string; indexDigest?: string; indexSize?: number; manifests?: ImageFormat[];
  platform?: { os: string; architecture: string }; compression?: string; layers: Layer[]; repoTags?: string[];
}
interface Dpkg { package: string; version: string; architecture: string; source: string; sourceVersion: string; status: string }
interface Image {
  name: string; skipped?: string; synthetic: boolean; expectValid: boolean; diffIDs: string[];
  formats: Record<string, ImageFormat>;
  config: { user: string | null; env: string[]; exposedPorts: string[]; history: { createdBy: string | null; emptyLayer: boolean }[] };
  os: { id: string | null; versionId: string | null } | null;
  packages: {
    dpkg?: Dpkg[];
    npm?: { direct: { name: string; version: string }[]; packages: { name: string; version: string; path: string }[]; npmLsAgrees: boolean };
    python?: { name: string; version: string; metadataPath: string }[];
    java?: { path: string; groupId: string; artifactId: string; version: string }[];
    go?: { path: string; goVersion: string; mainPath: string | null; deps: { path: string; version: string | null }[] }[];
    goBuiltFrom?: { module: string; moduleVersion: string };
    rpm?: { name: string; epoch: number | null; version: string; release: string; arch: string; sourceRpm: string | null; license: string; files: string[] }[];
    apk?: { name: string; version: string; origin: string; files: string[] }[];
  };
  rpmdb?: { backend: string; path: string };
  planted?: {
    secrets: { path: string; layerIndex: number | null; deletedInLayer: number | null; sha256: string }[];
    configEnv: { name: string; value: string; alsoInHistory: boolean }[];
  };
  craftedLayers?: Record<string, { diffID: string; layerIndex: number; entries: { name: string; hostile?: string }[] }>;
  damage?: { how: string; layerIndex: number; layerDigest: string; actualSha256: string; actualSize: number; endsWithTwoZeroBlocks?: boolean };
}
interface Manifest { schemaVersion: number; scriptVersion: string; images: Record<string, Image> }

const load = (): Manifest => JSON.parse(readFileSync(manifestPath, 'utf8')) as Manifest;
const abs = (p: string) => join(fixturesDir, p);

async function sha256File(path: string, start?: number, size?: number): Promise<string> {
  const h = createHash('sha256');
  const opts = start === undefined ? {} : { start, end: start + (size ?? 0) - 1 };
  if (size === 0) return `sha256:${h.digest('hex')}`;
  for await (const chunk of createReadStream(path, opts)) h.update(chunk as Buffer);
  return `sha256:${h.digest('hex')}`;
}
const blobPath = (layout: string, digest: string) => join(abs(layout), 'blobs', ...digest.split(':'));
const readRange = (path: string, m: Member): Buffer => {
  const fd = openSync(path, 'r');
  try { const b = Buffer.alloc(m.size); readSync(fd, b, 0, m.size, m.offset); return b; } finally { closeSync(fd); }
};

/** Entries of an uncompressed tar held in a buffer (ustar prefix + PAX path; enough for these images). */
function tarEntries(buf: Buffer): { name: string; type: string; data: () => Buffer }[] {
  const out: { name: string; type: string; data: () => Buffer }[] = [];
  const str = (s: number, l: number) => { const x = buf.subarray(s, s + l); const z = x.indexOf(0); return x.subarray(0, z < 0 ? l : z).toString(); };
  let off = 0;
  let paxPath: string | null = null;
  while (off + 512 <= buf.length && !buf.subarray(off, off + 512).every((b) => b === 0)) {
    const size = parseInt(str(off + 124, 12).trim() || '0', 8);
    const type = String.fromCharCode(buf[off + 156] || 0x30);
    const prefix = str(off + 257, 6).startsWith('ustar') ? str(off + 345, 155) : '';
    const name = paxPath ?? (prefix ? `${prefix}/${str(off, 100)}` : str(off, 100));
    const start = off + 512;
    paxPath = null;
    if (type === 'x') {
      const m = /\d+ path=([^\n]*)\n/.exec(buf.subarray(start, start + size).toString());
      paxPath = m ? m[1]! : null;
    } else {
      out.push({ name: name.replace(/^\.\//, ''), type, data: () => buf.subarray(start, start + size) });
    }
    off = start + Math.ceil(size / 512) * 512;
  }
  return out;
}

/** The scriptVersion build.sh computes: sha256 over `sha256sum` lines of scripts/fixtures (README excluded). */
function scriptVersion(): string {
  const root = join(repo, 'scripts', 'fixtures');
  const files: string[] = [];
  const walk = (d: string) => {
    for (const n of readdirSync(d)) {
      const p = join(d, n);
      if (statSync(p).isDirectory()) walk(p);
      else if (n !== 'README.md' && !n.endsWith('~')) files.push(`./${relative(root, p).split(sep).join('/')}`);
    }
  };
  walk(root);
  files.sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
  const lines = files.map((f) => `${createHash('sha256').update(readFileSync(join(root, f))).digest('hex')}  ${f}\n`).join('');
  return createHash('sha256').update(lines).digest('hex').slice(0, 16);
}

test('fixtures.json: written by the current scripts/fixtures', { skip }, () => {
  const m = load();
  assert.equal(m.schemaVersion, 1);
  assert.equal(m.scriptVersion, scriptVersion(), 'fixtures are stale: rerun scripts/fixtures/build.sh');
  for (const name of ['base', 'app', 'langs', 'multi', 'rpm-sqlite', 'rpm-bdb', 'apk', 'hostile', 'hostile-corrupt', 'hostile-truncated', 'hostile-noeof']) {
    assert.ok(m.images[name], `image ${name} listed`);
  }
});

async function checkSingle(img: Image, id: string, f: ImageFormat, ctx: string) {
  const file = abs(f.path);
  if (f.kind === 'oci-layout') {
    const index = JSON.parse(readFileSync(join(file, 'index.json'), 'utf8')) as { manifests: { digest: string; annotations?: Record<string, string> }[] };
    if (f.ref && !f.manifests) assert.ok(index.manifests.some((d) => d.digest === f.manifestDigest && d.annotations?.['org.opencontainers.image.ref.name'] === f.ref), `${ctx}: index.json tags ${f.ref} -> ${f.manifestDigest}`);
    assert.equal(await sha256File(blobPath(f.path, f.manifestDigest!)), f.manifestDigest, `${ctx}: manifest blob`);
    assert.equal(await sha256File(blobPath(f.path, f.configDigest)), f.configDigest, `${ctx}: config blob`);
    const config = JSON.parse(readFileSync(blobPath(f.path, f.configDigest), 'utf8')) as { rootfs: { diff_ids: string[] } };
    assert.deepEqual(config.rootfs.diff_ids, f.layers.map((l) => l.diffID), `${ctx}: diffIDs`);
    for (const [i, l] of f.layers.entries()) {
      const actual = await sha256File(blobPath(f.path, l.digest!));
      if (l.verified) {
        assert.equal(actual, l.digest, `${ctx}: layer ${i}`);
        assert.equal(statSync(blobPath(f.path, l.digest!)).size, l.size, `${ctx}: layer ${i} size`);
      } else {
        assert.notEqual(actual, l.digest, `${ctx}: layer ${i} is listed as damaged`);
        assert.equal(actual, l.actualDigest, `${ctx}: layer ${i} damaged as recorded`);
      }
    }
  } else if (f.kind === 'oci-archive') {
    assert.equal(createHash('sha256').update(readRange(file, f.manifestArchiveMember!)).digest('hex'), f.manifestDigest!.slice(7), `${ctx}: manifest member`);
    assert.equal(createHash('sha256').update(readRange(file, f.configArchiveMember!)).digest('hex'), f.configDigest.slice(7), `${ctx}: config member`);
    for (const [i, l] of f.layers.entries()) {
      assert.equal(await sha256File(file, l.archiveMember!.offset, l.archiveMember!.size), l.digest, `${ctx}: layer ${i} member`);
    }
  } else {
    assert.equal(createHash('sha256').update(readRange(file, f.configMember!)).digest('hex'), f.configDigest.slice(7), `${ctx}: config member`);
    for (const [i, l] of f.layers.entries()) {
      assert.equal(await sha256File(file, l.archiveMember!.offset, l.archiveMember!.size), l.diffID, `${ctx}: uncompressed layer ${i} hashes to its diffID`);
    }
  }
  if (img.expectValid) assert.ok(f.verified, `${ctx}: verified at build time`);
  assert.deepEqual(f.layers.map((l) => l.diffID), img.diffIDs, `${ctx}: same diffIDs as the image (format ${id})`);
}

test('every listed blob exists and hashes to its digest; damaged images are damaged as recorded', { skip }, async () => {
  const m = load();
  for (const img of Object.values(m.images)) {
    if (img.skipped) continue;
    for (const [id, f] of Object.entries(img.formats)) {
      const ctx = `${img.name}/${id} (${f.path})`;
      assert.ok(existsSync(abs(f.path)), `${ctx}: exists`);
      if (f.manifests) {
        assert.equal(await sha256File(blobPath(f.path, f.indexDigest!)), f.indexDigest, `${ctx}: index blob`);
        for (const sub of f.manifests) await checkSingle({ ...img, diffIDs: sub.layers.map((l) => l.diffID) }, id, { ...sub, kind: f.kind, path: f.path }, `${ctx} ${sub.platform?.architecture}`);
      } else {
        await checkSingle(img, id, f, ctx);
      }
    }
    if (!img.expectValid) {
      assert.ok(img.damage, `${img.name}: damage recorded`);
      const layer = img.formats['oci']!.layers[img.damage!.layerIndex]!;
      assert.equal(layer.digest, img.damage!.layerDigest);
      assert.equal(layer.verified, false);
      assert.equal(statSync(blobPath(img.formats['oci']!.path, layer.digest!)).size, img.damage!.actualSize);
    }
  }
});

test('formats: docker-archive, oci-archive, zstd layout and the multi-platform index', { skip }, () => {
  const { images } = load();
  const base = images['base']!;
  assert.equal(base.formats['oci']!.compression, 'gzip');
  assert.equal(base.formats['oci-zstd']!.compression, 'zstd');
  assert.ok(base.formats['oci-zstd']!.layers.every((l) => l.mediaType === 'application/vnd.oci.image.layer.v1.tar+zstd'));
  assert.equal(base.formats['oci-archive']!.manifestDigest, base.formats['oci']!.manifestDigest, 'oci-archive holds the same manifest');
  assert.equal(base.formats['docker-archive']!.configDigest, base.formats['oci']!.configDigest, 'docker-archive holds the same config');
  assert.ok(base.formats['docker-archive']!.repoTags!.length > 0);
  const app = images['app']!;
  assert.deepEqual(app.formats['docker-save']!.repoTags, ['leftshift/fixture-app:1'], 'docker save (>= 25) keeps the short name');
  assert.equal(app.formats['docker-save-oci']!.compression, 'none');
  assert.deepEqual(app.formats['docker-save-oci']!.layers.map((l) => l.digest), app.diffIDs, 'uncompressed OCI layers: digest = diffID');
  assert.equal(app.formats['docker-save-oci']!.configDigest, app.formats['oci']!.configDigest);
  const multi = images['multi']!.formats['oci']!;
  assert.equal(multi.mediaType, 'application/vnd.oci.image.index.v1+json');
  assert.deepEqual(multi.manifests!.map((x) => `${x.platform!.os}/${x.platform!.architecture}`).sort(), ['linux/amd64', 'linux/arm64']);
  assert.equal(multi.manifests!.find((x) => x.platform!.architecture === 'amd64')!.manifestDigest, base.formats['oci']!.manifestDigest);
});

test('dpkg expectations match the status file inside the base image, epochs and sources kept', { skip }, () => {
  const { images } = load();
  const base = images['base']!;
  const dpkg = base.packages.dpkg!;
  assert.ok(dpkg.length > 50, `dpkg list has ${dpkg.length} packages`);
  assert.ok(dpkg.some((p) => /^\d+:/.test(p.version)), 'some version carries an epoch');
  assert.ok(dpkg.some((p) => p.source !== p.package), 'some binary package comes from a differently named source');
  assert.ok(dpkg.every((p) => p.package && p.version && p.source && p.sourceVersion && p.status === 'ii'));
  assert.equal(base.os?.id, 'debian');
  // read /var/lib/dpkg/status out of the docker-archive's (uncompressed) layer
  const da = base.formats['docker-archive']!;
  const layer = readRange(abs(da.path), da.layers[0]!.archiveMember!);
  const status = tarEntries(layer).find((e) => e.name === 'var/lib/dpkg/status');
  assert.ok(status, 'layer holds var/lib/dpkg/status');
  const inImage = new Map<string, string>();
  for (const para of status.data().toString().split('\n\n')) {
    const pkg = /^Package: (.*)$/m.exec(para)?.[1];
    const ver = /^Version: (.*)$/m.exec(para)?.[1];
    if (pkg && ver && /^Status: install ok installed$/m.test(para)) inImage.set(pkg, ver);
  }
  assert.deepEqual(new Map(dpkg.map((p) => [p.package, p.version])), inImage);
  for (const n of ['app', 'multi']) assert.deepEqual(images[n]!.packages.dpkg, dpkg, `${n} shares the base dpkg list`);
  const langs = images['langs']!.packages.dpkg!;
  assert.ok(langs.length > dpkg.length, 'langs adds Debian packages');
});

test('app: npm packages and planted secrets are where the manifest says', { skip }, () => {
  const app = load().images['app']!;
  const npm = app.packages.npm!;
  assert.ok(npm.npmLsAgrees, 'package-lock and npm ls agree');
  assert.ok(npm.packages.length > 40);
  for (const d of npm.direct) {
    assert.ok(npm.packages.some((p) => p.name === d.name && p.version === d.version && p.path === `/app/node_modules/${d.name}`), `${d.name}@${d.version} installed`);
  }
  const layers = app.formats['oci']!.layers;
  const planted = app.planted!;
  for (const s of planted.secrets) {
    assert.ok(s.layerIndex !== null && s.layerIndex > 0 && s.layerIndex < layers.length, `${s.path}: layer ${s.layerIndex}`);
    assert.match(s.sha256, /^sha256:[0-9a-f]{64}$/);
  }
  const key = planted.secrets.find((s) => s.path === '/root/.ssh/id_rsa')!;
  assert.ok(key.deletedInLayer !== null && key.deletedInLayer > key.layerIndex!, 'the key is deleted by a later layer');
  for (const e of planted.configEnv) {
    assert.ok(app.config.env.includes(`${e.name}=${e.value}`), `${e.name} in config Env`);
    assert.equal(e.alsoInHistory, app.config.history.some((h) => (h.createdBy ?? '').includes(e.value)));
  }
  assert.equal(app.config.user, 'root');
  assert.deepEqual([...app.config.exposedPorts].sort(), ['22/tcp', '8080/tcp']);
  assert.equal(app.config.history.filter((h) => !h.emptyLayer).length, layers.length, 'one non-empty history entry per layer');
});

test('langs: Python, Java and Go expectations come from the packages themselves', { skip }, () => {
  const { packages } = load().images['langs']!;
  assert.ok(packages.python!.length >= 2 && packages.python!.every((p) => p.name && /^\d/.test(p.version) && p.metadataPath.startsWith('/usr/lib/python3/')));
  assert.ok(packages.java!.length >= 1 && packages.java!.every((j) => j.groupId && j.artifactId && j.version && j.path.endsWith('.jar')));
  const go = packages.go!;
  assert.ok(go.length >= 2 && go.every((b) => /^go\d/.test(b.goVersion) && b.mainPath));
  const built = packages.goBuiltFrom!;
  assert.ok(go.some((b) => b.deps.some((d) => d.path === built.module && d.version === built.moduleVersion)), `a binary depends on ${built.module} ${built.moduleVersion}`);
});

test('rpm images: package list with epoch and source RPMs; each image holds its rpmdb backend', { skip }, () => {
  const { images } = load();
  for (const name of ['rpm-sqlite', 'rpm-bdb']) {
    const img = images[name]!;
    assert.equal(img.synthetic, true);
    const rpm = img.packages.rpm!;
    assert.ok(rpm.length >= 3);
    assert.ok(rpm.some((p) => p.epoch !== null) && rpm.some((p) => p.epoch === null), 'with and without epoch');
    assert.ok(rpm.some((p) => p.sourceRpm && !p.sourceRpm.startsWith(`${p.name}-${p.version}`)), 'a subpackage from another source RPM');
    const f = img.formats['oci']!;
    const layer = gunzipSync(readFileSync(blobPath(f.path, f.layers[0]!.digest!)));
    const names = tarEntries(layer).map((e) => e.name.replace(/^\/+/, ''));
    assert.ok(names.includes(img.rpmdb!.path.slice(1)), `${name} holds ${img.rpmdb!.path}`);
    for (const p of rpm) for (const file of p.files) assert.ok(names.includes(file.slice(1)), `${name}: ${file} of ${p.name} installed`);
  }
  assert.equal(images['rpm-sqlite']!.rpmdb!.backend, 'sqlite');
  assert.equal(images['rpm-bdb']!.rpmdb!.backend, 'bdb');
});

test('apk image: installed db lists what the manifest says', { skip }, (t) => {
  const apk = load().images['apk']!;
  if (apk.skipped) { t.skip(apk.skipped); return; }
  assert.equal(apk.synthetic, true);
  assert.equal(apk.os?.id, 'alpine');
  const f = apk.formats['oci']!;
  const entries = tarEntries(gunzipSync(readFileSync(blobPath(f.path, f.layers[0]!.digest!))));
  const db = entries.find((e) => e.name.replace(/^\/+/, '') === 'lib/apk/db/installed')!.data().toString();
  const inDb = db.split('\n\n').filter((p) => p.trim()).map((p) => ({
    name: /^P:(.*)$/m.exec(p)![1], version: /^V:(.*)$/m.exec(p)![1], origin: /^o:(.*)$/m.exec(p)![1],
  }));
  assert.deepEqual(inDb, apk.packages.apk!.map((p) => ({ name: p.name, version: p.version, origin: p.origin })));
});

test('hostile images: crafted layers at the recorded indexes; umoci insert layer lacks its EOF blocks', { skip }, () => {
  const { images } = load();
  const h = images['hostile']!;
  const layers = h.formats['oci']!.layers;
  for (const [kind, c] of Object.entries(h.craftedLayers!)) {
    assert.equal(layers[c.layerIndex]!.diffID, c.diffID, `${kind} layer`);
    assert.ok(c.entries.length > 0);
  }
  const hostileKinds = new Set(Object.values(h.craftedLayers!).flatMap((c) => c.entries.map((e) => e.hostile).filter(Boolean)));
  for (const k of ['path-traversal', 'absolute-path', 'symlink-loop', 'symlink-outside-root', 'hardlink-outside-root', 'setuid', 'setuid-hardlink', 'world-writable-dir', 'compression-bomb']) {
    assert.ok(hostileKinds.has(k), `crafted: ${k}`);
  }
  assert.equal(images['hostile-noeof']!.damage!.endsWithTwoZeroBlocks, false);
  assert.equal(images['hostile-noeof']!.expectValid, true);
  assert.equal(images['hostile-corrupt']!.expectValid, false);
  assert.equal(images['hostile-truncated']!.expectValid, false);
});
