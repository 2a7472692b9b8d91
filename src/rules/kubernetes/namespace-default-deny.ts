import type { RuleHit } from '../rule.js';
import { hitOn, type KubernetesRule } from '../../deploy/kubernetes/rule-kit.js';
import { isDefaultDenyIngress, networkPoliciesByNamespace } from '../../deploy/kubernetes/network.js';

const rule: KubernetesRule = {
  meta: {
    id: 'LS-K8S-026',
    kind: 'misconfiguration',
    severity: 'MEDIUM',
    phase: 'deploy',
    title: 'Namespace has no default-deny NetworkPolicy',
    aliases: [],
    tags: ['security', 'network', 'kubernetes'],
    remediation: 'Add a NetworkPolicy with `podSelector: {}`, `policyTypes: [Ingress]` and no ingress rules to the namespace, then allow the traffic each workload needs with narrower policies.',
    docs: `Kubernetes networking is allow-all: any pod can connect to any other pod in the cluster unless a
NetworkPolicy selects it. A default-deny policy in each namespace turns that around, so a new workload is
isolated until someone writes down who may talk to it, and a compromised pod elsewhere cannot reach it.

Fires for each \`Namespace\` object of the scanned files when no NetworkPolicy *in any scanned file* for
that namespace has an empty \`podSelector\`, isolates ingress (\`policyTypes\` contains \`Ingress\`, or is
omitted) and has no ingress rules. Namespaces that only appear in workloads' \`metadata.namespace\` are not
reported here (their pods are, by LS-K8S-027).

\`\`\`yaml
kind: Namespace
metadata:
  name: shop                  # fires: no default-deny policy for "shop"
\`\`\`

\`\`\`yaml
kind: NetworkPolicy
metadata: {name: default-deny, namespace: shop}
spec:
  podSelector: {}
  policyTypes: [Ingress]      # ok for namespace "shop"
\`\`\``,
  },
  check(model): RuleHit[] {
    const hits: RuleHit[] = [];
    const byNs = networkPoliciesByNamespace(model);
    for (const doc of model.docs) {
      if (doc.kind !== 'Namespace') continue;
      const policies = byNs.get(doc.name) ?? [];
      if (policies.some(isDefaultDenyIngress)) continue;
      const extra = policies.length > 0 ? ` (${policies.length} NetworkPolic${policies.length === 1 ? 'y' : 'ies'} found, none denies all ingress by default)` : '';
      hits.push(hitOn(doc, doc.lineOf(['metadata', 'name']), `Namespace ${doc.name} has no default-deny ingress NetworkPolicy among the scanned files${extra}.`));
    }
    return hits;
  },
};

export default rule;
