import { SECRET_RULES } from '../analyze/secret/rules/index.js';
import type { SecretMatch, SecretRule } from '../analyze/secret/types.js';
import type { RuleMeta } from '../findings/rule-meta.js';
import type { Finding } from '../findings/types.js';
import { oneLevelLower } from '../findings/severity.js';

/**
 * The secret engine's detectors as rules: each `LS-SEC-*` id is a rule users can list, suppress
 * and look up, shared by every scanner that runs the engine.
 */
export function secretRuleMetas(): RuleMeta[] {
  return SECRET_RULES.map(toMeta);
}

function toMeta(r: SecretRule): RuleMeta {
  return {
    id: r.id,
    kind: 'secret',
    severity: r.severity,
    phase: 'context',
    title: r.title,
    aliases: [...r.aliases],
    tags: ['security', 'secret', r.name],
    remediation: r.remediation,
    docs: `Detects ${r.title.replace(/^./, (c) => c.toLowerCase())} (\`${r.name}\`) in file contents, with a keyword prefilter${r.keywords.length ? ` (${r.keywords.slice(0, 6).map((k) => '`' + k + '`').join(', ')})` : ''} before the pattern runs. The value is always redacted in output. Any credential that reached an image layer must be rotated: deleting it in a later layer does not remove it from the image.`,
  };
}


export interface SecretFindingContext {
  /** `Dockerfile:12`: the instruction that copies the file. */
  copiedBy?: string;
  /** False when only a build stage receives the file: one severity level lower. */
  reachesFinalImage?: boolean;
}

/** A secret engine match as a finding. The match is already redacted; nothing here un-redacts. */
export function secretMatchToFinding(m: SecretMatch, path: string, ctx: SecretFindingContext = {}): Finding {
  const reaches = ctx.reachesFinalImage ?? true;
  const where = ctx.copiedBy ? ` ${reaches ? 'It is copied into the final image' : 'It is copied into a build stage'} by ${ctx.copiedBy}.` : '';
  return {
    ruleId: m.ruleId,
    kind: 'secret',
    severity: reaches ? m.severity : oneLevelLower(m.severity),
    title: m.title,
    message: `${m.title} found: ${m.redacted}.${where}`,
    aliases: [...m.aliases],
    location: { path, line: m.line, endLine: m.endLine, column: m.column, endColumn: m.endColumn },
    remediation: m.remediation,
    details: { redacted: m.redacted, context: m.context, entropy: m.entropy, ...(ctx.copiedBy ? { copiedBy: ctx.copiedBy, reachesFinalImage: reaches } : {}) },
  };
}
