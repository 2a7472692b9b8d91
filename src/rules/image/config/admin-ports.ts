import type { RuleHit } from '../../rule.js';
import type { ImageRule } from '../rule.js';
import { ADMIN_PORTS } from '../../../data/admin-ports.js';

const rule: ImageRule = {
  meta: {
    id: 'LS-IMG-004',
    kind: 'misconfiguration',
    severity: 'MEDIUM',
    phase: 'image',
    title: 'Image exposes a remote-administration port',
    aliases: [],
    tags: ['security', 'network'],
    remediation: 'Remove the remote-administration service and its `EXPOSE`; use `docker exec` / `kubectl exec` (or a debug container) to get into a running container.',
    docs: `\`ExposedPorts\` in the image configuration documents what the container serves, and \`docker run -P\`
publishes every one of them. SSH (22), Telnet (23), the Docker API (2375/2376), RDP (3389), VNC (5900) and
WinRM (5985/5986) are ways to administer a machine: in a container they add an attack surface and usually a
credential baked into the image. 2375 is HIGH: the Docker API without TLS gives whoever reaches it root on
the host. Other ports are not reported.

\`\`\`dockerfile
FROM debian:12-slim
RUN apt-get update && apt-get install -y --no-install-recommends openssh-server
EXPOSE 22 8080                      # fires for 22
\`\`\`

\`\`\`dockerfile
FROM debian:12-slim
EXPOSE 8080                         # ok
\`\`\``,
  },
  check({ metadata }) {
    const hits: RuleHit[] = [];
    for (const key of Object.keys(metadata.config.config?.ExposedPorts ?? {})) {
      // Keys are `port/proto` (`22/tcp`); a bare number means tcp.
      const m = /^(\d+)(?:\/([a-z]+))?$/i.exec(key.trim());
      if (!m) continue;
      const admin = ADMIN_PORTS.get(Number(m[1]));
      if (!admin) continue;
      hits.push({
        severity: admin.severity,
        message: `The image exposes port ${key} (${admin.service}), a remote-administration service.`,
        details: { port: Number(m[1]), protocol: (m[2] ?? 'tcp').toLowerCase(), service: admin.service },
      });
    }
    return hits;
  },
};

export default rule;
