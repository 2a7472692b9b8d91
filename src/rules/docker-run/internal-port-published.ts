import type { RunModel } from '../../deploy/docker-run/model.js';
import type { DeployRule } from '../../deploy/types.js';
import { internalPortHits } from '../container/checks.js';
import { INTERNAL_PORT_LIST, INTERNAL_SERVICE_NAMES } from '../container/ports.js';

const rule: DeployRule<RunModel> = {
  meta: {
    id: 'LS-RUN-013',
    kind: 'misconfiguration',
    severity: 'MEDIUM',
    phase: 'deploy',
    title: 'Database or broker port published on all interfaces',
    aliases: [],
    tags: ['security', 'docker-run'],
    remediation: 'Bind the port to the loopback address (`-p 127.0.0.1:5432:5432`) or do not publish it and reach the service over a user-defined network.',
    docs: `\`-p 5432:5432\` publishes the port on every interface of the host, and Docker's iptables rules take precedence
over host firewalls such as ufw: a database started for local development or a CI job is reachable from the
network.

Fires for \`-p\`/\`--publish\` without a host address (or with \`0.0.0.0\`/\`::\`) when the image looks internal
(${INTERNAL_SERVICE_NAMES}) or the container port is one of their defaults (${INTERNAL_PORT_LIST}).

\`\`\`sh
docker run -d -p 6379:6379 redis:7.4.1             # fires
\`\`\`

\`\`\`sh
docker run -d -p 127.0.0.1:6379:6379 redis:7.4.1   # ok
\`\`\``,
  },
  check: (model) => model.commands.flatMap((t) => internalPortHits(t.spec)),
};

export default rule;
