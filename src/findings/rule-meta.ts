import type { Severity } from './severity.js';
import type { FindingKind } from './types.js';

/** The metadata every rule carries; `leftshift rules` prints exactly this. */
export interface RuleMeta {
  /** Stable id, e.g. `LS-DF-001`. Never reused for a different check. */
  id: string;
  kind: FindingKind;
  severity: Severity;
  /** Short, imperative-free statement of the problem. */
  title: string;
  /** Longer explanation in Markdown: why it matters, with a failing and a passing example. */
  docs: string;
  remediation: string;
  /** Ids of equivalent checks in other tools, prefixed with the tool: `hadolint:DL3002`. */
  aliases: string[];
  /** Which scanner runs the rule. */
  phase: 'dockerfile' | 'context' | 'image' | 'deploy';
  /** Free-form tags used by SARIF and filtering (e.g. `security`, `best-practice`). */
  tags?: string[];
}
