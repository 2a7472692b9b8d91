import type { RuleHit } from '../rule.js';
import { hitOn, type KubernetesRule } from '../../deploy/kubernetes/rule-kit.js';
import { find, inGroup, policyRules } from '../../deploy/kubernetes/rbac.js';

const rule: KubernetesRule = {
  meta: {
    id: 'LS-K8S-034',
    kind: 'misconfiguration',
    severity: 'HIGH',
    phase: 'deploy',
    title: 'RBAC rule can read Secrets',
    aliases: ['kube-linter:access-to-secrets', 'trivy:KSV041'],
    tags: ['security', 'rbac', 'secret', 'kubernetes'],
    remediation: 'Remove read access to `secrets`, or restrict `get` to the named Secrets the workload needs with `resourceNames` (list and watch cannot be restricted that way). Mounting a Secret into the pod needs no RBAC at all.',
    docs: `Reading Secrets means reading every credential stored in them: database passwords, API keys, TLS keys and
service account tokens of other accounts (which often carry more privileges). \`list\` and \`watch\` return
all Secrets with their values, not just names.

Fires on Role/ClusterRole rules covering \`secrets\` in the core API group with \`list\`, \`watch\` or \`*\`,
or with \`get\` and no \`resourceNames\`, on the \`secrets\` line: HIGH in a ClusterRole, MEDIUM in a Role.
Rules with \`resources: ["*"]\` are reported by LS-K8S-032.

\`\`\`yaml
rules:
  - apiGroups: [""]
    resources: ["secrets"]    # fires
    verbs: ["get", "list"]
\`\`\`

\`\`\`yaml
rules:
  - apiGroups: [""]
    resources: ["secrets"]
    resourceNames: ["shop-tls"]
    verbs: ["get"]            # ok: one named Secret
\`\`\``,
  },
  check(model): RuleHit[] {
    const hits: RuleHit[] = [];
    for (const r of policyRules(model)) {
      const secrets = find(r.resources, ['secrets']);
      if (secrets.length === 0 || !inGroup(r, '')) continue;
      const bulk = find(r.verbs, ['list', 'watch', '*']);
      const get = r.resourceNames.length === 0 ? find(r.verbs, ['get']) : [];
      const verbs = [...bulk, ...get].map((v) => v.value);
      if (verbs.length === 0) continue;
      hits.push(hitOn(r.doc, secrets[0]!.line, `${r.doc.ref} can ${verbs.join('/')} Secrets${r.clusterWide ? ' in every namespace it is bound for' : ''}${get.length ? ' (no resourceNames)' : ''}.`, { severity: r.clusterWide ? 'HIGH' : 'MEDIUM', details: { verbs } }));
    }
    return hits;
  },
};

export default rule;
