import type { RuleMeta } from '../findings/rule-meta.js';
import type { Finding } from '../findings/types.js';
import type { RuleHit } from '../rules/rule.js';

/** Combines a rule's metadata with one of its hits. */
export function toFinding(meta: RuleMeta, hit: RuleHit, defaultPath: string): Finding {
  const location: Finding['location'] = { path: hit.path ?? defaultPath };
  if (hit.line !== undefined && hit.line > 0) {
    location.line = hit.line;
    location.endLine = Math.max(hit.endLine ?? hit.line, hit.line);
  }
  if (hit.column !== undefined) location.column = hit.column;
  if (hit.endColumn !== undefined) location.endColumn = hit.endColumn;
  if (hit.layer) location.layer = { diffID: hit.layer.diffID, index: hit.layer.index };
  if (hit.package) location.package = { ...hit.package };
  const finding: Finding = {
    ruleId: meta.id,
    kind: meta.kind,
    severity: hit.severity ?? meta.severity,
    title: meta.title,
    message: hit.message,
    aliases: [...meta.aliases],
    location,
    remediation: meta.remediation,
  };
  if (hit.details) finding.details = hit.details;
  return finding;
}
