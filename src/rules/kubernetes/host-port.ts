import type { RuleHit } from '../rule.js';
import { hitOn, type KubernetesRule } from '../../deploy/kubernetes/rule-kit.js';
import { allContainers, describe } from '../../deploy/kubernetes/workloads.js';

const rule: KubernetesRule = {
  meta: {
    id: 'LS-K8S-013',
    kind: 'misconfiguration',
    severity: 'MEDIUM',
    phase: 'deploy',
    title: 'Container binds a host port',
    aliases: ['polaris:hostPortSet', 'checkov:CKV_K8S_26', 'trivy:KSV024'],
    tags: ['security', 'network', 'kubernetes', 'pod-security-baseline'],
    remediation: 'Remove `hostPort` and expose the container through a Service (ClusterIP behind an Ingress, or NodePort/LoadBalancer when it must be reachable from outside).',
    docs: `A \`hostPort\` opens the port on the node's IP address for the pod: traffic reaches it without going
through a Service, it is not covered by most NetworkPolicy implementations, and it pins the pod to nodes
where the port is free (one such pod per node). Pods with \`hostNetwork: true\` are reported by LS-K8S-011
instead.

Fires on every non-zero \`ports[].hostPort\` of a container.

\`\`\`yaml
ports:
  - containerPort: 8080
    hostPort: 8080              # fires
\`\`\`

\`\`\`yaml
ports:
  - containerPort: 8080         # ok: reach it through a Service
\`\`\``,
  },
  check(model): RuleHit[] {
    const hits: RuleHit[] = [];
    for (const c of allContainers(model)) {
      if (c.pod.doc.get([...c.pod.path, 'hostNetwork']) === true) continue;
      const ports = c.node.entries.get('ports');
      if (ports?.kind !== 'seq') continue;
      for (const p of ports.items) {
        if (p.kind !== 'map') continue;
        const hp = p.entries.get('hostPort');
        if (hp?.kind !== 'scalar' || hp.value === null || Number(hp.value) === 0) continue;
        hits.push(hitOn(c.pod.doc, hp.line, `The ${describe(c)} binds host port ${String(hp.value)} on the node.`, { container: c, details: { hostPort: hp.value } }));
      }
    }
    return hits;
  },
};

export default rule;
