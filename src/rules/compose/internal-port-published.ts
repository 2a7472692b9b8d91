import type { ComposeModel } from '../../deploy/compose/model.js';
import type { DeployRule } from '../../deploy/types.js';
import { internalPortHits } from '../container/checks.js';
import { INTERNAL_PORT_LIST, INTERNAL_SERVICE_NAMES } from '../container/ports.js';

const rule: DeployRule<ComposeModel> = {
  meta: {
    id: 'LS-COMPOSE-018',
    kind: 'misconfiguration',
    severity: 'MEDIUM',
    phase: 'deploy',
    title: 'Database or broker port published on all interfaces',
    aliases: [],
    tags: ['security', 'network', 'compose'],
    remediation: 'Remove the `ports:` entry (other services reach it by service name on the Compose network), or bind it to the loopback address: `"127.0.0.1:5432:5432"`.',
    docs: `\`ports: ["5432:5432"]\` publishes the port on every interface of the host, and Docker inserts its own
iptables rules ahead of host firewalls such as ufw or firewalld: a database meant for the app next to it is
reachable from the network, often with the default or a weak password. Scanners find such ports within hours.

Fires for \`ports:\` entries without a host address (or with \`0.0.0.0\`/\`::\`), short or long syntax, on
services that look internal: by image (${INTERNAL_SERVICE_NAMES}) or by container port
(${INTERNAL_PORT_LIST}). Entries bound to a specific address (\`127.0.0.1\`, a private IP) are not reported.

\`\`\`yaml
services:
  db:
    image: postgres:16.4
    ports: ["5432:5432"]            # fires
\`\`\`

\`\`\`yaml
services:
  db:
    image: postgres:16.4
    ports: ["127.0.0.1:5432:5432"]  # ok: only the host itself
\`\`\``,
  },
  check: (model) => model.services.flatMap((s) => internalPortHits(s.spec)),
};

export default rule;
