/**
 * End-to-end image scans of the real images built by scripts/fixtures/build.sh. Expectations come
 * from fixtures.json (what dpkg-query, npm ls, rpm -qa and the packages' own metadata reported at
 * build time), never from hand-typed values. Skips when the fixtures were not built.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { scanImage } from '../../src/scan/image-scan.js';
import { getSbomFormat } from '../../src/sbom/index.js';
import { cyclonedxValidator, spdxValidator } from '../sbom/schemas.js';
import type { Package } from '../../src/sbom/package.js';
import { FIXTURES_DIR } from '../helpers/repo.js';

const FIXTURES = FIXTURES_DIR;
const MANIFEST = join(FIXTURES, 'fixtures.json');
const have = existsSync(MANIFEST);
const skip = have ? false : `fixtures not built: run scripts/fixtures/build.sh (looked for ${MANIFEST})`;

/* eslint-disable @typescript-eslint/no-explicit-any -- fixtures.json is the fixture script's own schema (scripts/fixtures/README.md) */
const manifest: any = have ? JSON.parse(readFileSync(MANIFEST, 'utf8')) : { images: {} };
const img = (name: string) => manifest.images[name];
const fmtPath = (name: string, format: string) => join(FIXTURES, img(name).formats[format].path);

const cacheDir = mkdtempSync(join(tmpdir(), 'ls-imgcache-'));
test.after(() => rmSync(cacheDir, { recursive: true, force: true }));

const byType = (pkgs: Package[], type: string) => pkgs.filter((p) => p.type === type);

test('base image: every format yields exactly the dpkg packages dpkg-query reported, with sources and epochs', { skip }, async () => {
  const expected = (img('base').packages.dpkg as Array<{ package: string; version: string; source: string; sourceVersion: string; architecture: string }>)
    .map((p) => `${p.package} ${p.version} ${p.source} ${p.sourceVersion}`).sort();
  for (const format of Object.keys(img('base').formats)) {
    const ref = format === 'oci' || format === 'oci-zstd' ? `oci:${fmtPath('base', format)}:${img('base').formats[format].ref}` : fmtPath('base', format);
    const r = await scanImage(ref, { cacheDir: false });
    const debs = byType(r.sbom.packages, 'deb');
    assert.deepEqual(debs.map((p) => `${p.name} ${p.version} ${p.source?.name} ${p.source?.version}`).sort(), expected, format);
    assert.equal(r.sbom.os?.family, 'debian');
    assert.equal(r.sbom.os?.version, img('base').os.versionId ?? img('base').os.VERSION_ID ?? r.sbom.os?.version);
    const bash = debs.find((p) => p.name === 'bash')!;
    assert.match(bash.purl, /^pkg:deb\/debian\/bash@[^?]+\?arch=amd64&distro=debian-12$/);
    assert.equal(bash.locations[0]!.layer?.diffID, img('base').formats[format].layers?.[0]?.diffID ?? img('base').diffIDs[0]);
    assert.equal(r.metadata.configDigest, img('base').formats[format].configDigest ?? r.metadata.configDigest);
  }
});

test('app image: npm packages match npm ls; the layer that added them is recorded; cache is used on the second scan', { skip }, async () => {
  const ref = fmtPath('app', 'docker-archive');
  const first = await scanImage(ref, { cacheDir });
  const npm = byType(first.sbom.packages, 'npm');
  const expected = (img('app').packages.npm.packages as Array<{ name: string; version: string }>).map((p) => `${p.name}@${p.version}`);
  const got = new Set(npm.map((p) => `${p.name}@${p.version}`));
  for (const e of expected) assert.ok(got.has(e), `missing ${e}`);
  assert.equal(new Set(npm.map((p) => `${p.name}@${p.version}`)).size, img('app').packages.npm.distinctNameVersions ?? got.size);
  const lodash = npm.find((p) => p.name === 'lodash')!;
  assert.equal(lodash.version, '4.17.15');
  assert.equal(lodash.purl, 'pkg:npm/lodash@4.17.15');
  const appLayer = lodash.locations[0]!.layer!;
  assert.equal(appLayer.diffID, img('app').diffIDs[appLayer.index]);
  assert.ok(appLayer.index >= 1, 'node_modules come from the app layer, not the base');
  assert.ok(first.walk.layers.every((l) => !l.cached));
  const second = await scanImage(ref, { cacheDir });
  assert.ok(second.walk.layers.every((l) => l.cached), 'second scan served every layer from the cache');
  assert.deepEqual(second.sbom.packages.map((p) => p.purl).sort(), first.sbom.packages.map((p) => p.purl).sort());
});

test('app image: the CycloneDX and SPDX documents validate against the official schemas', { skip }, async () => {
  const r = await scanImage(fmtPath('app', 'docker-archive'), { cacheDir });
  const input = { subject: { kind: 'image' as const, metadata: r.metadata, layers: r.layers }, os: r.sbom.os, packages: r.sbom.packages, createdAt: new Date() };
  const cdx: any = JSON.parse(getSbomFormat('cyclonedx')!.render(input));
  const validateCdx = cyclonedxValidator();
  const cdxValid: boolean = validateCdx(cdx);
  assert.ok(cdxValid, JSON.stringify(validateCdx.errors?.slice(0, 3)));
  assert.equal(cdx.components.length >= r.sbom.packages.length, true);
  assert.equal(cdx.metadata.component.type, 'container');
  const spdx: any = JSON.parse(getSbomFormat('spdx')!.render(input));
  const validateSpdx = spdxValidator();
  const spdxValid: boolean = validateSpdx(spdx);
  assert.ok(spdxValid, JSON.stringify(validateSpdx.errors?.slice(0, 3)));
  assert.ok(spdx.packages.some((p: any) => p.externalRefs?.some((e: any) => e.referenceLocator === 'pkg:npm/lodash@4.17.15')));
});

test('langs image: Go module deps from build info; Debian-owned Python/Java/Go are reported once, as debs', { skip }, async () => {
  const r = await scanImage(`oci:${fmtPath('langs', 'oci')}:${img('langs').formats.oci.ref}`, { cacheDir: false });
  const go = byType(r.sbom.packages, 'golang');
  const gohtml = (img('langs').packages.go as Array<{ path: string; deps: Array<{ path: string; version: string }> }>).find((g) => g.path === '/usr/local/bin/gohtml')!;
  for (const d of gohtml.deps) assert.ok(go.some((p) => p.name === d.path && p.version === d.version && p.locations[0]!.path === 'usr/local/bin/gohtml'), `go dep ${d.path}@${d.version}`);
  const debs = new Set(byType(r.sbom.packages, 'deb').map((p) => p.name));
  for (const d of ['python3-yaml', 'python3-six', 'libcommons-lang3-java', 'shfmt']) assert.ok(debs.has(d), d);
  assert.equal(byType(r.sbom.packages, 'pypi').length, 0, 'python packages under dpkg-owned paths are not reported twice');
  assert.equal(byType(r.sbom.packages, 'maven').filter((p) => p.locations[0]!.path.startsWith('usr/share/java/')).length, 0);
  assert.equal(r.sbom.packages.filter((p) => p.type === 'deb').length, img('langs').packages.dpkg.length);
});

test('rpm images (sqlite and Berkeley DB): packages, epochs and source RPMs as rpm -qa reported', { skip }, async () => {
  for (const name of ['rpm-sqlite', 'rpm-bdb']) {
    const r = await scanImage(`oci:${fmtPath(name, 'oci')}:${img(name).formats.oci.ref}`, { cacheDir: false });
    const rpms = byType(r.sbom.packages, 'rpm');
    const expected = (img(name).packages.rpm as Array<{ name: string; version: string; release: string; epoch: number | null; sourceRpm: string }>);
    assert.deepEqual(rpms.map((p) => p.name).sort(), expected.map((e) => e.name).sort(), name);
    for (const e of expected) {
      const p = rpms.find((x) => x.name === e.name)!;
      assert.ok(p.version.endsWith(`${e.version}-${e.release}`), `${name} ${e.name} ${p.version}`);
      if (e.epoch) assert.match(p.purl, new RegExp(`epoch=${e.epoch}`));
      assert.equal(p.source?.name, e.sourceRpm.replace(/-[^-]+-[^-]+\.src\.rpm$/, ''));
    }
  }
});

test('apk image: installed db packages with origins and the Alpine OS', { skip }, async () => {
  const r = await scanImage(`oci:${fmtPath('apk', 'oci')}:${img('apk').formats.oci.ref}`, { cacheDir: false });
  const apks = byType(r.sbom.packages, 'apk');
  const expected = img('apk').packages.apk as Array<{ name: string; version: string; origin: string }>;
  assert.deepEqual(apks.map((p) => `${p.name} ${p.version} ${p.source?.name}`).sort(), expected.map((e) => `${e.name} ${e.version} ${e.origin}`).sort());
  assert.equal(r.sbom.os?.family, 'alpine');
});

test('multi-platform index: linux/amd64 by default, linux/arm64 on request, unknown platform is a clear error', { skip }, async () => {
  const ref = fmtPath('multi', 'oci');
  const amd = await scanImage(ref, { cacheDir: false });
  assert.equal(amd.metadata.platform?.architecture, 'amd64');
  const arm = await scanImage(ref, { cacheDir: false, platform: 'linux/arm64' });
  assert.equal(arm.metadata.platform?.architecture, 'arm64');
  await assert.rejects(scanImage(ref, { cacheDir: false, platform: 'linux/s390x' }), /s390x|platform/);
});

test('hostile images: damage is a clear error naming the blob; crafted layers never crash', { skip }, async () => {
  await assert.rejects(scanImage(fmtPath('hostile-corrupt', 'oci'), { cacheDir: false }), (e: Error) => /sha256:[0-9a-f]{12}/.test(e.message) && !/\n\s+at /.test(e.message));
  await assert.rejects(scanImage(fmtPath('hostile-truncated', 'oci'), { cacheDir: false }), /truncat|unexpected end|digest|ended/i);
  const noeof = await scanImage(fmtPath('hostile-noeof', 'oci'), { cacheDir: false });
  assert.ok(noeof.layers.length >= 1, 'a layer without end-of-archive blocks is tolerated');
  for (const ref of img('hostile').formats.oci.refs as string[]) {
    const r = await scanImage(`oci:${fmtPath('hostile', 'oci')}:${ref}`, { cacheDir: false }).catch((e: Error) => e);
    if (r instanceof Error) {
      assert.ok(!/\n\s+at /.test(r.message) && r.message.length < 500, `${ref}: ${r.message}`);
      assert.match(r.message, /bomb|ratio|limit|layer/i, ref);
    } else {
      for (const path of r.walk.filesystem.keys()) assert.ok(!path.startsWith('/') && !path.split('/').includes('..'), `${ref}: unsafe path ${path}`);
    }
  }
});
