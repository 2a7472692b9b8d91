import type { RunModel } from '../../deploy/docker-run/model.js';
import type { DeployRule } from '../../deploy/types.js';
import { hostNamespaceHits } from '../container/checks.js';

const rule: DeployRule<RunModel> = {
  meta: {
    id: 'LS-RUN-007',
    kind: 'misconfiguration',
    severity: 'HIGH',
    phase: 'deploy',
    title: 'Host PID namespace shared',
    aliases: ['docker-bench-security:5.16'],
    tags: ['security', 'docker-run'],
    remediation: 'Drop `--pid host`; to debug one container, join its namespace instead (`--pid container:<name>`).',
    docs: `\`--pid host\` shows the container every process on the host, with command lines and environments, and lets
root in the container signal or trace them.

Fires for \`--pid host\` / \`--pid=host\`.

\`\`\`sh
docker run --rm -it --pid host ghcr.io/acme/toolbox:1.2.0            # fires
\`\`\`

\`\`\`sh
docker run --rm -it --pid container:api ghcr.io/acme/toolbox:1.2.0   # ok
\`\`\``,
  },
  check: (model) => model.commands.flatMap((t) => hostNamespaceHits(t.spec, 'pid')),
};

export default rule;
