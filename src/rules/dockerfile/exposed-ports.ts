import { expandWord } from '../../dockerfile/expand.js';
import type { Severity } from '../../findings/severity.js';
import { maxSeverity } from '../../findings/severity.js';
import type { DockerfileRule, RuleHit } from '../rule.js';
import { ADMIN_PORTS } from '../../data/admin-ports.js';

const PROTOCOLS = new Set(['tcp', 'udp', 'sctp']);

type PortSpec =
  | { kind: 'invalid'; reason: string }
  | { kind: 'port'; port: number; protocol: string }
  | { kind: 'range'; start: number; end: number; protocol: string };

function parsePortNumber(s: string): number | undefined {
  return /^\d{1,9}$/.test(s) ? Number(s) : undefined;
}

/** Parses one EXPOSE word: `80`, `80/udp`, `8000-8010/tcp`. */
export function parsePortSpec(word: string): PortSpec {
  const slash = word.indexOf('/');
  const portPart = slash < 0 ? word : word.slice(0, slash);
  const protocol = slash < 0 ? 'tcp' : word.slice(slash + 1).toLowerCase();
  if (!PROTOCOLS.has(protocol)) return { kind: 'invalid', reason: `unknown protocol "${word.slice(slash + 1)}" (use tcp, udp or sctp)` };
  if (portPart.includes(':')) return { kind: 'invalid', reason: 'EXPOSE takes container ports only; host:container mappings belong to `docker run -p`' };
  const dash = portPart.indexOf('-');
  if (dash >= 0) {
    const start = parsePortNumber(portPart.slice(0, dash));
    const end = parsePortNumber(portPart.slice(dash + 1));
    if (start === undefined || end === undefined) return { kind: 'invalid', reason: 'not a port range' };
    if (start < 1 || end > 65535) return { kind: 'invalid', reason: 'ports must be between 1 and 65535' };
    if (start > end) return { kind: 'invalid', reason: 'the range ends before it starts' };
    return start === end ? { kind: 'port', port: start, protocol } : { kind: 'range', start, end, protocol };
  }
  const port = parsePortNumber(portPart);
  if (port === undefined) return { kind: 'invalid', reason: 'not a port number' };
  if (port < 1 || port > 65535) return { kind: 'invalid', reason: 'ports must be between 1 and 65535' };
  return { kind: 'port', port, protocol };
}

function adminPortsIn(start: number, end: number, protocol: string): Array<[number, { service: string; severity: Severity }]> {
  // The services above all listen on TCP; `22/udp` is not SSH.
  if (protocol !== 'tcp') return [];
  return [...ADMIN_PORTS].filter(([p]) => p >= start && p <= end);
}

const rule: DockerfileRule = {
  meta: {
    id: 'LS-DF-009',
    kind: 'misconfiguration',
    severity: 'MEDIUM',
    phase: 'dockerfile',
    title: 'EXPOSE of a remote-administration port, a port range or an invalid port',
    aliases: ['hadolint:DL3011', 'trivy:DS004', 'trivy:DS008', 'checkov:CKV_DOCKER_1'],
    tags: ['security', 'network'],
    remediation:
      'Expose only the ports the application serves. Administer containers with `docker exec`/`kubectl exec` instead of SSH, RDP, VNC or WinRM; never expose the Docker API (2375/2376) from a container. List individual ports instead of ranges, and use valid `port[/tcp|udp|sctp]` values.',
    docs: `\`EXPOSE\` documents the ports a container serves, and tools (\`docker run -P\`, some orchestrators and
scanners) act on it. Exposing a remote-administration service means the image runs one: an SSH, Telnet,
RDP, VNC or WinRM server is another way in with its own credentials to steal, and port 2375 is the Docker
API without authentication — reaching it is root on the host.

Fires per \`EXPOSE\` value after variable expansion:
- 2375/tcp → HIGH; 22, 23, 2376, 3389, 5900, 5985, 5986 (tcp) → MEDIUM;
- a port range → LOW ("exposes N ports"), raised when the range covers one of the ports above;
- an invalid value (0, above 65535, not a number, \`host:container\`, a protocol other than tcp/udp/sctp) → MEDIUM.
Values built from unset variables are skipped.

\`\`\`dockerfile
FROM alpine:3.20
EXPOSE 22 8080        # fires: SSH
EXPOSE 70000          # fires: invalid
\`\`\`

\`\`\`dockerfile
FROM alpine:3.20
ARG PORT=8080
EXPOSE \${PORT} 8443/tcp   # ok
\`\`\``,
  },
  check({ dockerfile }): RuleHit[] {
    const hits: RuleHit[] = [];
    for (const ins of dockerfile.instructions) {
      if (ins.keyword !== 'EXPOSE') continue;
      for (const arg of ins.args) {
        const expanded = expandWord(arg, ins.vars, dockerfile.escapeChar);
        if (expanded.unresolved.length > 0) continue;
        // BuildKit splits an expanded value on whitespace: `EXPOSE $PORTS` with PORTS="80 443".
        for (const word of expanded.value.split(/\s+/).filter(Boolean)) {
          const spec = parsePortSpec(word);
          const base = { line: ins.line, endLine: ins.endLine };
          if (spec.kind === 'invalid') {
            hits.push({ ...base, severity: 'MEDIUM', message: `EXPOSE ${word} is not a valid port: ${spec.reason}.`, details: { value: word } });
            continue;
          }
          const start = spec.kind === 'port' ? spec.port : spec.start;
          const end = spec.kind === 'port' ? spec.port : spec.end;
          const admin = adminPortsIn(start, end, spec.protocol);
          const services = admin.map(([p, a]) => `${p} (${a.service})`).join(', ');
          if (spec.kind === 'range') {
            const severity = admin.reduce<Severity>((s, [, a]) => maxSeverity(s, a.severity), 'LOW');
            hits.push({
              ...base,
              severity,
              message: `EXPOSE ${word} exposes ${end - start + 1} ports${admin.length ? `, including ${services}` : ''}; list the ports the application actually serves.`,
              details: { value: word, ports: end - start + 1 },
            });
          } else if (admin.length > 0) {
            const [, a] = admin[0]!;
            hits.push({
              ...base,
              severity: a.severity,
              message: `EXPOSE ${word} exposes ${a.service}: remote-administration services do not belong in a container image.`,
              details: { value: word, service: a.service },
            });
          }
        }
      }
    }
    return hits;
  },
};

export default rule;
