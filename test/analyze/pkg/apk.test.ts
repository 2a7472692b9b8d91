import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { AnalyzerOutput } from '../../../src/analyze/analyzer.js';
import type { FileInfo, LayerRef } from '../../../src/image/fs-types.js';
import { apkAnalyzer, parseApkInstalled } from '../../../src/analyze/pkg/apk.js';
import { finalizeOsPackages } from '../../../src/analyze/os/finalize.js';
import { fixturePackages, installedDb, secdbVersions } from './apk-fixture.js';

const layer: LayerRef = { index: 2, diffID: 'sha256:' + '2'.repeat(64) };
const info: FileInfo = { path: 'lib/apk/db/installed', type: 'file', mode: 0o644, uid: 0, gid: 0, size: 0 };
const versions = secdbVersions('v3.19');
const skip = !versions && 'shared/vulndb/native/alpine/v3.19 is not available';

function analyze(text: string, truncated = false): AnalyzerOutput {
  return apkAnalyzer.analyze({ path: 'lib/apk/db/installed', info, content: Buffer.from(text), truncated, layer }) as AnalyzerOutput;
}

describe('apk installed database', { skip }, () => {
  const fixture = versions ? fixturePackages(versions) : [];
  const text = installedDb(fixture);

  it('finds every package with name, version, arch, origin and license', () => {
    const out = analyze(text);
    assert.equal(out.warnings, undefined);
    assert.deepEqual(
      out.packages!.map((p) => [p.name, p.version, p.arch, p.source?.name, p.source?.version, p.licenses.join()]),
      fixture.map((f) => [f.name, f.version, 'x86_64', f.origin, f.version, f.license]),
    );
    assert.equal(out.packages![0].foundBy, 'apk');
    assert.deepEqual(out.packages![0].locations, [{ path: 'lib/apk/db/installed', layer }]);
  });

  it('joins F: directories and R: files into owned files', () => {
    const out = analyze(text);
    const musl = out.packages!.find((p) => p.name === 'musl')!;
    assert.deepEqual(musl.files, ['lib/ld-musl-x86_64.so.1', 'lib/libc.musl-x86_64.so.1']);
    const expectedOwned = fixture.flatMap((f) => Object.entries(f.files).flatMap(([d, fs]) => fs.map((x) => `${d}/${x}`)));
    assert.deepEqual(out.ownedFiles, expectedOwned);
  });

  it('resolves so:/cmd: dependencies through provides and drops conflicts and missing packages', () => {
    const out = analyze(text);
    const dep = (n: string) => out.packages!.find((p) => p.name === n)!.dependsOn;
    assert.deepEqual(dep('libssl3'), ['musl', 'libcrypto3']);
    // ca-certificates-bundle is not installed, !apk-tools-static is a conflict.
    assert.deepEqual(dep('apk-tools'), ['musl', 'libcrypto3', 'libssl3', 'zlib']);
    assert.equal(dep('musl'), undefined);
  });

  it('gets alpine and wolfi purls from finalizeOsPackages', () => {
    const pkgs = analyze(text).packages!;
    const musl = finalizeOsPackages(pkgs, { family: 'alpine', version: '3.19.1' }).find((p) => p.name === 'musl')!;
    assert.equal(musl.purl, `pkg:apk/alpine/musl@${versions!.get('musl')}?arch=x86_64&distro=alpine-3.19.1`);
    const wolfi = finalizeOsPackages(pkgs, { family: 'wolfi', version: '20230201' }).find((p) => p.name === 'musl')!;
    assert.ok(wolfi.purl.startsWith('pkg:apk/wolfi/musl@'));
  });

  it('keeps complete blocks of a truncated database and warns', () => {
    const cut = text.slice(0, text.indexOf('P:zlib') + 10);
    const out = analyze(cut, true);
    assert.deepEqual(out.packages!.map((p) => p.name), ['musl', 'busybox', 'libcrypto3', 'libssl3']);
    assert.match(out.warnings!.at(-1)!, /read partly/);
  });
});

describe('apk malformed input', () => {
  it('warns about blocks without P:/V: and garbage lines, never throws', () => {
    const { packages, warnings } = parseApkInstalled('P:only-name\n\nV:1.0-r0\n\ngarbage line\nP:ok\nV:1-r0\n\x00\x01\x02\n', { path: 'lib/apk/db/installed' });
    assert.deepEqual(packages.map((p) => p.name), ['ok']);
    assert.equal(warnings.length, 4);
  });

  it('bounds warnings on binary garbage', () => {
    const junk = Array.from({ length: 500 }, (_, i) => String.fromCharCode(1 + (i % 200)).repeat(3)).join('\n');
    const { warnings } = parseApkInstalled(junk, { path: 'x' });
    assert.ok(warnings.length <= 21);
  });

  it('wants only lib/apk/db/installed as a regular file', () => {
    assert.equal(apkAnalyzer.wants('lib/apk/db/installed', info), true);
    assert.equal(apkAnalyzer.wants('lib/apk/db/installed', { ...info, type: 'symlink' }), false);
    assert.equal(apkAnalyzer.wants('usr/lib/apk/db/installed', info), false);
  });
});
