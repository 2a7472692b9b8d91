import type { ComposeModel } from '../../deploy/compose/model.js';
import type { DeployRule } from '../../deploy/types.js';
import { socketMountHits } from '../container/checks.js';
import { SOCKET_LIST } from '../container/host-paths.js';

const rule: DeployRule<ComposeModel> = {
  meta: {
    id: 'LS-COMPOSE-011',
    kind: 'misconfiguration',
    severity: 'HIGH',
    phase: 'deploy',
    title: 'Container runtime socket mounted',
    aliases: ['kics:d6355c88-1e8d-49e9-b2f2-f8a1ca12c75b', 'docker-bench-security:5.32'],
    tags: ['security', 'privilege-escalation', 'compose'],
    remediation: 'Do not mount the Docker socket. Give tools that need the API a filtered proxy (e.g. a socket proxy allowing only the read-only endpoints they use), or run them rootless against their own daemon.',
    docs: `The Docker (or Podman, containerd, CRI-O) API socket is root on the host: anyone who can write to it can
start a privileged container with the host's \`/\` mounted. Mounting it read-only does not help — \`:ro\`
only stops deleting or replacing the socket file, not talking to the API through it. Monitoring stacks,
reverse proxies and CI runners mount it often; a vulnerability in any of them is then a host takeover.

Fires for bind mounts (short or long syntax, or a named volume bound to the path) of: ${SOCKET_LIST}, and any
\`*/docker.sock\`, \`*/podman.sock\`, \`*/containerd.sock\`, \`*/crio.sock\`.

\`\`\`yaml
services:
  traefik:
    image: traefik:v3.1
    volumes:
      - /var/run/docker.sock:/var/run/docker.sock:ro   # fires
\`\`\`

\`\`\`yaml
services:
  socket-proxy:
    image: ghcr.io/acme/docker-socket-proxy:1.0.0   # a filtering proxy, reviewed and isolated
    # leftshift:ignore=LS-COMPOSE-011 only GET /containers is allowed through
    volumes: ["/var/run/docker.sock:/var/run/docker.sock:ro"]
  traefik:
    image: traefik:v3.1
    environment:
      DOCKER_HOST: tcp://socket-proxy:2375   # ok
\`\`\``,
  },
  check: (model) => model.services.flatMap((s) => socketMountHits(s.spec)),
};

export default rule;
