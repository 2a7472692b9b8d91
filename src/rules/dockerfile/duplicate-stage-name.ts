import type { DockerfileRule, RuleHit } from '../rule.js';

const rule: DockerfileRule = {
  meta: {
    id: 'LS-DF-026',
    kind: 'misconfiguration',
    severity: 'MEDIUM',
    phase: 'dockerfile',
    title: 'Two build stages with the same name',
    aliases: ['hadolint:DL3024', 'trivy:DS012', 'checkov:CKV_DOCKER_11', 'buildkit:DuplicateStageName'],
    tags: ['best-practice', 'correctness'],
    remediation: 'Give every stage a unique `AS` name.',
    docs: `Stage names are case-insensitive and must be unique: \`COPY --from=build\`, \`FROM build\` and
\`--target build\` have to pick one stage. BuildKit rejects the Dockerfile; older builders silently pick one of
them, so what is copied depends on the builder.

Fires on each \`FROM … AS name\` whose name (compared case-insensitively) was already used by an earlier stage.

\`\`\`dockerfile
FROM golang:1.22 AS build
FROM node:20 AS build          # fires
\`\`\`

\`\`\`dockerfile
FROM golang:1.22 AS build-api
FROM node:20 AS build-web      # ok
\`\`\``,
  },
  check({ dockerfile }): RuleHit[] {
    const hits: RuleHit[] = [];
    const first = new Map<string, number>();
    for (const stage of dockerfile.stages) {
      if (stage.name === undefined) continue;
      const earlier = first.get(stage.name);
      if (earlier === undefined) first.set(stage.name, stage.from.line);
      else hits.push({ line: stage.from.line, message: `Stage name "${stage.name}" is already used by the stage on line ${earlier}.` });
    }
    return hits;
  },
};

export default rule;
