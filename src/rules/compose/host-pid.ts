import type { ComposeModel } from '../../deploy/compose/model.js';
import type { DeployRule } from '../../deploy/types.js';
import { hostNamespaceHits } from '../container/checks.js';

const rule: DeployRule<ComposeModel> = {
  meta: {
    id: 'LS-COMPOSE-009',
    kind: 'misconfiguration',
    severity: 'HIGH',
    phase: 'deploy',
    title: 'Host PID namespace shared',
    aliases: ['kics:4f31dd9f-2cc3-4751-9b53-67e4af83dac0', 'docker-bench-security:5.16'],
    tags: ['security', 'compose'],
    remediation: 'Remove `pid: host`. To share processes between two services, use `pid: "service:<name>"` instead of the host namespace.',
    docs: `\`pid: host\` puts the container in the host's process namespace: it sees every process on the host with
its command line and environment (where secrets often are), and as root can signal them or, with
\`SYS_PTRACE\`, inject code into them — including processes outside any container.

Fires for \`pid: host\`.

\`\`\`yaml
services:
  debug:
    image: ghcr.io/acme/toolbox:1.2.0
    pid: host                 # fires
\`\`\`

\`\`\`yaml
services:
  sidecar:
    image: ghcr.io/acme/toolbox:1.2.0
    pid: "service:app"        # ok: shares only the app's namespace
\`\`\``,
  },
  check: (model) => model.services.flatMap((s) => hostNamespaceHits(s.spec, 'pid')),
};

export default rule;
