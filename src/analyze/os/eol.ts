/**
 * End-of-life lookup in the dated table src/data/os-eol.json.
 *
 * `passed` depends on the day of the scan, so it is computed here at detection time with an injectable
 * date, never inside an analyzer: analyzer output is cached per layer and would go stale.
 */
import eolData from '../../data/os-eol.json' with { type: 'json' };
import type { OSInfo } from '../../sbom/package.js';
import { baseFamily } from './families.js';

export interface OsEolTable {
  updated: string;
  families: Record<string, { source: string; versions: Record<string, { eol: string; source?: string }> }>;
}

export const OS_EOL_TABLE: OsEolTable = eolData;

/**
 * EOL of a release: exact version first, then with trailing components dropped (`3.19.1` → `3.19`,
 * `9.4` → `9`). Undefined for rolling releases and versions the table does not know.
 */
export function lookupEol(
  family: string,
  version: string,
  now: Date = new Date(),
  table: OsEolTable = OS_EOL_TABLE,
): OSInfo['eol'] | undefined {
  const fam = table.families[baseFamily(family)];
  if (!fam || !version) return undefined;
  const parts = version.split('.');
  for (let n = parts.length; n > 0; n--) {
    const key = parts.slice(0, n).join('.');
    const row = fam.versions[key];
    if (row) {
      const today = now.toISOString().slice(0, 10);
      // Support ends on the EOL day itself, matching the Dockerfile base-image-eol rule.
      return { date: row.eol, passed: today >= row.eol, source: row.source ?? fam.source };
    }
  }
  return undefined;
}
