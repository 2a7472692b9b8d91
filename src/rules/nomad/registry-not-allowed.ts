import type { NomadModel } from '../../deploy/nomad/model.js';
import type { DeployRule } from '../../deploy/types.js';
import { registryHits } from '../container/checks.js';

const rule: DeployRule<NomadModel> = {
  meta: {
    id: 'LS-NOMAD-013',
    kind: 'misconfiguration',
    severity: 'MEDIUM',
    phase: 'deploy',
    title: 'Image from a registry outside the allow-list',
    aliases: [],
    tags: ['security', 'nomad'],
    remediation: 'Pull the image through an approved registry, or add the registry to `registry-allowlist` in .leftshift.yaml.',
    docs: `Only checked when \`registry-allowlist\` is set in \`.leftshift.yaml\` (entries: \`ghcr.io\`, \`ghcr.io/acme\`,
\`docker.io/library\`, \`*.dkr.ecr.eu-west-1.amazonaws.com\`; images without a registry are \`docker.io\`).

Fires for docker/podman \`image\` values whose registry and path match no entry.

\`\`\`hcl
# registry-allowlist: [registry.acme.io]
config {
  image = "ghcr.io/someone/tool:1.0.0"       # fires
}
\`\`\`

\`\`\`hcl
config {
  image = "registry.acme.io/team/tool:1.0.0" # ok
}
\`\`\``,
  },
  check: (model, options) => model.tasks.filter((t) => t.container).flatMap((t) => registryHits(t.spec, options.allowedRegistries)),
};

export default rule;
