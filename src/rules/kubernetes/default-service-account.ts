import type { RuleHit } from '../rule.js';
import { hitOn, type KubernetesRule } from '../../deploy/kubernetes/rule-kit.js';
import { podSpecs } from '../../deploy/kubernetes/workloads.js';
import { serviceAccountName } from './automount-sa-token.js';

const rule: KubernetesRule = {
  meta: {
    id: 'LS-K8S-019',
    kind: 'misconfiguration',
    severity: 'LOW',
    phase: 'deploy',
    title: 'Pod uses the default service account',
    aliases: ['kube-linter:default-service-account'],
    tags: ['security', 'least-privilege', 'kubernetes'],
    remediation: 'Create a ServiceAccount per workload (with `automountServiceAccountToken: false` unless it calls the API) and set `serviceAccountName` to it.',
    docs: `Every pod in a namespace that does not name a service account shares the namespace's \`default\`
account. Permissions granted to \`default\` for one workload (a RoleBinding added "to make it work") silently
apply to all the others, and audit logs cannot tell them apart.

Fires per pod spec whose \`serviceAccountName\` (or the deprecated \`serviceAccount\`) is unset, empty or
\`default\`.

\`\`\`yaml
spec:
  containers: [...]              # fires: runs as "default"
\`\`\`

\`\`\`yaml
spec:
  serviceAccountName: shop-web   # ok
  containers: [...]
\`\`\``,
  },
  check(model): RuleHit[] {
    const hits: RuleHit[] = [];
    for (const pod of podSpecs(model)) {
      if (!pod.node || serviceAccountName(pod) !== 'default') continue;
      const set = pod.doc.at([...pod.path, 'serviceAccountName']);
      const line = set.found ? set.line : pod.doc.at([...pod.path, 'serviceAccount']).line;
      hits.push(hitOn(pod.doc, line, `The pod of ${pod.doc.ref} runs as the namespace's default service account.`));
    }
    return hits;
  },
};

export default rule;
