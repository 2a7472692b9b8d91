import type { RunModel } from '../../deploy/docker-run/model.js';
import type { DeployRule } from '../../deploy/types.js';
import { hostNamespaceHits } from '../container/checks.js';

const rule: DeployRule<RunModel> = {
  meta: {
    id: 'LS-RUN-008',
    kind: 'misconfiguration',
    severity: 'MEDIUM',
    phase: 'deploy',
    title: 'Host IPC namespace shared',
    aliases: ['docker-bench-security:5.17'],
    tags: ['security', 'docker-run'],
    remediation: 'Drop `--ipc host`; share IPC between two containers with `--ipc shareable` and `--ipc container:<name>`.',
    docs: `\`--ipc host\` gives the container the host's shared memory segments and semaphores.

Fires for \`--ipc host\` / \`--ipc=host\`.

\`\`\`sh
docker run --ipc=host ghcr.io/acme/worker:1.4.2                 # fires
\`\`\`

\`\`\`sh
docker run --ipc=container:app ghcr.io/acme/worker:1.4.2        # ok
\`\`\``,
  },
  check: (model) => model.commands.flatMap((t) => hostNamespaceHits(t.spec, 'ipc')),
};

export default rule;
