import type { RunModel } from '../../deploy/docker-run/model.js';
import type { DeployRule } from '../../deploy/types.js';
import { registryHits } from '../container/checks.js';

const rule: DeployRule<RunModel> = {
  meta: {
    id: 'LS-RUN-014',
    kind: 'misconfiguration',
    severity: 'MEDIUM',
    phase: 'deploy',
    title: 'Image from a registry outside the allow-list',
    aliases: [],
    tags: ['security', 'docker-run'],
    remediation: 'Pull the image through an approved registry, or add the registry to `registry-allowlist` in .leftshift.yaml.',
    docs: `Only checked when \`registry-allowlist\` is set in \`.leftshift.yaml\` (entries: \`ghcr.io\`, \`ghcr.io/acme\`,
\`docker.io/library\`, \`*.dkr.ecr.eu-west-1.amazonaws.com\`; images without a registry are \`docker.io\`).

Fires for run commands whose image's registry and path match no entry.

\`\`\`sh
# registry-allowlist: [registry.acme.io]
docker run --rm ghcr.io/someone/tool:1.0.0          # fires
\`\`\`

\`\`\`sh
docker run --rm registry.acme.io/team/tool:1.0.0    # ok
\`\`\``,
  },
  check: (model, options) => model.commands.flatMap((t) => registryHits(t.spec, options.allowedRegistries)),
};

export default rule;
