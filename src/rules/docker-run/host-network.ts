import type { RunModel } from '../../deploy/docker-run/model.js';
import type { DeployRule } from '../../deploy/types.js';
import { hostNamespaceHits } from '../container/checks.js';

const rule: DeployRule<RunModel> = {
  meta: {
    id: 'LS-RUN-006',
    kind: 'misconfiguration',
    severity: 'HIGH',
    phase: 'deploy',
    title: 'Host network namespace shared',
    aliases: ['docker-bench-security:5.10'],
    tags: ['security', 'docker-run'],
    remediation: 'Drop `--network host`; publish the needed ports with `-p 127.0.0.1:PORT:PORT` or attach the container to a user-defined network.',
    docs: `\`--network host\` (or \`--net=host\`) puts the container on the host's network stack: it reaches services bound
to the host's localhost and can bind any host port.

Fires for \`--network host\`, \`--network=host\`, \`--net host\` and \`--net=host\`.

\`\`\`sh
docker run -d --network host ghcr.io/acme/exporter:0.9.0          # fires
\`\`\`

\`\`\`sh
docker run -d -p 127.0.0.1:9100:9100 ghcr.io/acme/exporter:0.9.0  # ok
\`\`\``,
  },
  check: (model) => model.commands.flatMap((t) => hostNamespaceHits(t.spec, 'network')),
};

export default rule;
