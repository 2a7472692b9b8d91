import type { NomadModel } from '../../deploy/nomad/model.js';
import type { DeployRule } from '../../deploy/types.js';
import { capAddHits } from '../container/checks.js';
import { DANGEROUS_CAP_LIST } from '../container/capabilities.js';

const rule: DeployRule<NomadModel> = {
  meta: {
    id: 'LS-NOMAD-003',
    kind: 'misconfiguration',
    severity: 'HIGH',
    phase: 'deploy',
    title: 'Dangerous capability added',
    aliases: ['docker-bench-security:5.4'],
    tags: ['security', 'nomad'],
    remediation: 'Remove the capability from `cap_add`, or replace it by the narrowest one the task needs.',
    docs: `Some capabilities are each enough to escape the container or take over the host's network or kernel.
Nomad's docker driver only grants capabilities the client's \`allow_caps\` permits, but a job asking for them
is the first half of that problem.

Fires for each of these in \`cap_add\` (any case, with or without \`CAP_\`), at the severity shown:
${DANGEROUS_CAP_LIST}.

\`\`\`hcl
config {
  image   = "ghcr.io/acme/vpn:3.0.1"
  cap_add = ["net_admin", "sys_admin"]   # fires twice
}
\`\`\`

\`\`\`hcl
config {
  image   = "ghcr.io/acme/web:3.0.1"
  cap_add = ["net_bind_service"]         # ok
}
\`\`\``,
  },
  check: (model) => model.tasks.filter((t) => t.container).flatMap((t) => capAddHits(t.spec)),
};

export default rule;
