import type { RuleHit } from '../rule.js';
import { hitOn, type KubernetesRule } from '../../deploy/kubernetes/rule-kit.js';

const rule: KubernetesRule = {
  meta: {
    id: 'LS-K8S-028',
    kind: 'misconfiguration',
    severity: 'INFO',
    phase: 'deploy',
    title: 'Service exposed outside the cluster',
    aliases: ['kube-linter:exposed-services'],
    tags: ['network', 'exposure', 'kubernetes'],
    remediation: 'Prefer `type: ClusterIP` behind an Ingress or Gateway that terminates TLS and applies authentication; if the Service must be external, restrict `loadBalancerSourceRanges` and make sure it is intended.',
    docs: `A \`NodePort\` Service opens a port on every node, a \`LoadBalancer\` Service usually gets a public address
from the cloud provider. Either bypasses whatever an Ingress controller enforces (TLS, authentication, WAF
rules). That is sometimes intended, so this is informational: it makes the exposure visible in review.

Fires on Services of type \`NodePort\` or \`LoadBalancer\`, on the \`type\` line.

\`\`\`yaml
kind: Service
spec:
  type: LoadBalancer          # fires (INFO)
\`\`\`

\`\`\`yaml
kind: Service
spec:
  type: ClusterIP             # ok
\`\`\``,
  },
  check(model): RuleHit[] {
    const hits: RuleHit[] = [];
    for (const doc of model.docs) {
      if (doc.kind !== 'Service') continue;
      const t = doc.at(['spec', 'type']);
      if (t.value !== 'NodePort' && t.value !== 'LoadBalancer') continue;
      const ranges = doc.get(['spec', 'loadBalancerSourceRanges']);
      const note = t.value === 'LoadBalancer' && !(Array.isArray(ranges) && ranges.length > 0) ? ' without loadBalancerSourceRanges' : '';
      hits.push(hitOn(doc, t.line, `${doc.ref} is of type ${String(t.value)}${note} and reachable from outside the cluster.`));
    }
    return hits;
  },
};

export default rule;
