import type { ComposeModel } from '../../deploy/compose/model.js';
import type { DeployRule } from '../../deploy/types.js';
import { noNewPrivilegesHits } from '../container/checks.js';

const rule: DeployRule<ComposeModel> = {
  meta: {
    id: 'LS-COMPOSE-007',
    kind: 'misconfiguration',
    severity: 'LOW',
    phase: 'deploy',
    title: 'no-new-privileges not set',
    aliases: ['kics:27fcc7d6-c49b-46e0-98f1-6c082a6a2750', 'docker-bench-security:5.26'],
    tags: ['security', 'privilege-escalation', 'hardening', 'compose'],
    remediation: 'Add `security_opt: ["no-new-privileges:true"]` to the service (or set `"no-new-privileges": true` in the Docker daemon configuration for every container).',
    docs: `Without the \`no_new_privs\` flag, a process can gain privileges by executing a setuid or setgid binary
(\`su\`, \`sudo\`, \`passwd\`, \`ping\` on older images, or one an attacker manages to create). With it, the
kernel ignores setuid bits and file capabilities for the container's processes.

Fires when a service has no \`no-new-privileges\` (or \`no-new-privileges:true\`) in \`security_opt\`, and when
it sets it to \`false\`. Not for privileged services (LS-COMPOSE-002 covers them). The daemon-wide setting
(LS-DAEMON-006) cannot be seen from a Compose file; suppress this rule if your hosts set it.

\`\`\`yaml
services:
  api:
    image: ghcr.io/acme/api:1.4.2       # fires
\`\`\`

\`\`\`yaml
services:
  api:
    image: ghcr.io/acme/api:1.4.2
    security_opt: ["no-new-privileges:true"]   # ok
\`\`\``,
  },
  check: (model) => model.services.flatMap((s) => noNewPrivilegesHits(s.spec)),
};

export default rule;
