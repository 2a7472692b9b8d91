import type { NomadModel } from '../../deploy/nomad/model.js';
import type { DeployRule } from '../../deploy/types.js';
import { hostNamespaceHits } from '../container/checks.js';

const rule: DeployRule<NomadModel> = {
  meta: {
    id: 'LS-NOMAD-008',
    kind: 'misconfiguration',
    severity: 'MEDIUM',
    phase: 'deploy',
    title: 'Host IPC namespace shared',
    aliases: ['docker-bench-security:5.17'],
    tags: ['security', 'nomad'],
    remediation: 'Remove `ipc_mode = "host"`.',
    docs: `\`ipc_mode = "host"\` gives the container the client's shared memory segments and semaphores.

Fires for \`ipc_mode = "host"\` in \`config\`.

\`\`\`hcl
config {
  image    = "ghcr.io/acme/worker:1.4.2"
  ipc_mode = "host"          # fires
}
\`\`\`

\`\`\`hcl
config {
  image = "ghcr.io/acme/worker:1.4.2"    # ok
}
\`\`\``,
  },
  check: (model) => model.tasks.filter((t) => t.container).flatMap((t) => hostNamespaceHits(t.spec, 'ipc')),
};

export default rule;
