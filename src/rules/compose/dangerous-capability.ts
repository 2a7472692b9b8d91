import type { ComposeModel } from '../../deploy/compose/model.js';
import type { DeployRule } from '../../deploy/types.js';
import { DANGEROUS_CAP_LIST } from '../container/capabilities.js';
import { capAddHits } from '../container/checks.js';

const rule: DeployRule<ComposeModel> = {
  meta: {
    id: 'LS-COMPOSE-003',
    kind: 'misconfiguration',
    severity: 'HIGH',
    phase: 'deploy',
    title: 'Dangerous capability added',
    aliases: ['docker-bench-security:5.4'],
    tags: ['security', 'least-privilege', 'compose'],
    remediation: 'Remove the capability from `cap_add`; if the service really needs an operation, find the narrowest capability for it (e.g. `NET_BIND_SERVICE` to bind ports below 1024) or move that operation out of the container.',
    docs: `Capabilities split root's powers; some of them are each enough to break out of the container or to take
over the host's network or kernel. Adding them undoes most of what the container runtime isolates.

Fires for each of these in \`cap_add\` (with or without the \`CAP_\` prefix, any case), at the severity shown:
${DANGEROUS_CAP_LIST}.

\`\`\`yaml
services:
  vpn:
    image: ghcr.io/acme/vpn:3.0.1
    cap_add: [NET_ADMIN, SYS_ADMIN]   # fires twice
\`\`\`

\`\`\`yaml
services:
  web:
    image: nginx:1.27-alpine
    cap_drop: [ALL]
    cap_add: [NET_BIND_SERVICE, CHOWN, SETUID, SETGID]   # ok
\`\`\``,
  },
  check: (model) => model.services.flatMap((s) => capAddHits(s.spec)),
};

export default rule;
