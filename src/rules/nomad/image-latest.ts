import type { NomadModel } from '../../deploy/nomad/model.js';
import type { DeployRule } from '../../deploy/types.js';
import { imageLatestHits } from '../container/checks.js';

const rule: DeployRule<NomadModel> = {
  meta: {
    id: 'LS-NOMAD-011',
    kind: 'misconfiguration',
    severity: 'MEDIUM',
    phase: 'deploy',
    title: 'Image without a tag or with :latest',
    aliases: [],
    tags: ['security', 'nomad'],
    remediation: 'Name an explicit version (`image = "redis:7.4.1"`), ideally with its digest.',
    docs: `Nomad's docker driver pulls \`latest\` (or an untagged image) again on every placement: allocations of the
same job version can run different images, and a rollback does not roll the image back.

Fires for \`image\` values without a tag or with \`:latest\` (a \`docker://\` or \`https://\` prefix is ignored).
Not for images built from variables (\`"\${var.image}"\`) or pinned by digest.

\`\`\`hcl
config {
  image = "redis"            # fires
}
\`\`\`

\`\`\`hcl
config {
  image = "redis:7.4.1"      # ok
}
\`\`\``,
  },
  check: (model) => model.tasks.filter((t) => t.container).flatMap((t) => imageLatestHits(t.spec)),
};

export default rule;
