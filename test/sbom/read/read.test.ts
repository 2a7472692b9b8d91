import assert from 'node:assert/strict';
import { test } from 'node:test';
import { InputError } from '../../../src/errors.js';
import { getSbomFormat } from '../../../src/sbom/index.js';
import { detectSbomFormat, readSbom } from '../../../src/sbom/read/index.js';
import { filesystemInput, imageInput, samplePackages } from '../fixtures.js';

const originals = samplePackages();
const key = (p: { purl: string; locations: Array<{ path: string }> }) => `${p.purl}|${p.locations[0]?.path}`;

for (const format of ['cyclonedx', 'spdx'] as const) {
  test(`${format}: our own SBOM reads back into the same packages, OS and subject`, () => {
    const text = getSbomFormat(format)!.render(imageInput());
    const json = JSON.parse(text);
    assert.equal(detectSbomFormat(json)?.format, format);
    const read = readSbom(text, `bom.${format}.json`);
    assert.deepEqual(read.warnings, []);
    assert.equal(read.subjectName, 'docker.io/acme/app:1.4.2');
    assert.equal(read.os?.family, 'debian');
    assert.equal(read.os?.version, '12');
    assert.equal(read.packages.length, originals.length);
    const byKey = new Map(read.packages.map((p) => [key(p), p]));
    for (const o of originals) {
      const r = byKey.get(key(o));
      assert.ok(r, `missing ${key(o)}`);
      assert.equal(r.type, o.type);
      assert.equal(r.version, o.version, o.name);
      const expectedName = o.namespace && o.type === 'maven' ? `${o.namespace}:${o.name}` : o.name;
      assert.equal(r.name, expectedName);
      // A layer's history step (createdBy) is not written to SBOMs; index and diffID are.
      const expected = o.locations.map((l) => (l.layer ? { ...l, layer: { index: l.layer.index, diffID: l.layer.diffID } } : l));
      assert.deepEqual(r.locations, expected, `locations of ${o.name}`);
      assert.equal(r.foundBy, o.foundBy);
      if (o.epoch !== undefined) assert.equal(r.epoch, o.epoch);
      if (o.arch) assert.equal(r.arch, o.arch);
      if (o.source) assert.equal(r.source?.name, o.source.name, `source of ${o.name}`);
      if (o.source?.version) assert.equal(r.source?.version, o.source.version);
    }
    // The dependency graph survives too.
    const babel = read.packages.find((p) => p.name === '@babel/core')!;
    assert.deepEqual(babel.dependsOn, ['lodash']);
  });
}

test('a directory SBOM has no OS', () => {
  const read = readSbom(getSbomFormat('cyclonedx')!.render(filesystemInput()));
  assert.equal(read.os, undefined);
  assert.equal(read.subjectName, './project');
  assert.ok(read.packages.every((p) => !['deb', 'apk', 'rpm'].includes(p.type)));
});

/**
 * Shaped after syft's CycloneDX JSON encoder output (anchore/syft
 * syft/format/cyclonedxjson/testdata/snapshot/TestCycloneDxImageEncoder.golden: `syft:package:foundBy`,
 * `syft:location:N:path` properties, an `operating-system` component with syft:distro properties),
 * with the `upstream=` and `distro=` purl qualifiers syft writes for deb packages, and a 1.5 specVersion.
 */
const SYFT_LIKE = {
  $schema: 'http://cyclonedx.org/schema/bom-1.5.schema.json',
  bomFormat: 'CycloneDX',
  specVersion: '1.5',
  serialNumber: 'urn:uuid:1b671687-395b-41f5-a30f-a58921a69b79',
  version: 1,
  metadata: { timestamp: '2024-05-01T12:00:00Z', tools: { components: [{ type: 'application', author: 'anchore', name: 'syft', version: '1.4.1' }] }, component: { 'bom-ref': 'abc', type: 'container', name: 'debian', version: 'sha256:' + 'c'.repeat(64) } },
  components: [
    {
      'bom-ref': 'pkg:deb/debian/libnss3@2:3.87.1-1?arch=amd64&distro=debian-12&package-id=1',
      type: 'library',
      name: 'libnss3',
      version: '2:3.87.1-1',
      licenses: [{ license: { name: 'MPL-2.0' } }],
      cpe: 'cpe:2.3:a:libnss3:libnss3:2\\:3.87.1-1:*:*:*:*:*:*:*',
      purl: 'pkg:deb/debian/libnss3@2%3A3.87.1-1?arch=amd64&upstream=nss&distro=debian-12',
      properties: [
        { name: 'syft:package:foundBy', value: 'dpkg-db-cataloger' },
        { name: 'syft:package:type', value: 'deb' },
        { name: 'syft:package:metadataType', value: 'dpkg-db-entry' },
        { name: 'syft:location:0:layerID', value: 'sha256:' + 'd'.repeat(64) },
        { name: 'syft:location:0:path', value: '/var/lib/dpkg/status' },
        { name: 'syft:metadata:source', value: 'nss' },
      ],
    },
    {
      'bom-ref': 'pkg:deb/debian/libgcc-s1@1:12.2.0-14?package-id=2',
      type: 'library',
      name: 'libgcc-s1',
      version: '12.2.0-14',
      purl: 'pkg:deb/debian/libgcc-s1@12.2.0-14?arch=amd64&upstream=gcc-12%4012.2.0-14&distro=debian-12',
      properties: [{ name: 'syft:location:0:path', value: '/var/lib/dpkg/status' }],
    },
    {
      'bom-ref': 'py1',
      type: 'library',
      name: 'Django',
      version: '4.2.1',
      purl: 'pkg:pypi/django@4.2.1',
      properties: [{ name: 'syft:package:foundBy', value: 'python-installed-package-cataloger' }, { name: 'syft:location:0:path', value: '/usr/lib/python3/dist-packages/Django-4.2.1.dist-info/METADATA' }],
    },
    { 'bom-ref': 'file1', type: 'file', name: '/etc/passwd' },
    { 'bom-ref': 'bin1', type: 'library', name: 'busybox', version: '1.36', cpe: 'cpe:2.3:a:busybox:busybox:1.36:*:*:*:*:*:*:*' },
    {
      'bom-ref': 'os:debian@12',
      type: 'operating-system',
      name: 'debian',
      version: '12',
      description: 'Debian GNU/Linux 12 (bookworm)',
      swid: { tagId: 'debian', name: 'debian', version: '12' },
      properties: [{ name: 'syft:distro:id', value: 'debian' }, { name: 'syft:distro:versionID', value: '12' }],
    },
  ],
  dependencies: [{ ref: 'pkg:deb/debian/libnss3@2:3.87.1-1?arch=amd64&distro=debian-12&package-id=1', dependsOn: ['pkg:deb/debian/libgcc-s1@1:12.2.0-14?package-id=2'] }],
};

test('syft-shaped CycloneDX 1.5: purl qualifiers and syft properties', () => {
  const read = readSbom(JSON.stringify(SYFT_LIKE), 'syft.cdx.json');
  assert.deepEqual(read.os, { family: 'debian', version: '12', name: 'Debian GNU/Linux 12 (bookworm)' });
  assert.equal(read.subjectName, `debian@sha256:${'c'.repeat(64)}`);
  assert.equal(read.packages.length, 3);
  const nss = read.packages.find((p) => p.name === 'libnss3')!;
  assert.equal(nss.version, '2:3.87.1-1');
  assert.deepEqual(nss.source, { name: 'nss', version: '2:3.87.1-1' });
  assert.equal(nss.arch, 'amd64');
  assert.equal(nss.namespace, 'debian');
  assert.deepEqual(nss.locations, [{ path: 'var/lib/dpkg/status' }]);
  assert.equal(nss.foundBy, 'dpkg-db-cataloger');
  assert.deepEqual(nss.licenses, ['MPL-2.0']);
  assert.deepEqual(nss.dependsOn, ['libgcc-s1']);
  const gcc = read.packages.find((p) => p.name === 'libgcc-s1')!;
  assert.deepEqual(gcc.source, { name: 'gcc-12', version: '12.2.0-14' });
  assert.equal(gcc.foundBy, 'sbom');
  const django = read.packages.find((p) => p.type === 'pypi')!;
  assert.equal(django.name, 'django');
  assert.equal(read.warnings.length, 1);
  assert.match(read.warnings[0], /1 component/);
});

test('SPDX 2.2 with an OPERATING-SYSTEM package and syft-style sourceInfo; rpm upstream=*.src.rpm', () => {
  const doc = {
    spdxVersion: 'SPDX-2.2',
    dataLicense: 'CC0-1.0',
    SPDXID: 'SPDXRef-DOCUMENT',
    name: 'registry.access.redhat.com/ubi9',
    documentNamespace: 'https://anchore.com/syft/image/ubi9-1',
    creationInfo: { created: '2024-05-01T00:00:00Z', creators: ['Tool: syft-1.4.1'] },
    packages: [
      { SPDXID: 'SPDXRef-OS', name: 'rhel', versionInfo: '9.4', primaryPackagePurpose: 'OPERATING-SYSTEM', downloadLocation: 'NOASSERTION' },
      {
        SPDXID: 'SPDXRef-Package-rpm-openssl-libs-1',
        name: 'openssl-libs',
        versionInfo: '1:3.0.7-27.el9',
        licenseDeclared: 'Apache-2.0',
        sourceInfo: 'acquired package info from RPM DB: /var/lib/rpm/rpmdb.sqlite',
        externalRefs: [{ referenceCategory: 'PACKAGE-MANAGER', referenceType: 'purl', referenceLocator: 'pkg:rpm/redhat/openssl-libs@3.0.7-27.el9?arch=x86_64&epoch=1&upstream=openssl-3.0.7-27.el9.src.rpm&distro=rhel-9.4' }],
        downloadLocation: 'NOASSERTION',
      },
      { SPDXID: 'SPDXRef-File-x', name: 'something', downloadLocation: 'NOASSERTION' },
    ],
    relationships: [],
  };
  const read = readSbom(JSON.stringify(doc));
  assert.equal(read.format, 'spdx');
  assert.equal(read.specVersion, '2.2');
  assert.deepEqual(read.os, { family: 'rhel', version: '9.4' });
  const p = read.packages[0];
  assert.equal(p.version, '3.0.7-27.el9');
  assert.equal(p.epoch, 1);
  assert.deepEqual(p.source, { name: 'openssl', version: '3.0.7-27.el9' });
  assert.deepEqual(p.locations, [{ path: 'var/lib/rpm/rpmdb.sqlite' }]);
  assert.equal(read.subjectName, 'registry.access.redhat.com/ubi9');
});

test('OS from the distro qualifier when the SBOM has no OS component', () => {
  const bom = { ...SYFT_LIKE, components: SYFT_LIKE.components.filter((c) => c.type !== 'operating-system') };
  assert.deepEqual(readSbom(JSON.stringify(bom)).os, { family: 'debian', version: '12' });
});

test('not an SBOM / unsupported versions give InputError', () => {
  assert.throws(() => readSbom('SPDXVersion: SPDX-2.3'), (e: unknown) => e instanceof InputError && /not a JSON SBOM/.test(e.message));
  assert.throws(() => readSbom('{"a":1}'), InputError);
  assert.throws(() => readSbom('{"bomFormat":"CycloneDX","specVersion":"1.2"}'), /not supported/);
  assert.throws(() => readSbom('{"spdxVersion":"SPDX-2.1"}'), /not supported/);
  assert.equal(detectSbomFormat({ spdxVersion: 'SPDX-2.3' })?.specVersion, '2.3');
  assert.equal(detectSbomFormat([]), undefined);
});
