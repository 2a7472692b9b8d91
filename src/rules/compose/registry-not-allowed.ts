import type { ComposeModel } from '../../deploy/compose/model.js';
import type { DeployRule } from '../../deploy/types.js';
import { registryHits } from '../container/checks.js';

const rule: DeployRule<ComposeModel> = {
  meta: {
    id: 'LS-COMPOSE-017',
    kind: 'misconfiguration',
    severity: 'MEDIUM',
    phase: 'deploy',
    title: 'Image from a registry outside the allow-list',
    aliases: [],
    tags: ['supply-chain', 'policy', 'compose'],
    remediation: 'Pull the image through an approved registry (mirror or proxy it there), or add its registry to `registry-allowlist` in .leftshift.yaml if it is trusted.',
    docs: `Only checked when \`registry-allowlist\` is set in \`.leftshift.yaml\`. Entries are a registry host
(\`ghcr.io\`), a host with a path prefix (\`ghcr.io/acme\`, \`docker.io/library\` for Docker Hub's official images)
or a wildcard host (\`*.dkr.ecr.eu-west-1.amazonaws.com\`); images without a registry are Docker Hub
(\`docker.io\`).

Fires for \`image:\` values whose registry and path match no entry. Not for services with \`build:\` or images
that are unknown variables.

\`\`\`yaml
# .leftshift.yaml: registry-allowlist: [registry.acme.io, docker.io/library]
services:
  api:
    image: ghcr.io/someone/api:1.0.0      # fires
\`\`\`

\`\`\`yaml
services:
  api:
    image: registry.acme.io/team/api:1.0.0   # ok
  db:
    image: postgres:16.4                     # ok (docker.io/library/postgres)
\`\`\``,
  },
  check: (model, options) => model.services.flatMap((s) => registryHits(s.spec, options.allowedRegistries)),
};

export default rule;
