import type { NomadModel } from '../../deploy/nomad/model.js';
import type { DeployRule } from '../../deploy/types.js';
import { imageDigestHits } from '../container/checks.js';

const rule: DeployRule<NomadModel> = {
  meta: {
    id: 'LS-NOMAD-012',
    kind: 'misconfiguration',
    severity: 'LOW',
    phase: 'deploy',
    title: 'Image not pinned by digest',
    aliases: [],
    tags: ['security', 'nomad'],
    remediation: 'Append the tested image\'s digest: `image = "redis:7.4.1@sha256:…"`.',
    docs: `A tag can be moved to a different image by whoever controls the repository; a digest cannot.

Fires for \`image\` values with a tag other than \`latest\` and no \`@sha256:\` digest.

\`\`\`hcl
config {
  image = "redis:7.4.1"      # fires
}
\`\`\`

\`\`\`hcl
config {
  image = "redis:7.4.1@sha256:2ba50e1ac3a0ea17b736ce9db2b0a9f6f8b85d4c27d5f5accc6a416d8f42c6d5"   # ok
}
\`\`\``,
  },
  check: (model) => model.tasks.filter((t) => t.container).flatMap((t) => imageDigestHits(t.spec)),
};

export default rule;
