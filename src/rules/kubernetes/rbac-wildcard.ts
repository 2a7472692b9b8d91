import type { RuleHit } from '../rule.js';
import { hitOn, type KubernetesRule } from '../../deploy/kubernetes/rule-kit.js';
import { find, policyRules } from '../../deploy/kubernetes/rbac.js';

const rule: KubernetesRule = {
  meta: {
    id: 'LS-K8S-032',
    kind: 'misconfiguration',
    severity: 'HIGH',
    phase: 'deploy',
    title: 'RBAC rule uses wildcards',
    aliases: ['kube-linter:wildcard-in-rules', 'checkov:CKV_K8S_49', 'trivy:KSV044', 'trivy:KSV045', 'trivy:KSV046'],
    tags: ['security', 'rbac', 'least-privilege', 'kubernetes'],
    remediation: 'List the verbs, resources and API groups the subject actually uses (`kubectl auth can-i --list` and audit logs help). Wildcards also grant everything added later, CRDs included.',
    docs: `A \`*\` in a Role or ClusterRole grants every verb, resource or API group, including ones that do not exist
yet (a CRD installed next year, a new subresource). \`verbs: ["*"]\` on \`resources: ["*"]\` is cluster-admin
(or namespace-admin) under another name.

Fires once per rule entry that contains \`*\`, on the first wildcard's line: CRITICAL when both verbs and
resources are \`*\`, HIGH when one of them is, MEDIUM when only \`apiGroups\` is.

\`\`\`yaml
rules:
  - apiGroups: [""]
    resources: ["*"]          # fires
    verbs: ["get", "list"]
\`\`\`

\`\`\`yaml
rules:
  - apiGroups: [""]
    resources: ["configmaps"] # ok
    verbs: ["get", "list"]
\`\`\``,
  },
  check(model): RuleHit[] {
    const hits: RuleHit[] = [];
    for (const r of policyRules(model)) {
      const verbs = find(r.verbs, ['*']);
      const resources = find(r.resources, ['*', '*/*']);
      const groups = find(r.apiGroups, ['*']);
      if (verbs.length + resources.length + groups.length === 0) continue;
      const fields = [verbs.length ? 'verbs' : '', resources.length ? 'resources' : '', groups.length ? 'apiGroups' : ''].filter(Boolean);
      const first = [...verbs, ...resources, ...groups].sort((a, b) => a.line - b.line)[0]!;
      const severity = verbs.length && resources.length ? 'CRITICAL' : verbs.length || resources.length ? 'HIGH' : 'MEDIUM';
      hits.push(hitOn(r.doc, first.line, `${r.doc.ref} grants "*" in ${fields.join(' and ')}${severity === 'CRITICAL' ? ': every verb on every resource' : ''}.`, { severity, details: { wildcards: fields } }));
    }
    return hits;
  },
};

export default rule;
