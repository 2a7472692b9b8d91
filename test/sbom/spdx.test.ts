import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PackageURL } from 'packageurl-js';
import spdxParse from 'spdx-expression-parse';
import { licenseRefs } from '../../src/sbom/license.js';
import { buildSpdx, renderSpdx, type SpdxDocument, type SpdxPackage } from '../../src/sbom/spdx.js';
import { TOOL_NAME, TOOL_VERSION } from '../../src/version.js';
import { CONFIG_DIGEST, NAMESPACE, filesystemInput, imageInput, pkg, reordered } from './fixtures.js';
import { assertValid, spdxValidator } from './schemas.js';

const validate = spdxValidator();
const doc = buildSpdx(imageInput());

function one(d: SpdxDocument, predicate: (p: SpdxPackage) => boolean): SpdxPackage {
  const found = d.packages.filter(predicate);
  assert.equal(found.length, 1, `expected one package, got ${found.length}`);
  return found[0];
}

function related(d: SpdxDocument, from: string, type: string): string[] {
  return d.relationships.filter((r) => r.spdxElementId === from && r.relationshipType === type).map((r) => r.relatedSpdxElement);
}

/**
 * What the SPDX 2.3 spec requires and its JSON schema does not check: idstring syntax, unique ids,
 * relationships between existing elements, UTC second timestamps, valid license expressions and a
 * definition for every LicenseRef used.
 */
function assertSpecRules(d: SpdxDocument): void {
  const ids = d.packages.map((p) => p.SPDXID);
  for (const id of ids) assert.match(id, /^SPDXRef-[A-Za-z0-9.-]+$/);
  assert.equal(new Set(ids).size, ids.length, 'SPDXIDs unique');
  const known = new Set([...ids, 'SPDXRef-DOCUMENT']);
  for (const r of d.relationships) {
    assert.ok(known.has(r.spdxElementId), r.spdxElementId);
    assert.ok(known.has(r.relatedSpdxElement), r.relatedSpdxElement);
  }
  assert.match(d.creationInfo.created, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
  assert.ok(new URL(d.documentNamespace).protocol.startsWith('http'));
  assert.ok(!d.documentNamespace.includes('#'), 'namespace must not contain #');
  const defined = new Set((d.hasExtractedLicensingInfos ?? []).map((l) => l.licenseId));
  const used = new Set<string>();
  for (const p of d.packages) {
    for (const field of [p.licenseDeclared, p.licenseConcluded]) {
      if (field === 'NOASSERTION' || field === 'NONE') continue;
      assert.doesNotThrow(() => spdxParse(field), `${p.SPDXID}: ${field}`);
      for (const ref of licenseRefs(field)) used.add(ref);
    }
  }
  for (const ref of defined) assert.match(ref, /^LicenseRef-[A-Za-z0-9.-]+$/);
  assert.deepEqual([...used].sort(), [...defined].sort(), 'every LicenseRef used is defined, and only those');
}

describe('SPDX: schema and spec rules', () => {
  it('validates an image document against the official SPDX 2.3 schema', () => {
    assertValid(validate, doc);
    assertSpecRules(doc);
  });

  it('validates a filesystem document, one without OS and an empty one', () => {
    for (const d of [buildSpdx(filesystemInput()), buildSpdx(imageInput({ os: undefined })), buildSpdx(imageInput({ os: undefined, packages: [] }))]) {
      assertValid(validate, d);
      assertSpecRules(d);
    }
  });

  it('is rejected by the validator when broken (the check has teeth)', () => {
    const broken = structuredClone(doc) as unknown as { packages: Array<Record<string, unknown>> };
    broken.packages[0].primaryPackagePurpose = 'OPERATING-SYSTEM';
    assert.equal(validate(broken), false);
  });
});

describe('SPDX: document', () => {
  it('has the fixed header, the injected namespace and the tool as creator', () => {
    assert.equal(doc.spdxVersion, 'SPDX-2.3');
    assert.equal(doc.dataLicense, 'CC0-1.0');
    assert.equal(doc.SPDXID, 'SPDXRef-DOCUMENT');
    assert.equal(doc.name, 'docker.io/acme/app:1.4.2');
    assert.equal(doc.documentNamespace, NAMESPACE);
    assert.deepEqual(doc.creationInfo, { created: '2024-05-01T12:34:56Z', creators: [`Tool: ${TOOL_NAME}-${TOOL_VERSION}`] });
  });

  it('makes up a unique namespace when none is given', () => {
    const a = buildSpdx(imageInput({ documentNamespace: undefined })).documentNamespace;
    const b = buildSpdx(imageInput({ documentNamespace: undefined })).documentNamespace;
    assert.notEqual(a, b);
    assert.match(a, /^https:\/\/spdx\.org\/spdxdocs\/leftshift-image-docker.io-acme-app-1.4.2-[0-9a-f-]{36}$/);
  });

  it('is deterministic: same input, same bytes, whatever the package order', () => {
    const text = renderSpdx(imageInput());
    assert.equal(renderSpdx(imageInput()), text);
    assert.equal(renderSpdx(imageInput({ packages: reordered(imageInput().packages) })), text);
  });
});

describe('SPDX: packages', () => {
  const root = doc.packages[0];

  it('describes the image as a CONTAINER with its digest, purl and tags', () => {
    assert.deepEqual(related(doc, 'SPDXRef-DOCUMENT', 'DESCRIBES'), [root.SPDXID]);
    assert.equal(root.primaryPackagePurpose, 'CONTAINER');
    assert.equal(root.name, 'docker.io/acme/app');
    assert.equal(root.versionInfo, '1.4.2');
    assert.deepEqual(root.checksums, [{ algorithm: 'SHA256', checksumValue: CONFIG_DIGEST.slice('sha256:'.length) }]);
    assert.equal(PackageURL.fromString(root.externalRefs?.[0].referenceLocator ?? '').type, 'oci');
    assert.match(root.comment ?? '', /tags docker\.io\/acme\/app:1\.4\.2, acme\/app:latest/);
    assert.match(root.comment ?? '', /operating system Debian GNU\/Linux 12 \(bookworm\)/);
  });

  it('has the OS as an OPERATING_SYSTEM package the image contains', () => {
    const os = one(doc, (p) => p.primaryPackagePurpose === 'OPERATING_SYSTEM');
    assert.deepEqual([os.name, os.versionInfo], ['debian', '12']);
    assert.ok(related(doc, root.SPDXID, 'CONTAINS').includes(os.SPDXID));
  });

  it('makes every found package a LIBRARY the image CONTAINS, with the required NOASSERTIONs', () => {
    const libraries = doc.packages.filter((p) => p.primaryPackagePurpose === 'LIBRARY');
    assert.equal(libraries.length, imageInput().packages.length);
    const contained = new Set(related(doc, root.SPDXID, 'CONTAINS'));
    for (const p of libraries) {
      assert.ok(contained.has(p.SPDXID), p.SPDXID);
      assert.equal(p.downloadLocation, 'NOASSERTION');
      assert.equal(p.filesAnalyzed, false);
      assert.equal(p.licenseConcluded, 'NOASSERTION');
      assert.equal(p.copyrightText, 'NOASSERTION');
      assert.equal(p.supplier, 'NOASSERTION');
    }
  });

  it('has purl external refs that round-trip through packageurl-js', () => {
    for (const p of doc.packages) {
      for (const ref of p.externalRefs ?? []) {
        assert.equal(ref.referenceCategory, 'PACKAGE-MANAGER');
        assert.equal(ref.referenceType, 'purl');
        assert.equal(PackageURL.fromString(ref.referenceLocator).toString(), ref.referenceLocator);
      }
    }
  });

  it('names packages as their ecosystem does and tells copies apart by location', () => {
    assert.equal(one(doc, (p) => p.versionInfo === '7.24.0').name, '@babel/core');
    assert.equal(one(doc, (p) => p.versionInfo === '3.12.0').name, 'org.apache.commons:commons-lang3');
    assert.equal(one(doc, (p) => p.name === 'openssl-libs').versionInfo, '1:3.0.7-27.el9');
    const copies = doc.packages.filter((p) => p.name === 'lodash' && p.versionInfo === '4.17.21');
    assert.equal(copies.length, 2);
    for (const c of copies) assert.match(c.SPDXID, /^SPDXRef-Package-npm-lodash-4\.17\.21-[0-9a-f]{8}$/);
    assert.equal(one(doc, (p) => p.versionInfo === '3.10.1').SPDXID, 'SPDXRef-Package-npm-lodash-3.10.1');
  });

  it('records where a package was found and its source package in sourceInfo', () => {
    assert.equal(
      one(doc, (p) => p.name === 'libc6').sourceInfo,
      'found by dpkg in var/lib/dpkg/status (layer 0, sha256:0101010101010101010101010101010101010101010101010101010101010101); source package glibc 2.36-9+deb12u4',
    );
  });

  it('roots a filesystem document at an APPLICATION package', () => {
    const fs = buildSpdx(filesystemInput());
    assert.equal(fs.packages[0].primaryPackagePurpose, 'APPLICATION');
    assert.equal(fs.packages[0].name, './project');
    assert.deepEqual(related(fs, 'SPDXRef-DOCUMENT', 'DESCRIBES'), [fs.packages[0].SPDXID]);
  });
});

describe('SPDX: licenses', () => {
  it('declares normalised expressions', () => {
    assert.equal(one(doc, (p) => p.name === 'libc6').licenseDeclared, 'GPL-2.0-or-later AND LGPL-2.1-or-later');
    assert.equal(one(doc, (p) => p.name === 'zlib').licenseDeclared, 'Zlib AND BSL-1.0');
    assert.equal(one(doc, (p) => p.name === 'cyc-a').licenseDeclared, 'NOASSERTION');
  });

  it('turns free text into a LicenseRef defined with the original text', () => {
    const urllib3 = one(doc, (p) => p.name === 'urllib3');
    assert.equal(urllib3.licenseDeclared, 'MIT AND LicenseRef-see-LICENSE');
    const info = doc.hasExtractedLicensingInfos?.find((l) => l.licenseId === 'LicenseRef-see-LICENSE');
    assert.equal(info?.extractedText, 'see LICENSE');
    assert.equal(one(doc, (p) => p.name === 'ncurses-base').licenseDeclared, 'LicenseRef-MIT-and-BSD');
  });

  it("defines a package's own LicenseRef, and never reuses its id for free text", () => {
    const input = imageInput({
      packages: [
        pkg({ type: 'rpm', name: 'a', version: '1', path: 'p', licenses: ['LicenseRef-see-LICENSE'] }),
        pkg({ type: 'rpm', name: 'b', version: '1', path: 'p', licenses: ['see LICENSE'] }),
        pkg({ type: 'rpm', name: 'c', version: '1', path: 'p', licenses: ['see: LICENSE'] }),
      ],
    });
    const d = buildSpdx(input);
    assertSpecRules(d);
    const declared = d.packages.slice(2).map((p) => p.licenseDeclared);
    assert.deepEqual(declared, ['LicenseRef-see-LICENSE', 'LicenseRef-see-LICENSE-2', 'LicenseRef-see-LICENSE-3']);
  });

  it('shortens long free text into a readable, unique ref', () => {
    const long = `Copyright (c) Example Corp. All rights reserved. ${'Redistribution is permitted. '.repeat(5)}`;
    const d = buildSpdx(imageInput({ packages: [pkg({ type: 'npm', name: 'x', version: '1', path: 'p', licenses: [long] })] }));
    assertSpecRules(d);
    const ref = d.packages[d.packages.length - 1].licenseDeclared;
    assert.match(ref, /^LicenseRef-Copyright-c-Example-Corp.-All-rights-[a-z-]*[0-9a-f]{8}$/);
    assert.equal(d.hasExtractedLicensingInfos?.[0].extractedText, long.trim());
  });
});

describe('SPDX: relationships', () => {
  const idOf = (name: string, version?: string): string => one(doc, (p) => p.name === name && (version === undefined || p.versionInfo === version)).SPDXID;

  it('carries the dependency graph as DEPENDS_ON', () => {
    assert.deepEqual(related(doc, idOf('legacy'), 'DEPENDS_ON'), [idOf('lodash', '3.10.1')]);
    assert.deepEqual(related(doc, idOf('requests'), 'DEPENDS_ON'), [idOf('charset-normalizer'), idOf('urllib3')]);
    assert.deepEqual(related(doc, idOf('libgcc-s1'), 'DEPENDS_ON'), [idOf('gcc-12-base'), idOf('libc6')]);
    assert.deepEqual(related(doc, idOf('musl'), 'DEPENDS_ON'), []);
  });
});
