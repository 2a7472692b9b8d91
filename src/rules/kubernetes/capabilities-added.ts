import type { Severity } from '../../findings/severity.js';
import type { RuleHit } from '../rule.js';
import { hitOn, type KubernetesRule } from '../../deploy/kubernetes/rule-kit.js';
import { allContainers, containerField, describe } from '../../deploy/kubernetes/workloads.js';

/** How much a capability gives away. Anything not listed (a new or misspelt name) is MEDIUM. */
const SEVERITY: Record<string, Severity> = {
  ALL: 'CRITICAL',
  SYS_ADMIN: 'CRITICAL',
  SYS_MODULE: 'HIGH',
  SYS_PTRACE: 'HIGH',
  SYS_RAWIO: 'HIGH',
  SYS_BOOT: 'HIGH',
  DAC_READ_SEARCH: 'HIGH',
  NET_ADMIN: 'HIGH',
  BPF: 'HIGH',
  MAC_ADMIN: 'HIGH',
  MAC_OVERRIDE: 'HIGH',
  PERFMON: 'HIGH',
  NET_RAW: 'MEDIUM',
  SYS_TIME: 'MEDIUM',
  SYS_RESOURCE: 'MEDIUM',
  SYS_NICE: 'MEDIUM',
  SYS_PACCT: 'MEDIUM',
  SYS_TTY_CONFIG: 'MEDIUM',
  SYSLOG: 'MEDIUM',
  LINUX_IMMUTABLE: 'MEDIUM',
  IPC_LOCK: 'MEDIUM',
  IPC_OWNER: 'MEDIUM',
  AUDIT_CONTROL: 'MEDIUM',
  AUDIT_READ: 'MEDIUM',
  CHECKPOINT_RESTORE: 'MEDIUM',
  LEASE: 'MEDIUM',
  WAKE_ALARM: 'MEDIUM',
  BLOCK_SUSPEND: 'MEDIUM',
  // In the container runtimes' default set: adding them back after `drop: [ALL]` is common and mild.
  CHOWN: 'LOW',
  DAC_OVERRIDE: 'LOW',
  FOWNER: 'LOW',
  FSETID: 'LOW',
  KILL: 'LOW',
  MKNOD: 'LOW',
  SETGID: 'LOW',
  SETUID: 'LOW',
  SETPCAP: 'LOW',
  SETFCAP: 'LOW',
  AUDIT_WRITE: 'LOW',
  SYS_CHROOT: 'LOW',
};

/** Binding ports below 1024 is what the restricted Pod Security Standard itself allows adding. */
const ALLOWED = new Set(['NET_BIND_SERVICE']);

export function normaliseCapability(name: string): string {
  return name.trim().toUpperCase().replace(/^CAP_/, '');
}

const rule: KubernetesRule = {
  meta: {
    id: 'LS-K8S-005',
    kind: 'misconfiguration',
    severity: 'HIGH',
    phase: 'deploy',
    title: 'Container adds Linux capabilities',
    aliases: ['trivy:KSV022', 'checkov:CKV_K8S_25'],
    tags: ['security', 'least-privilege', 'kubernetes', 'pod-security-baseline'],
    remediation: 'Remove the capability from `securityContext.capabilities.add`. Only `NET_BIND_SERVICE` is needed by ordinary services (to bind ports below 1024); prefer a port above 1024 and no capability at all.',
    docs: `Capabilities split root's power into pieces; adding one back gives the container that piece of root.
Some are root outright: \`SYS_ADMIN\` (mount, namespaces, BPF, much of the kernel API) and \`ALL\`; others
open a direct path to the node or other pods: \`SYS_MODULE\` (load kernel modules), \`SYS_PTRACE\` (inspect
and inject into processes), \`NET_ADMIN\` (rewrite the node's routing/iptables when combined with host
networking), \`DAC_READ_SEARCH\` (read any file, the "shocker" escape), \`NET_RAW\` (spoof packets, ARP/DNS
poisoning inside the pod network).

Fires once per added capability, on its line. Severity follows the capability: CRITICAL for \`ALL\`
and \`SYS_ADMIN\`; HIGH for \`SYS_MODULE\`, \`SYS_PTRACE\`, \`SYS_RAWIO\`, \`SYS_BOOT\`, \`DAC_READ_SEARCH\`,
\`NET_ADMIN\`, \`BPF\`, \`PERFMON\`, \`MAC_ADMIN\`, \`MAC_OVERRIDE\`; LOW for the runtimes' default set
(\`CHOWN\`, \`SETUID\`, \`KILL\`...); MEDIUM for the rest (\`NET_RAW\`, \`SYS_TIME\`, unknown names).
\`NET_BIND_SERVICE\` is allowed, as by the restricted Pod Security Standard. \`CAP_\` prefixes and
lower case are normalised.

\`\`\`yaml
securityContext:
  capabilities:
    add: [NET_ADMIN]            # fires (HIGH)
\`\`\`

\`\`\`yaml
securityContext:
  capabilities:
    drop: [ALL]
    add: [NET_BIND_SERVICE]     # ok
\`\`\``,
  },
  check(model): RuleHit[] {
    const hits: RuleHit[] = [];
    for (const c of allContainers(model)) {
      const add = containerField(c, ['capabilities', 'add']);
      if (add.node?.kind !== 'seq') continue;
      for (const item of add.node.items) {
        if (item.kind !== 'scalar' || item.value === null) continue;
        const cap = normaliseCapability(String(item.value));
        if (ALLOWED.has(cap)) continue;
        const severity = SEVERITY[cap] ?? 'MEDIUM';
        hits.push(hitOn(c.pod.doc, item.line, `The ${describe(c)} adds the ${cap} capability.`, { severity, container: c, details: { capability: cap } }));
      }
    }
    return hits;
  },
};

export default rule;
