import type { ComposeModel } from '../../deploy/compose/model.js';
import type { DeployRule } from '../../deploy/types.js';
import { hostNamespaceHits } from '../container/checks.js';

const rule: DeployRule<ComposeModel> = {
  meta: {
    id: 'LS-COMPOSE-010',
    kind: 'misconfiguration',
    severity: 'MEDIUM',
    phase: 'deploy',
    title: 'Host IPC namespace shared',
    aliases: ['kics:baa3890f-bed7-46f5-ab8f-1da8fc91c729', 'docker-bench-security:5.17'],
    tags: ['security', 'compose'],
    remediation: 'Remove `ipc: host`; to share memory between two services use `ipc: shareable` on one and `ipc: "service:<name>"` on the other.',
    docs: `\`ipc: host\` gives the container the host's System V IPC and POSIX shared memory: it can read and corrupt
shared-memory segments of host processes (databases, other containers started with \`ipc: host\`).

Fires for \`ipc: host\`.

\`\`\`yaml
services:
  worker:
    image: ghcr.io/acme/worker:1.4.2
    ipc: host                  # fires
\`\`\`

\`\`\`yaml
services:
  worker:
    image: ghcr.io/acme/worker:1.4.2
    ipc: "service:app"         # ok
\`\`\``,
  },
  check: (model) => model.services.flatMap((s) => hostNamespaceHits(s.spec, 'ipc')),
};

export default rule;
