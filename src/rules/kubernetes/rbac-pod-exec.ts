import type { RuleHit } from '../rule.js';
import { hitOn, type KubernetesRule } from '../../deploy/kubernetes/rule-kit.js';
import { find, inGroup, policyRules } from '../../deploy/kubernetes/rbac.js';

/** Subresources that give a shell (or equivalent) in running pods, and the verbs that use them. */
const SUBRESOURCES: Record<string, readonly string[]> = {
  // exec/attach are opened with POST (create); a GET upgraded to a WebSocket also works on many versions.
  'pods/exec': ['create', 'get', '*'],
  'pods/attach': ['create', 'get', '*'],
  // Adding an ephemeral debug container is an exec with an image of one's choice.
  'pods/ephemeralcontainers': ['patch', 'update', '*'],
};

const rule: KubernetesRule = {
  meta: {
    id: 'LS-K8S-036',
    kind: 'misconfiguration',
    severity: 'MEDIUM',
    phase: 'deploy',
    title: 'RBAC rule allows exec into pods',
    aliases: ['trivy:KSV053', 'trivy:KSV054', 'polaris:rolePodExecAttach', 'polaris:clusterrolePodExecAttach'],
    tags: ['security', 'rbac', 'kubernetes'],
    remediation: 'Remove `pods/exec`, `pods/attach` and `pods/ephemeralcontainers` from roles bound to service accounts; give humans that access through a separate, audited role.',
    docs: `Exec and attach give a shell inside running pods: the subject can read their mounted Secrets and service
account tokens, and act with their network position. A debug (ephemeral) container is the same with an
image of the subject's choosing.

Fires on Role/ClusterRole rules in the core API group covering \`pods/exec\` or \`pods/attach\` with
\`create\`, \`get\` (usable through WebSockets) or \`*\`, and \`pods/ephemeralcontainers\` with \`patch\`,
\`update\` or \`*\`, on the subresource's line: HIGH in a ClusterRole, MEDIUM in a Role.

\`\`\`yaml
rules:
  - apiGroups: [""]
    resources: ["pods/exec"]  # fires
    verbs: ["create"]
\`\`\`

\`\`\`yaml
rules:
  - apiGroups: [""]
    resources: ["pods", "pods/log"]   # ok
    verbs: ["get", "list"]
\`\`\``,
  },
  check(model): RuleHit[] {
    const hits: RuleHit[] = [];
    for (const r of policyRules(model)) {
      if (!inGroup(r, '')) continue;
      for (const res of r.resources) {
        const verbs = SUBRESOURCES[res.value];
        if (!verbs) continue;
        const granted = find(r.verbs, verbs).map((v) => v.value);
        if (granted.length === 0) continue;
        hits.push(hitOn(r.doc, res.line, `${r.doc.ref} allows ${granted.join('/')} on ${res.value}: a shell in running pods${r.clusterWide ? ' of any namespace it is bound for' : ''}.`, { severity: r.clusterWide ? 'HIGH' : 'MEDIUM', details: { subresource: res.value, verbs: granted } }));
      }
    }
    return hits;
  },
};

export default rule;
