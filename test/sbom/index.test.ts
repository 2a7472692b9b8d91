import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { getSbomFormat, sbomFormats } from '../../src/sbom/index.js';
import { imageInput } from './fixtures.js';

describe('SBOM format registry', () => {
  it('finds formats by name and alias, case-insensitively', () => {
    assert.equal(getSbomFormat('cyclonedx')?.name, 'cyclonedx');
    assert.equal(getSbomFormat(' CycloneDX-JSON ')?.name, 'cyclonedx');
    assert.equal(getSbomFormat('spdx-json')?.name, 'spdx-json');
    assert.equal(getSbomFormat('SPDX')?.name, 'spdx-json');
    assert.equal(getSbomFormat('sarif'), undefined);
  });

  it('has unique names and aliases', () => {
    const all = sbomFormats.flatMap((f) => [f.name, ...f.aliases]);
    assert.equal(new Set(all).size, all.length);
  });

  it('renders each format as JSON of its kind, ending with a newline', () => {
    const cdx = getSbomFormat('cyclonedx');
    const spdx = getSbomFormat('spdx');
    assert.ok(cdx && spdx);
    assert.equal(cdx.mediaType, 'application/vnd.cyclonedx+json; version=1.6');
    assert.equal(cdx.fileExtension, 'cdx.json');
    assert.equal(spdx.mediaType, 'application/spdx+json');
    assert.equal(spdx.fileExtension, 'spdx.json');
    const cdxText = cdx.render(imageInput());
    const spdxText = spdx.render(imageInput());
    assert.ok(cdxText.endsWith('\n') && spdxText.endsWith('\n'));
    assert.equal((JSON.parse(cdxText) as { bomFormat: string }).bomFormat, 'CycloneDX');
    assert.equal((JSON.parse(spdxText) as { spdxVersion: string }).spdxVersion, 'SPDX-2.3');
  });
});
