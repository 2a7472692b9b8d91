import type { RuleHit } from '../rule.js';
import { hitOn, type KubernetesRule } from '../../deploy/kubernetes/rule-kit.js';

const rule: KubernetesRule = {
  meta: {
    id: 'LS-K8S-033',
    kind: 'misconfiguration',
    severity: 'HIGH',
    phase: 'deploy',
    title: 'Binding grants cluster-admin',
    aliases: ['kube-linter:cluster-admin-role-binding', 'trivy:KSV111', 'polaris:clusterrolebindingClusterAdmin', 'polaris:rolebindingClusterAdminClusterRole'],
    tags: ['security', 'rbac', 'least-privilege', 'kubernetes'],
    remediation: 'Bind a role with only the permissions the subject uses. Keep cluster-admin for break-glass human access, not for service accounts.',
    docs: `\`cluster-admin\` may do anything to any object. A service account bound to it turns every pod that runs as
that account (and everyone who can exec into such a pod or read its token) into a cluster administrator.
Bound through a RoleBinding it is still full control of that namespace, Secrets included.

Fires on ClusterRoleBindings (HIGH) and RoleBindings (MEDIUM) whose \`roleRef\` is the ClusterRole
\`cluster-admin\`, on the \`roleRef.name\` line.

\`\`\`yaml
kind: ClusterRoleBinding
roleRef:
  kind: ClusterRole
  name: cluster-admin         # fires
subjects:
  - {kind: ServiceAccount, name: ci, namespace: tools}
\`\`\`

\`\`\`yaml
kind: ClusterRoleBinding
roleRef:
  kind: ClusterRole
  name: ci-deployer           # ok: a purpose-built role
\`\`\``,
  },
  check(model): RuleHit[] {
    const hits: RuleHit[] = [];
    for (const doc of model.docs) {
      if (doc.kind !== 'ClusterRoleBinding' && doc.kind !== 'RoleBinding') continue;
      const name = doc.at(['roleRef', 'name']);
      if (name.value !== 'cluster-admin' || doc.get(['roleRef', 'kind']) !== 'ClusterRole') continue;
      const subjects = doc.get(['subjects']);
      const who = Array.isArray(subjects)
        ? subjects.map((s) => (s && typeof s === 'object' ? `${String((s as Record<string, unknown>).kind)} ${String((s as Record<string, unknown>).name)}` : '?')).join(', ')
        : 'no subjects';
      const scope = doc.kind === 'ClusterRoleBinding' ? 'the whole cluster' : `namespace ${doc.namespace}`;
      hits.push(hitOn(doc, name.line, `${doc.ref} grants cluster-admin on ${scope} to ${who}.`, { severity: doc.kind === 'ClusterRoleBinding' ? 'HIGH' : 'MEDIUM' }));
    }
    return hits;
  },
};

export default rule;
