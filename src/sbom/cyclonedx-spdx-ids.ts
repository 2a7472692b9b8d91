/**
 * The SPDX ids CycloneDX 1.6 accepts as `license.id`. Its schema pins them in an `enum`
 * (spdx.schema.json) that is older than the SPDX License List our parser knows, so an id can be
 * valid SPDX and still make the BOM schema-invalid. The list is generated from the schema by
 * `scripts/cyclonedx-spdx-ids.mjs`, never edited by hand.
 */
import data from '../data/cyclonedx-spdx-ids.json' with { type: 'json' };

const IDS: ReadonlySet<string> = new Set(data.ids);

/** True when `id` may be written as a CycloneDX 1.6 `license.id` (exact, case-sensitive, as the schema compares). */
export function isCycloneDxSpdxId(id: string): boolean {
  return IDS.has(id);
}
