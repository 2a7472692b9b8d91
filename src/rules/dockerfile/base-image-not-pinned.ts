import type { DockerfileRule, RuleHit } from '../rule.js';
import { undigestedImageUses } from './base-image-latest.js';

const rule: DockerfileRule = {
  meta: {
    id: 'LS-DF-006',
    kind: 'misconfiguration',
    severity: 'LOW',
    phase: 'dockerfile',
    title: 'Image not pinned by digest',
    aliases: [],
    tags: ['supply-chain', 'reproducibility'],
    remediation:
      'Append the digest of the tag you tested: `FROM node:22.11-bookworm-slim@sha256:<digest>` (get it with `docker buildx imagetools inspect node:22.11-bookworm-slim`), and let a bot such as Renovate or Dependabot update it.',
    docs: `A tag is a movable pointer: the publisher (or anyone who compromises the registry account) can point
\`node:22.11\` at a different image tomorrow. Only a digest (\`@sha256:…\`) names exact content, so pinning it
makes builds reproducible and protects against a replaced upstream image. Keep the tag next to the digest
so humans (and update bots) still see the version.

Fires for \`FROM\` and \`COPY --from=<image>\` references that have a version tag but no digest. References
without a tag or with \`:latest\` are reported by LS-DF-005 instead; \`scratch\`, stage references and
references built from unset variables are skipped.

\`\`\`dockerfile
FROM python:3.13-slim                     # fires
\`\`\`

\`\`\`dockerfile
FROM python:3.13-slim@sha256:2ec5a4a5c3e919570f57675471f081d6299668d909feabd8d4803c6c61af666c   # ok
\`\`\``,
  },
  check({ dockerfile }): RuleHit[] {
    const hits: RuleHit[] = [];
    for (const use of undigestedImageUses(dockerfile)) {
      const { image } = use;
      // Untagged and :latest references belong to LS-DF-005; one finding per problem.
      if (image.tag === undefined || image.tag === 'latest') continue;
      hits.push({
        line: use.instruction.line,
        endLine: use.instruction.endLine,
        message: `${use.via} ${image.expanded} is not pinned by digest: the tag can be moved to different content. Pin it as ${image.expanded}@sha256:<digest>.`,
        details: { image: image.expanded },
      });
    }
    return hits;
  },
};

export default rule;
