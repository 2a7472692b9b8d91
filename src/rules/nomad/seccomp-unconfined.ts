import type { NomadModel } from '../../deploy/nomad/model.js';
import type { DeployRule } from '../../deploy/types.js';
import { seccompHits } from '../container/checks.js';

const rule: DeployRule<NomadModel> = {
  meta: {
    id: 'LS-NOMAD-004',
    kind: 'misconfiguration',
    severity: 'HIGH',
    phase: 'deploy',
    title: 'Seccomp disabled',
    aliases: ['docker-bench-security:5.22'],
    tags: ['security', 'nomad'],
    remediation: 'Remove `seccomp=unconfined` from `security_opt`; ship a custom profile with only the missing system call if one is needed.',
    docs: `Docker's default seccomp profile blocks the system calls kernel exploits and container escapes rely on.
\`security_opt = ["seccomp=unconfined"]\` removes that filter.

Fires for \`seccomp=unconfined\` or \`seccomp:unconfined\` in \`security_opt\`.

\`\`\`hcl
config {
  image        = "ghcr.io/acme/app:5.0.0"
  security_opt = ["seccomp=unconfined"]    # fires
}
\`\`\`

\`\`\`hcl
config {
  image        = "ghcr.io/acme/app:5.0.0"
  security_opt = ["no-new-privileges"]     # ok
}
\`\`\``,
  },
  check: (model) => model.tasks.filter((t) => t.container).flatMap((t) => seccompHits(t.spec)),
};

export default rule;
