import type { ComposeModel } from '../../deploy/compose/model.js';
import type { DeployRule } from '../../deploy/types.js';
import { memoryLimitHits } from '../container/checks.js';

const rule: DeployRule<ComposeModel> = {
  meta: {
    id: 'LS-COMPOSE-020',
    kind: 'misconfiguration',
    severity: 'LOW',
    phase: 'deploy',
    title: 'No memory limit',
    aliases: ['kics:bb9ac4f7-e13b-423d-a010-c74a1bfbe492', 'docker-bench-security:5.11'],
    tags: ['reliability', 'availability', 'compose'],
    remediation: 'Set `deploy.resources.limits.memory` (Compose Specification, honoured by `docker compose up`) or `mem_limit` (v2 format), sized from the service\'s observed peak plus headroom.',
    docs: `A container without a memory limit can use all of the host's memory. A leak, a large request or an
attacker's input then makes the kernel's OOM killer pick victims across the host — often the database next
to it, or the Docker daemon.

Fires when a service sets neither \`deploy.resources.limits.memory\` nor \`mem_limit\`.

\`\`\`yaml
services:
  api:
    image: ghcr.io/acme/api:1.4.2      # fires
\`\`\`

\`\`\`yaml
services:
  api:
    image: ghcr.io/acme/api:1.4.2
    deploy:
      resources:
        limits: {memory: 512M, cpus: "1.0"}   # ok
\`\`\``,
  },
  check: (model) => model.services.flatMap((s) => memoryLimitHits(s.spec)),
};

export default rule;
