import type { RuleHit } from '../rule.js';
import { hitOn, type KubernetesRule } from '../../deploy/kubernetes/rule-kit.js';
import type { Manifest } from '../../deploy/kubernetes/manifest.js';
import { podSpecs, type PodSpecRef } from '../../deploy/kubernetes/workloads.js';

/** The pod's service account name (`default` when unset); the deprecated `serviceAccount` field is the fallback. */
export function serviceAccountName(pod: PodSpecRef): string {
  const n = pod.doc.get([...pod.path, 'serviceAccountName']) ?? pod.doc.get([...pod.path, 'serviceAccount']);
  return n === undefined || n === null || String(n) === '' ? 'default' : String(n);
}

const rule: KubernetesRule = {
  meta: {
    id: 'LS-K8S-018',
    kind: 'misconfiguration',
    severity: 'LOW',
    phase: 'deploy',
    title: 'Service account token mounted automatically',
    aliases: ['checkov:CKV_K8S_38', 'trivy:KSV036', 'polaris:automountServiceAccountToken', 'kube-linter:automount-service-account-token'],
    tags: ['security', 'least-privilege', 'kubernetes'],
    remediation: 'Set `automountServiceAccountToken: false` in the pod spec (or on its ServiceAccount). Workloads that call the Kubernetes API keep the token: for them, suppress this finding with the reason.',
    docs: `Every pod gets a token for its service account at \`/var/run/secrets/kubernetes.io/serviceaccount\`
unless told otherwise. Most applications never call the Kubernetes API, but an attacker with code
execution or a file-read bug in the pod gets the token and with it whatever RBAC grants the account.

The rule cannot know whether the workload talks to the API (operators, controllers and CI runners do),
which is why it is LOW: a pod that needs the token should say so with an inline suppression.

Fires per pod spec whose \`automountServiceAccountToken\` is \`true\`, or unset while its ServiceAccount
(looked up among all scanned files, same namespace) does not set \`automountServiceAccountToken: false\`.

\`\`\`yaml
spec:
  serviceAccountName: web      # fires: token mounted by default
  containers: [...]
\`\`\`

\`\`\`yaml
spec:
  serviceAccountName: web
  automountServiceAccountToken: false    # ok
  containers: [...]
\`\`\``,
  },
  check(model): RuleHit[] {
    const hits: RuleHit[] = [];
    const accounts = new Map<string, Manifest>();
    for (const d of model.docs) if (d.kind === 'ServiceAccount') accounts.set(`${d.namespace}/${d.name}`, d);
    for (const pod of podSpecs(model)) {
      if (!pod.node) continue;
      const f = pod.doc.at([...pod.path, 'automountServiceAccountToken']);
      if (f.value === false) continue;
      const saName = serviceAccountName(pod);
      if (f.value === true) {
        hits.push(hitOn(pod.doc, f.line, `The pod of ${pod.doc.ref} mounts the token of service account "${saName}" (automountServiceAccountToken: true).`));
        continue;
      }
      const sa = accounts.get(`${pod.doc.namespace}/${saName}`);
      if (sa && sa.get(['automountServiceAccountToken']) === false) continue;
      hits.push(hitOn(pod.doc, f.line, `The pod of ${pod.doc.ref} gets the token of service account "${saName}" mounted automatically (automountServiceAccountToken is not false${sa ? '' : ' and the ServiceAccount is not among the scanned files'}).`));
    }
    return hits;
  },
};

export default rule;
