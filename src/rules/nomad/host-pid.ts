import type { NomadModel } from '../../deploy/nomad/model.js';
import type { DeployRule } from '../../deploy/types.js';
import { hostNamespaceHits } from '../container/checks.js';

const rule: DeployRule<NomadModel> = {
  meta: {
    id: 'LS-NOMAD-007',
    kind: 'misconfiguration',
    severity: 'HIGH',
    phase: 'deploy',
    title: 'Host PID namespace shared',
    aliases: ['docker-bench-security:5.16'],
    tags: ['security', 'nomad'],
    remediation: 'Remove `pid_mode = "host"`.',
    docs: `\`pid_mode = "host"\` shows the container every process on the client, with command lines and environments,
and lets root in the container signal or trace them.

Fires for \`pid_mode = "host"\` in \`config\`.

\`\`\`hcl
config {
  image    = "ghcr.io/acme/toolbox:1.2.0"
  pid_mode = "host"          # fires
}
\`\`\`

\`\`\`hcl
config {
  image = "ghcr.io/acme/toolbox:1.2.0"   # ok
}
\`\`\``,
  },
  check: (model) => model.tasks.filter((t) => t.container).flatMap((t) => hostNamespaceHits(t.spec, 'pid')),
};

export default rule;
