import type { Instruction } from '../../dockerfile/model.js';
import type { DockerfileRule, RuleHit } from '../rule.js';

const SINGLE = ['CMD', 'ENTRYPOINT', 'HEALTHCHECK'];

const rule: DockerfileRule = {
  meta: {
    id: 'LS-DF-024',
    kind: 'misconfiguration',
    severity: 'MEDIUM',
    phase: 'dockerfile',
    title: 'CMD, ENTRYPOINT or HEALTHCHECK overridden later in the same stage',
    aliases: [
      'hadolint:DL4003', 'hadolint:DL4004', 'hadolint:DL3012',
      'trivy:DS016', 'trivy:DS007', 'trivy:DS023',
      'buildkit:MultipleInstructionsDisallowed',
    ],
    tags: ['best-practice', 'correctness'],
    remediation: 'Keep one CMD, one ENTRYPOINT and one HEALTHCHECK per stage and delete the earlier ones.',
    docs: `Only the last \`CMD\`, \`ENTRYPOINT\` and \`HEALTHCHECK\` of a stage take effect; earlier ones are silently
replaced. Several of them usually mean a copy-paste leftover, or an author who expected them all to run,
and readers cannot tell which command the container really starts with.

Fires on every \`CMD\`, \`ENTRYPOINT\` or \`HEALTHCHECK\` that a later instruction of the same kind in the same stage
overrides (the last one is the one in effect and is not flagged). Different stages are independent.

\`\`\`dockerfile
FROM node:20-slim
CMD ["npm", "run", "migrate"]   # fires: replaced by the next CMD
CMD ["node", "server.js"]
\`\`\`

\`\`\`dockerfile
FROM node:20-slim
ENTRYPOINT ["./docker-entrypoint.sh"]
CMD ["node", "server.js"]       # ok: one of each
\`\`\``,
  },
  check({ dockerfile }): RuleHit[] {
    const hits: RuleHit[] = [];
    for (const stage of dockerfile.stages) {
      for (const keyword of SINGLE) {
        const all: Instruction[] = stage.instructions.filter((i) => i.keyword === keyword);
        const last = all[all.length - 1];
        for (const ins of all.slice(0, -1)) {
          hits.push({ line: ins.line, message: `This ${keyword} has no effect: the ${keyword} on line ${last!.line} replaces it.` });
        }
      }
    }
    return hits.sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
  },
};

export default rule;
