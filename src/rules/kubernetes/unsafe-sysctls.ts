import type { RuleHit } from '../rule.js';
import { hitOn, type KubernetesRule } from '../../deploy/kubernetes/rule-kit.js';
import { podSpecs } from '../../deploy/kubernetes/workloads.js';

/** Namespaced sysctls the kubelet allows by default (the baseline Pod Security Standard's list). */
export const SAFE_SYSCTLS: ReadonlySet<string> = new Set([
  'kernel.shm_rmid_forced',
  'net.ipv4.ip_local_port_range',
  'net.ipv4.ip_unprivileged_port_start',
  'net.ipv4.tcp_syncookies',
  'net.ipv4.ping_group_range',
  'net.ipv4.ip_local_reserved_ports',
  'net.ipv4.tcp_keepalive_time',
  'net.ipv4.tcp_fin_timeout',
  'net.ipv4.tcp_keepalive_intvl',
  'net.ipv4.tcp_keepalive_probes',
]);

const rule: KubernetesRule = {
  meta: {
    id: 'LS-K8S-010',
    kind: 'misconfiguration',
    severity: 'HIGH',
    phase: 'deploy',
    title: 'Pod sets unsafe sysctls',
    aliases: ['kube-linter:unsafe-sysctls', 'trivy:KSV026'],
    tags: ['security', 'kubernetes', 'pod-security-baseline'],
    remediation: 'Remove the sysctl from `securityContext.sysctls`, or set it on the node (and admit it with `--allowed-unsafe-sysctls` on dedicated nodes only) if the workload really needs it.',
    docs: `Only a small set of sysctls is namespaced *and* isolated from other pods on the node. Others either
change the node for everyone (\`kernel.*\` limits, \`vm.*\`) or weaken protections (\`kernel.core_pattern\`
runs a host binary on crash). The kubelet rejects unsafe sysctls unless an operator allowed them, so a
manifest that needs one also needs a special node setup that weakens the node.

Fires for each entry of the pod's \`securityContext.sysctls\` that is not in the safe set:
\`kernel.shm_rmid_forced\`, \`net.ipv4.ip_local_port_range\`, \`net.ipv4.ip_unprivileged_port_start\`,
\`net.ipv4.tcp_syncookies\`, \`net.ipv4.ping_group_range\`, \`net.ipv4.ip_local_reserved_ports\`,
\`net.ipv4.tcp_keepalive_time\`, \`net.ipv4.tcp_fin_timeout\`, \`net.ipv4.tcp_keepalive_intvl\`,
\`net.ipv4.tcp_keepalive_probes\`.

\`\`\`yaml
securityContext:
  sysctls:
    - name: kernel.msgmax        # fires
      value: "65536"
\`\`\`

\`\`\`yaml
securityContext:
  sysctls:
    - name: net.ipv4.ip_unprivileged_port_start   # ok
      value: "80"
\`\`\``,
  },
  check(model): RuleHit[] {
    const hits: RuleHit[] = [];
    for (const pod of podSpecs(model)) {
      const list = pod.doc.node([...pod.path, 'securityContext', 'sysctls']);
      if (list?.kind !== 'seq') continue;
      for (const item of list.items) {
        if (item.kind !== 'map') continue;
        const name = item.entries.get('name');
        if (name?.kind !== 'scalar' || name.value === null) continue;
        const n = String(name.value).replace(/\//g, '.');
        if (SAFE_SYSCTLS.has(n)) continue;
        hits.push(hitOn(pod.doc, name.line, `The pod of ${pod.doc.ref} sets the unsafe sysctl ${n}.`, { details: { sysctl: n } }));
      }
    }
    return hits;
  },
};

export default rule;
