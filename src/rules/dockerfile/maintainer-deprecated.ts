import { expandWord } from '../../dockerfile/expand.js';
import type { DockerfileRule, RuleHit } from '../rule.js';

const rule: DockerfileRule = {
  meta: {
    id: 'LS-DF-031',
    kind: 'misconfiguration',
    severity: 'INFO',
    phase: 'dockerfile',
    title: 'Deprecated MAINTAINER instruction',
    aliases: ['hadolint:DL4000', 'trivy:DS022', 'checkov:CKV_DOCKER_6'],
    tags: ['best-practice', 'deprecated'],
    remediation: 'Replace `MAINTAINER name` with `LABEL org.opencontainers.image.authors="name"`.',
    docs: `\`MAINTAINER\` has been deprecated since Docker 1.13: it writes a legacy \`Author\` field that tools do not
read. The OCI annotation \`org.opencontainers.image.authors\`, set with \`LABEL\`, is what registries, SBOM
tools and scanners understand.

\`\`\`dockerfile
FROM alpine:3.20
MAINTAINER Jane Doe <jane@example.com>     # fires
\`\`\`

\`\`\`dockerfile
FROM alpine:3.20
LABEL org.opencontainers.image.authors="Jane Doe <jane@example.com>"   # ok
\`\`\``,
  },
  check({ dockerfile }): RuleHit[] {
    const hits: RuleHit[] = [];
    for (const ins of dockerfile.instructions) {
      if (ins.keyword !== 'MAINTAINER') continue;
      const who = expandWord(ins.body.trim(), ins.vars, dockerfile.escapeChar).value;
      hits.push({
        line: ins.line,
        endLine: ins.endLine,
        message: `MAINTAINER is deprecated; use LABEL org.opencontainers.image.authors=${JSON.stringify(who)} instead.`,
      });
    }
    return hits;
  },
};

export default rule;
