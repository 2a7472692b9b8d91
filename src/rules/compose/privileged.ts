import type { ComposeModel } from '../../deploy/compose/model.js';
import type { DeployRule } from '../../deploy/types.js';
import { privilegedHits } from '../container/checks.js';

const rule: DeployRule<ComposeModel> = {
  meta: {
    id: 'LS-COMPOSE-002',
    kind: 'misconfiguration',
    severity: 'HIGH',
    phase: 'deploy',
    title: 'Privileged container',
    aliases: ['kics:ae5b6871-7f45-42e0-bb4c-ab300c4d2026', 'docker-bench-security:5.5'],
    tags: ['security', 'privilege-escalation', 'compose'],
    remediation: 'Remove `privileged: true`. Grant only what the service needs: a single capability with `cap_add`, a device with `devices:`, a specific `sysctls:` entry.',
    docs: `\`privileged: true\` gives the container every capability, access to all host devices, and turns off
seccomp, AppArmor/SELinux confinement and the read-only \`/proc\`/\`/sys\` masks. Mounting the host disk or
loading a kernel module from inside is then a one-liner: a compromise of the service is a compromise of the host.

Fires when a service (directly, through a YAML anchor or an \`extends\` base) sets \`privileged: true\`.

\`\`\`yaml
services:
  agent:
    image: ghcr.io/acme/agent:2.1.0
    privileged: true          # fires
\`\`\`

\`\`\`yaml
services:
  agent:
    image: ghcr.io/acme/agent:2.1.0
    cap_drop: [ALL]
    cap_add: [NET_BIND_SERVICE]   # ok: only what it needs
\`\`\``,
  },
  check: (model) => model.services.flatMap((s) => privilegedHits(s.spec)),
};

export default rule;
