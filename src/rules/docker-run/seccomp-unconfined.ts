import type { RunModel } from '../../deploy/docker-run/model.js';
import type { DeployRule } from '../../deploy/types.js';
import { seccompHits } from '../container/checks.js';

const rule: DeployRule<RunModel> = {
  meta: {
    id: 'LS-RUN-004',
    kind: 'misconfiguration',
    severity: 'HIGH',
    phase: 'deploy',
    title: 'Seccomp disabled',
    aliases: ['docker-bench-security:5.22'],
    tags: ['security', 'docker-run'],
    remediation: 'Remove `--security-opt seccomp=unconfined`; pass a custom profile (`--security-opt seccomp=profile.json`) that allows only the missing system call.',
    docs: `Docker's default seccomp profile blocks the system calls kernel exploits and container escapes rely on;
\`--security-opt seccomp=unconfined\` removes it.

Fires for \`--security-opt seccomp=unconfined\` (or \`seccomp:unconfined\`).

\`\`\`sh
docker run --security-opt seccomp=unconfined ghcr.io/acme/app:5.0.0   # fires
\`\`\`

\`\`\`sh
docker run --security-opt no-new-privileges ghcr.io/acme/app:5.0.0    # ok
\`\`\``,
  },
  check: (model) => model.commands.flatMap((t) => seccompHits(t.spec)),
};

export default rule;
