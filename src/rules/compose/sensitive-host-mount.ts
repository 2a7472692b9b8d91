import type { ComposeModel } from '../../deploy/compose/model.js';
import type { DeployRule } from '../../deploy/types.js';
import { sensitiveMountHits } from '../container/checks.js';
import { SENSITIVE_DIR_LIST } from '../container/host-paths.js';

const rule: DeployRule<ComposeModel> = {
  meta: {
    id: 'LS-COMPOSE-012',
    kind: 'misconfiguration',
    severity: 'HIGH',
    phase: 'deploy',
    title: 'Sensitive host path mounted',
    aliases: ['kics:1c1325ff-831d-43a1-973e-839ae57dfcc0', 'docker-bench-security:5.6'],
    tags: ['security', 'filesystem', 'compose'],
    remediation: 'Mount only the specific files or project directories the service needs, read-only where possible; use named volumes for data.',
    docs: `Bind-mounting a host system directory hands the container what lives there: \`/etc\` (users, sudoers, cron,
systemd units), \`/root\`, \`/proc\` and \`/sys\` (kernel settings, other processes), \`/dev\` (disks), the runtime's
state in \`/var/lib/docker\`, or \`/\` itself. Writable, that is a host takeover; read-only, it still exposes
secrets such as \`/etc/shadow\` and SSH host keys.

Fires (HIGH when writable, MEDIUM when mounted \`:ro\`/\`read_only: true\`) for bind mounts of these
directories or anything below them: ${SENSITIVE_DIR_LIST}. A few files commonly mounted read-only are not
reported (\`/etc/localtime\`, \`/etc/timezone\`, \`/etc/ssl/certs\`, \`/usr/share/zoneinfo\`, \`/dev/shm\`...).
Runtime sockets are LS-COMPOSE-011.

\`\`\`yaml
services:
  node-exporter:
    image: prom/node-exporter:v1.8.2
    volumes:
      - /:/host:ro              # fires (MEDIUM)
      - /etc:/host/etc          # fires (HIGH)
\`\`\`

\`\`\`yaml
services:
  app:
    image: ghcr.io/acme/app:5.0.0
    volumes:
      - ./config/app.yaml:/etc/app/app.yaml:ro   # ok
      - /etc/localtime:/etc/localtime:ro         # ok
      - app-data:/var/lib/app                    # ok
\`\`\``,
  },
  check: (model) => model.services.flatMap((s) => sensitiveMountHits(s.spec)),
};

export default rule;
