import type { NomadModel } from '../../deploy/nomad/model.js';
import type { DeployRule } from '../../deploy/types.js';
import { privilegedHits } from '../container/checks.js';

const rule: DeployRule<NomadModel> = {
  meta: {
    id: 'LS-NOMAD-002',
    kind: 'misconfiguration',
    severity: 'HIGH',
    phase: 'deploy',
    title: 'Privileged container',
    aliases: ['docker-bench-security:5.5'],
    tags: ['security', 'nomad'],
    remediation: 'Remove `privileged = true` (and `allow_privileged` from the client\'s docker plugin configuration); grant a single capability with `cap_add` or a device with `devices` instead.',
    docs: `\`privileged = true\` gives the container every capability, all host devices and no seccomp or AppArmor
confinement: a compromise of the task is a compromise of the Nomad client — and of every allocation on it.
The docker driver only allows it when the client sets \`allow_privileged = true\`.

Fires for docker/podman tasks with \`privileged = true\` in \`config\`.

\`\`\`hcl
config {
  image      = "ghcr.io/acme/agent:2.1.0"
  privileged = true          # fires
}
\`\`\`

\`\`\`hcl
config {
  image   = "ghcr.io/acme/agent:2.1.0"
  cap_add = ["net_bind_service"]   # ok
}
\`\`\``,
  },
  check: (model) => model.tasks.filter((t) => t.container).flatMap((t) => privilegedHits(t.spec)),
};

export default rule;
