import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import AjvModule, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { findUp } from '../helpers/repo.js';

/**
 * The official schemas: unchanged copies live in test/fixtures/schemas so the tests run without
 * shared/; when shared/schemas is beside the checkout, that one is used and the copy must be
 * identical. Found by walking up (findUp: test/ under tsx, dist/test/ after a build).
 */
export function loadSchema(file: string): Record<string, unknown> {
  const vendored = findUp(`test/fixtures/schemas/${file}`);
  const shared = findUp(`shared/schemas/${file}`);
  if (vendored && shared) assert.equal(readFileSync(vendored, 'utf8'), readFileSync(shared, 'utf8'), `vendored ${file} differs from shared/`);
  const path = shared ?? vendored;
  if (!path) throw new Error(`${file} not found`);
  return JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
}

// ajv is CommonJS; seen through NodeNext interop the class is the default export's `default`.
const Ajv = AjvModule.default;

function newAjv(): InstanceType<typeof Ajv> {
  // strict: false because the official schemas use keywords Ajv's strict mode rejects
  // (`meta:enum`, `deprecated`, tuple `items` without `minItems`...), which are not ours to change.
  const ajv = new Ajv({ allErrors: true, strict: false });
  addFormats.default(ajv);
  // CycloneDX uses two formats ajv-formats lacks. Internationalised forms allow any Unicode, so the
  // check is the part both share with their ASCII forms: no whitespace or characters URIs forbid.
  ajv.addFormat('iri-reference', (s: string) => !/[\s<>"{}|\\^`]/.test(s));
  ajv.addFormat('idn-email', (s: string) => /^[^\s@]+@[^\s@]+$/.test(s));
  return ajv;
}

/** CycloneDX 1.6 (draft-07), with the SPDX license-id and JSF schemas it `$ref`s by `$id`. */
export function cyclonedxValidator(): ValidateFunction {
  const ajv = newAjv();
  const bom = loadSchema('bom-1.6.schema.json');
  assert.equal(bom.$schema, 'http://json-schema.org/draft-07/schema#');
  ajv.addSchema(loadSchema('spdx.schema.json'));
  ajv.addSchema(loadSchema('jsf-0.82.schema.json'));
  return ajv.compile(bom);
}

/** SPDX 2.3 JSON (draft-07). */
export function spdxValidator(): ValidateFunction {
  const schema = loadSchema('spdx-schema-2.3.json');
  assert.equal(schema.$schema, 'http://json-schema.org/draft-07/schema#');
  return newAjv().compile(schema);
}

export function assertValid(validate: ValidateFunction, doc: unknown): void {
  const ok = validate(doc);
  assert.ok(ok, JSON.stringify(validate.errors?.slice(0, 5), null, 2));
}
