import { boolOption, get, type DaemonModel } from '../../deploy/daemon/model.js';
import type { DeployRule } from '../../deploy/types.js';
import type { RuleHit } from '../rule.js';

/** A `hosts` entry that listens on TCP: `tcp://…`, or `host:port` / `:2375` without a scheme (dockerd reads those as TCP). */
function tcpAddress(h: string): string | undefined {
  const s = h.trim();
  if (/^(?:unix|fd|npipe|ssh):\/\//i.test(s)) return undefined;
  if (/^tcp:\/\//i.test(s)) return s.slice(6);
  return /^[^/]*:\d*$/.test(s) || /^\[[^\]]+\](?::\d+)?$/.test(s) ? s : undefined;
}

function loopback(addr: string): boolean {
  return /^(?:localhost|127(?:\.\d{1,3}){3}|\[::1\])(?::\d*)?(?:\/.*)?$/i.test(addr);
}

const rule: DeployRule<DaemonModel> = {
  meta: {
    id: 'LS-DAEMON-003',
    kind: 'misconfiguration',
    severity: 'CRITICAL',
    phase: 'deploy',
    title: 'Docker API on TCP without TLS client verification',
    aliases: ['docker-bench-security:2.7'],
    tags: ['security', 'remote-access', 'daemon'],
    remediation: 'Listen on the Unix socket only (`"hosts": ["unix:///var/run/docker.sock"]`) and reach remote daemons over SSH (`DOCKER_HOST=ssh://user@host`); if TCP is required, set `"tlsverify": true` with `tlscacert`, `tlscert` and `tlskey` so only clients with a certificate from your CA can connect.',
    docs: `The Docker API is root on the host: \`docker run --privileged -v /:/host\` is one request away. On TCP without
\`tlsverify\`, anyone who can reach the port can send it — exposed daemons on port 2375 are found and used for
cryptomining within minutes. \`tls: true\` alone only encrypts: it does not check who the client is.

Fires for each \`hosts\` entry that listens on TCP (\`tcp://…\`, or \`host:port\` without a scheme):
- CRITICAL without \`tls\` or \`tlsverify\` on a non-loopback address (unauthenticated remote root);
- HIGH with \`tls: true\` but not \`tlsverify: true\` (encrypted, still unauthenticated);
- HIGH on a loopback address without \`tlsverify\` (every local user and every container sharing the host
  network can become root, bypassing the socket's \`docker\` group permissions).

\`\`\`json
{
  "hosts": ["unix:///var/run/docker.sock", "tcp://0.0.0.0:2375"]
}
\`\`\`

\`\`\`json
{
  "hosts": ["unix:///var/run/docker.sock", "tcp://0.0.0.0:2376"],
  "tlsverify": true,
  "tlscacert": "/etc/docker/tls/ca.pem",
  "tlscert": "/etc/docker/tls/server-cert.pem",
  "tlskey": "/etc/docker/tls/server-key.pem"
}
\`\`\``,
  },
  check(model): RuleHit[] {
    const hosts = get(model, 'hosts');
    if (!hosts || hosts.value.type !== 'array' || boolOption(model, 'tlsverify') === true) return [];
    // Only `tls: true` is counted as TLS: whether certificate paths alone enable it has varied across
    // dockerd versions, and calling an unencrypted port "encrypted" would understate it.
    const tls = boolOption(model, 'tls') === true;
    const hits: RuleHit[] = [];
    for (const item of hosts.value.items) {
      if (item.type !== 'string') continue;
      const addr = tcpAddress(item.value);
      if (addr === undefined) continue;
      const local = loopback(addr);
      const severity = tls || local ? 'HIGH' : 'CRITICAL';
      const why = tls
        ? 'with TLS but without tlsverify, so any client can connect (the connection is encrypted, not authenticated)'
        : local
          ? 'without TLS on the loopback interface: every local user and every container on the host network can control the daemon, bypassing the docker group'
          : 'without TLS client verification: anyone who can reach the port controls the daemon, i.e. is root on the host';
      hits.push({ line: item.line, column: item.column, severity, message: `The Docker API listens on ${item.value} ${why}.`, details: { host: item.value, tls } });
    }
    return hits;
  },
};

export default rule;
