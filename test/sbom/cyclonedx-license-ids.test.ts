import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { describe, it } from 'node:test';
import cdxIds from '../../src/data/cyclonedx-spdx-ids.json' with { type: 'json' };
import { buildCycloneDx, cdxLicenses } from '../../src/sbom/cyclonedx.js';
import { isCycloneDxSpdxId } from '../../src/sbom/cyclonedx-spdx-ids.js';
import { imageInput, pkg } from './fixtures.js';
import { assertValid, cyclonedxValidator, loadSchema } from './schemas.js';

/**
 * The SPDX License List our license normaliser accepts: the ids spdx-expression-parse parses,
 * resolved through it so the test follows whatever version it depends on.
 */
function parserLicenseIds(): string[] {
  const fromParser = createRequire(createRequire(import.meta.url).resolve('spdx-expression-parse'));
  const current = fromParser('spdx-license-ids') as string[];
  const deprecated = fromParser('spdx-license-ids/deprecated.json') as string[];
  return [...current, ...deprecated];
}

const validate = cyclonedxValidator();
const parserIds = parserLicenseIds();
const newerThanCycloneDx = parserIds.filter((id) => !isCycloneDxSpdxId(id));

/** A BOM with one package declaring `licenses`. */
function bomWith(licenses: string[]): unknown {
  return buildCycloneDx(imageInput({ packages: [pkg({ type: 'npm', name: 'x', version: '1.0.0', path: 'package.json', licenses })] }));
}

describe('CycloneDX: SPDX ids against the 1.6 schema enum', () => {
  it('keeps src/data/cyclonedx-spdx-ids.json equal to the enum of the official spdx.schema.json', () => {
    assert.deepEqual(cdxIds.ids, loadSchema('spdx.schema.json').enum);
  });

  it('knows ids newer than the enum (the cases this guards against exist)', () => {
    // Found in the SPDX License List after CycloneDX 1.6 froze its enum; checked as examples only,
    // the full set is whatever the parser knows beyond the enum.
    for (const id of ['Bugroff', 'MVT-1.1', 'atc-game', 'BSD-3-Clause-OpenWebUI']) assert.ok(newerThanCycloneDx.includes(id), id);
  });

  it('writes a newer id as a named license, an enum id as an id', () => {
    assert.deepEqual(cdxLicenses(['Bugroff', 'see LICENSE']), [{ license: { name: 'Bugroff' } }, { license: { name: 'see LICENSE' } }]);
    assert.deepEqual(cdxLicenses(['MIT', 'see LICENSE']), [{ license: { id: 'MIT' } }, { license: { name: 'see LICENSE' } }]);
    // Expressions are free strings in the schema, so a newer id stays an expression there.
    assert.deepEqual(cdxLicenses(['Bugroff']), [{ expression: 'Bugroff' }]);
    assert.deepEqual(cdxLicenses(['Bugroff OR MIT']), [{ expression: 'Bugroff OR MIT' }]);
  });

  it('produces a schema-valid BOM for every id the parser knows, alone and beside free text', () => {
    assert.ok(parserIds.length > 700, `only ${parserIds.length} ids`);
    const invalid: string[] = [];
    for (const id of parserIds) {
      // Alone: the expression form. Beside free text: the list form, where `license.id` is checked.
      for (const licenses of [[id], [id, 'see LICENSE']]) {
        if (!validate(bomWith(licenses))) invalid.push(`${JSON.stringify(licenses)}: ${JSON.stringify(validate.errors?.[0])}`);
      }
    }
    assert.deepEqual(invalid, []);
  });

  it('validates the previously invalid ids specifically, in the list form', () => {
    assert.ok(newerThanCycloneDx.length > 0);
    for (const id of newerThanCycloneDx) {
      assertValid(validate, bomWith([id, 'see LICENSE']));
      assert.deepEqual(cdxLicenses([id, 'see LICENSE'])?.[0], { license: { name: id } }, id);
    }
  });
});
