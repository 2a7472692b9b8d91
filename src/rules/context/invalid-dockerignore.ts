import type { DockerfileRule, RuleHit } from '../rule.js';

/**
 * A `.dockerignore` that Docker refuses to read. The walk of the build context cannot proceed, so
 * this rule is fed by the scanner (see `hitForIgnoreError`) instead of by the context facts.
 */
const rule: DockerfileRule & { hitForIgnoreError(message: string, ignorePath: string): RuleHit } = {
  meta: {
    id: 'LS-CTX-005',
    kind: 'misconfiguration',
    severity: 'HIGH',
    phase: 'context',
    title: 'Invalid .dockerignore',
    aliases: [],
    tags: ['correctness', 'dockerignore'],
    remediation: 'Fix or remove the reported line; patterns use Go filepath.Match syntax plus `**` and `!` exceptions.',
    docs: `The ignore file has a line Docker rejects (an unterminated \`[\` class, a bare \`!\`, a trailing \`\\\`, a line
over 64 KiB). \`docker build\` stops before sending the context, and leftshift cannot tell which files the
build would receive, so the context checks of this Dockerfile are skipped until it is fixed.

\`\`\`
# .dockerignore
[abc          # fires: unterminated character class
\`\`\``,
  },
  check(): RuleHit[] {
    return [];
  },
  hitForIgnoreError(message: string, ignorePath: string): RuleHit {
    const m = /^.*?:(\d+): (.*)$/s.exec(message);
    return {
      path: ignorePath,
      line: m ? Number(m[1]) : undefined,
      message: `${m ? m[2] : message} — the build fails and the build context was not checked.`,
    };
  },
};

export default rule;
