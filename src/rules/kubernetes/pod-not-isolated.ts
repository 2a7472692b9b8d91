import type { RuleHit } from '../rule.js';
import { hitOn, type KubernetesRule } from '../../deploy/kubernetes/rule-kit.js';
import { ingressPoliciesByNamespace, selectsPod } from '../../deploy/kubernetes/network.js';
import { podSpecs } from '../../deploy/kubernetes/workloads.js';

const rule: KubernetesRule = {
  meta: {
    id: 'LS-K8S-027',
    kind: 'misconfiguration',
    severity: 'MEDIUM',
    phase: 'deploy',
    title: 'Workload not selected by any NetworkPolicy',
    aliases: ['kube-linter:non-isolated-pod'],
    tags: ['security', 'network', 'kubernetes'],
    remediation: 'Add a NetworkPolicy in the workload\'s namespace whose `podSelector` matches its pod labels (a namespace-wide default-deny counts) and allow only the callers it needs.',
    docs: `A pod that no NetworkPolicy selects accepts connections from every pod in the cluster, including a
compromised one in another namespace. Policies are evaluated across all scanned files: the workload and its
policies usually live in different files.

Fires for each workload's pod template (Pods, Deployments, Jobs, CronJobs...) when no NetworkPolicy in the
same namespace (\`default\` when unset) isolates ingress and selects the pod's labels. Selectors support
\`matchLabels\` and \`matchExpressions\` (\`In\`, \`NotIn\`, \`Exists\`, \`DoesNotExist\`); an empty selector
selects every pod. Pods with \`hostNetwork: true\` are skipped (policies do not apply to them; LS-K8S-011
reports them). Points at the pod template's labels.

\`\`\`yaml
kind: Deployment
metadata: {name: web, namespace: shop}
spec:
  template:
    metadata:
      labels: {app: web}      # fires: no policy in "shop" selects app=web
\`\`\`

\`\`\`yaml
kind: NetworkPolicy
metadata: {name: web, namespace: shop}
spec:
  podSelector:
    matchLabels: {app: web}   # ok: isolates the Deployment's pods
  ingress:
    - from: [{podSelector: {matchLabels: {app: gateway}}}]
\`\`\``,
  },
  check(model): RuleHit[] {
    const hits: RuleHit[] = [];
    const byNs = ingressPoliciesByNamespace(model);
    for (const pod of podSpecs(model)) {
      if (!pod.node || pod.doc.get([...pod.path, 'hostNetwork']) === true) continue;
      const ns = pod.doc.namespace ?? 'default';
      const labels = pod.doc.labels(pod.metaPath);
      if ((byNs.get(ns) ?? []).some((p) => selectsPod(p, labels))) continue;
      const shown = Object.entries(labels).map(([k, v]) => `${k}=${v}`).join(', ') || 'no labels';
      hits.push(hitOn(pod.doc, pod.doc.lineOf([...pod.metaPath, 'labels']), `The pods of ${pod.doc.ref} (${shown}) are not selected by any ingress NetworkPolicy in namespace ${ns}: every pod in the cluster can connect to them.`));
    }
    return hits;
  },
};

export default rule;
