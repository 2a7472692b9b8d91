import type { SecretRule } from '../types.js';
import { CLOUD_RULES } from './cloud.js';
import { GENERIC_RULES } from './generic.js';
import { SAAS_RULES } from './saas.js';
import { STRUCTURAL_RULES } from './structural.js';
import { VCS_RULES } from './vcs.js';

/**
 * Every built-in secret rule. Ids live in one namespace, `LS-SEC-`:
 *   LS-SEC-001 .. LS-SEC-099  content rules (this list)
 *   LS-SEC-101 .. LS-SEC-199  sensitive file names (see ../filenames.ts)
 * Ids are stable and never reused; numbering follows the order rules were added, not this list.
 */
export const SECRET_RULES: readonly SecretRule[] = [
  ...CLOUD_RULES,
  ...VCS_RULES,
  ...SAAS_RULES,
  ...STRUCTURAL_RULES,
  ...GENERIC_RULES,
];

const BY_ID: ReadonlyMap<string, SecretRule> = new Map(SECRET_RULES.map((r) => [r.id, r]));

export function secretRuleById(id: string): SecretRule | undefined {
  return BY_ID.get(id);
}
