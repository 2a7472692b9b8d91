import type { ComposeModel } from '../../deploy/compose/model.js';
import type { DeployRule } from '../../deploy/types.js';
import { rootUserHits } from '../container/checks.js';

const rule: DeployRule<ComposeModel> = {
  meta: {
    id: 'LS-COMPOSE-001',
    kind: 'misconfiguration',
    severity: 'HIGH',
    phase: 'deploy',
    title: 'Service runs as root',
    aliases: ['docker-bench-security:4.1'],
    tags: ['security', 'least-privilege', 'compose'],
    remediation: 'Set `user:` to an unprivileged UID:GID the image supports (e.g. `user: "10001:10001"`), or build the image with a non-root `USER`.',
    docs: `A process running as root in the container is root in the kernel's eyes, limited only by namespaces,
capabilities and seccomp: one runtime or kernel bug, or one mount too many, and it is root on the host. It also
owns every file in the image and can install tools.

Fires (HIGH) when a service sets \`user:\` to root by name or UID 0 (\`root\`, \`0\`, \`0:0\`, \`root:root\`).

Also fires (LOW) when a service pulling an \`image:\` sets no \`user:\` at all: it then runs as the image's
\`USER\`, which a Compose file cannot show — many official images (databases, web servers) start as root. Not
reported for services with \`build:\` (the Dockerfile rule LS-DF-001 checks their \`USER\`) or whose \`extends\`
base is outside the scan.

\`\`\`yaml
services:
  api:
    image: ghcr.io/acme/api:1.4.2
    user: root              # fires (HIGH)
  worker:
    image: ghcr.io/acme/worker:1.4.2   # fires (LOW): no user
\`\`\`

\`\`\`yaml
services:
  api:
    image: ghcr.io/acme/api:1.4.2
    user: "10001:10001"     # ok
\`\`\``,
  },
  check: (model) => model.services.flatMap((s) => rootUserHits(s.spec, true)),
};

export default rule;
