import type { ComposeModel } from '../../deploy/compose/model.js';
import type { DeployRule } from '../../deploy/types.js';
import { hostNamespaceHits } from '../container/checks.js';

const rule: DeployRule<ComposeModel> = {
  meta: {
    id: 'LS-COMPOSE-008',
    kind: 'misconfiguration',
    severity: 'HIGH',
    phase: 'deploy',
    title: 'Host network namespace shared',
    aliases: ['kics:071a71ff-f868-47a4-ac0b-3c59e4ab5443', 'docker-bench-security:5.10'],
    tags: ['security', 'network', 'compose'],
    remediation: 'Remove `network_mode: host`; publish the ports the service serves with `ports:` (bound to 127.0.0.1 when only the host needs them) and let services talk over a Compose network.',
    docs: `With \`network_mode: host\` the container uses the host's network stack: it can bind any host port,
reach every service listening on the host's \`127.0.0.1\` (admin interfaces, metadata proxies, a Docker API
on TCP), sniff traffic with \`NET_RAW\`, and it is outside Docker's network isolation between containers.

Fires for \`network_mode: host\`.

\`\`\`yaml
services:
  exporter:
    image: ghcr.io/acme/exporter:0.9.0
    network_mode: host        # fires
\`\`\`

\`\`\`yaml
services:
  exporter:
    image: ghcr.io/acme/exporter:0.9.0
    ports: ["127.0.0.1:9100:9100"]   # ok
\`\`\``,
  },
  check: (model) => model.services.flatMap((s) => hostNamespaceHits(s.spec, 'network')),
};

export default rule;
