import { get, type DaemonModel } from '../../deploy/daemon/model.js';
import type { DeployRule } from '../../deploy/types.js';
import type { RuleHit } from '../rule.js';

/** Registries on the loopback interface: plain HTTP there does not cross a network. */
function loopbackOnly(entry: string): boolean {
  const host = entry.trim().toLowerCase().replace(/^[a-z]+:\/\//, '').replace(/\/.*$/, '');
  return /^(?:localhost|127(?:\.\d{1,3}){3}|\[?::1\]?)(?::\d+)?$/.test(host) || /^127\.0\.0\.0\/(?:8|9|[1-3]\d)$/.test(entry.trim());
}

const rule: DeployRule<DaemonModel> = {
  meta: {
    id: 'LS-DAEMON-002',
    kind: 'misconfiguration',
    severity: 'HIGH',
    phase: 'deploy',
    title: 'Insecure registries allowed',
    aliases: ['docker-bench-security:2.5'],
    tags: ['security', 'supply-chain', 'daemon'],
    remediation: 'Remove the entries from `insecure-registries` and serve those registries over TLS (a certificate from an internal CA, installed under `/etc/docker/certs.d/<registry>/ca.crt`).',
    docs: `For registries listed in \`insecure-registries\` (host names, or CIDR ranges that match every registry in
them), dockerd accepts plain HTTP and invalid TLS certificates. Anyone on the network path can then serve the
host any image under any name — and that image runs with whatever the deployment grants it.

Fires for each entry of \`insecure-registries\`: HIGH, or LOW when it is on the loopback interface
(\`localhost:5000\`, \`127.0.0.1:5000\`, which Docker treats as insecure by default anyway).

\`\`\`json
{
  "insecure-registries": ["registry.internal:5000", "10.0.0.0/8"]
}
\`\`\`

\`\`\`json
{
  "registry-mirrors": ["https://mirror.internal"]
}
\`\`\``,
  },
  check(model): RuleHit[] {
    const e = get(model, 'insecure-registries');
    if (!e || e.value.type !== 'array') return [];
    return e.value.items.flatMap((item) => {
      if (item.type !== 'string' || item.value.trim() === '') return [];
      const low = loopbackOnly(item.value);
      return [{
        line: item.line,
        column: item.column,
        severity: low ? 'LOW' : 'HIGH',
        message: low
          ? `insecure-registries lists ${item.value}, a registry on the loopback interface (plain HTTP does not leave the host).`
          : `insecure-registries lists ${item.value}: images from it are pulled over plain HTTP or without certificate checks, so anyone on the network path can substitute them.`,
        details: { registry: item.value },
      } satisfies RuleHit];
    });
  },
};

export default rule;
