import type { RuleHit } from '../rule.js';
import { hitOn, type KubernetesRule } from '../../deploy/kubernetes/rule-kit.js';
import { find, inGroup, policyRules } from '../../deploy/kubernetes/rbac.js';

const RBAC_GROUP = 'rbac.authorization.k8s.io';

const rule: KubernetesRule = {
  meta: {
    id: 'LS-K8S-035',
    kind: 'misconfiguration',
    severity: 'HIGH',
    phase: 'deploy',
    title: 'RBAC rule allows escalate, bind or impersonate',
    aliases: ['kube-linter:escalate-verb-in-role', 'kube-linter:bind-verb-in-role', 'kube-linter:impersonate-without-resource-names', 'checkov:CKV_K8S_158'],
    tags: ['security', 'rbac', 'privilege-escalation', 'kubernetes'],
    remediation: 'Remove the verb. Controllers that manage RBAC or act for users should be limited with `resourceNames` to the exact roles or identities they handle.',
    docs: `RBAC stops users from granting permissions they do not hold, except through three verbs that exist to
bypass that check: \`escalate\` on roles lets the subject edit a role to include anything, \`bind\` on roles
lets it bind any role (cluster-admin included) to itself, and \`impersonate\` on users, groups or service
accounts lets it act as anyone, \`system:masters\` included.

Fires per verb (on its line): \`escalate\` or \`bind\` on \`roles\`/\`clusterroles\` in the RBAC API group,
\`impersonate\` on \`users\`, \`groups\`, \`serviceaccounts\`, \`uids\` or \`userextras/*\`. HIGH; MEDIUM when the
rule is limited with \`resourceNames\`. \`verbs: ["*"]\` is reported by LS-K8S-032.

\`\`\`yaml
rules:
  - apiGroups: [""]
    resources: ["users", "groups"]
    verbs: ["impersonate"]    # fires
\`\`\`

\`\`\`yaml
rules:
  - apiGroups: ["rbac.authorization.k8s.io"]
    resources: ["roles"]
    verbs: ["get", "list"]    # ok
\`\`\``,
  },
  check(model): RuleHit[] {
    const hits: RuleHit[] = [];
    for (const r of policyRules(model)) {
      const limited = r.resourceNames.length > 0;
      const severity = limited ? 'MEDIUM' : 'HIGH';
      const roleRes = find(r.resources, ['roles', 'clusterroles', '*']);
      if (roleRes.length > 0 && inGroup(r, RBAC_GROUP)) {
        for (const v of find(r.verbs, ['escalate', 'bind'])) {
          hits.push(hitOn(r.doc, v.line, `${r.doc.ref} allows "${v.value}" on ${roleRes.map((x) => x.value).join(', ')}: it can ${v.value === 'bind' ? 'bind any role, cluster-admin included' : 'grant itself any permission'}${limited ? ' (limited by resourceNames)' : ''}.`, { severity, details: { verb: v.value } }));
        }
      }
      const identities = r.resources.filter((x) => ['users', 'groups', 'serviceaccounts', 'uids', '*'].includes(x.value) || x.value.startsWith('userextras'));
      if (identities.length > 0) {
        for (const v of find(r.verbs, ['impersonate'])) {
          hits.push(hitOn(r.doc, v.line, `${r.doc.ref} allows impersonating ${identities.map((x) => x.value).join(', ')}${limited ? ' (limited by resourceNames)' : ': it can act as any user or group, system:masters included'}.`, { severity, details: { verb: v.value } }));
        }
      }
    }
    return hits;
  },
};

export default rule;
