import type { RuleHit } from '../rule.js';
import { hitOn, type KubernetesRule } from '../../deploy/kubernetes/rule-kit.js';
import { allContainers, containerField, describe } from '../../deploy/kubernetes/workloads.js';
import { normaliseCapability } from './capabilities-added.js';

const rule: KubernetesRule = {
  meta: {
    id: 'LS-K8S-006',
    kind: 'misconfiguration',
    severity: 'MEDIUM',
    phase: 'deploy',
    title: 'Container does not drop all capabilities',
    aliases: ['trivy:KSV003', 'checkov:CKV_K8S_37', 'kubesec:CapDropAll', 'polaris:insecureCapabilities'],
    tags: ['security', 'least-privilege', 'kubernetes', 'pod-security-restricted'],
    remediation: 'Add `capabilities: {drop: [ALL]}` to every container\'s `securityContext` and add back only what is needed (usually nothing, at most `NET_BIND_SERVICE`).',
    docs: `Container runtimes grant a default set of about 14 capabilities even to non-privileged containers, among
them \`NET_RAW\` (craft packets: ARP and DNS spoofing against neighbours), \`CHOWN\`, \`DAC_OVERRIDE\` (ignore
file permissions), \`SETUID\`/\`SETGID\` and \`MKNOD\`. Few applications need any of them. Dropping \`ALL\`
removes them for root and non-root processes alike and is required by the restricted Pod Security Standard.

Fires per container (init and ephemeral included, Windows pods skipped) whose \`capabilities.drop\` does not
contain \`ALL\`; a missing list points at the container's \`securityContext\` or first line.

\`\`\`yaml
securityContext:
  capabilities:
    drop: [NET_RAW]             # fires: the rest of the default set stays
\`\`\`

\`\`\`yaml
securityContext:
  capabilities:
    drop: [ALL]                 # ok
\`\`\``,
  },
  check(model): RuleHit[] {
    const hits: RuleHit[] = [];
    for (const c of allContainers(model)) {
      if (c.pod.windows) continue;
      const drop = containerField(c, ['capabilities', 'drop']);
      const dropped = Array.isArray(drop.value) ? drop.value.filter((v) => v !== null).map((v) => normaliseCapability(String(v))) : [];
      if (dropped.includes('ALL')) continue;
      const msg = dropped.length > 0
        ? `The ${describe(c)} drops only ${dropped.join(', ')}; the rest of the runtime's default capabilities (NET_RAW, DAC_OVERRIDE, SETUID...) stay.`
        : `The ${describe(c)} does not drop capabilities, so it keeps the runtime's default set (NET_RAW, DAC_OVERRIDE, SETUID...).`;
      hits.push(hitOn(c.pod.doc, drop.line, msg, { container: c }));
    }
    return hits;
  },
};

export default rule;
