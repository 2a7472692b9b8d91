import type { RuleHit } from '../rule.js';
import { hitOn, type KubernetesRule } from '../../deploy/kubernetes/rule-kit.js';

const LABEL = 'pod-security.kubernetes.io/enforce';

const rule: KubernetesRule = {
  meta: {
    id: 'LS-K8S-037',
    kind: 'misconfiguration',
    severity: 'MEDIUM',
    phase: 'deploy',
    title: 'Namespace does not enforce a Pod Security Standard',
    aliases: [],
    tags: ['security', 'kubernetes', 'pod-security-admission'],
    remediation: 'Label the namespace `pod-security.kubernetes.io/enforce: restricted` (or `baseline` while workloads are being fixed), with a matching `enforce-version`.',
    docs: `Pod Security Admission is the built-in guard that rejects privileged or root pods at admission time, but
only in namespaces that ask for it. Without the \`enforce\` label (or with \`privileged\`) every check in this
rule set is advice; with it the API server refuses non-compliant pods, whoever creates them.

Fires for \`Namespace\` objects without the \`pod-security.kubernetes.io/enforce\` label (pointing at the
labels, or at metadata) and for the label set to \`privileged\` (on its line). \`baseline\` and
\`restricted\` pass.

\`\`\`yaml
kind: Namespace
metadata:
  name: shop
  labels:
    team: shop                # fires: no enforce label
\`\`\`

\`\`\`yaml
kind: Namespace
metadata:
  name: shop
  labels:
    pod-security.kubernetes.io/enforce: restricted    # ok
\`\`\``,
  },
  check(model): RuleHit[] {
    const hits: RuleHit[] = [];
    for (const doc of model.docs) {
      if (doc.kind !== 'Namespace') continue;
      const label = doc.at(['metadata', 'labels', LABEL]);
      if (!label.found || label.value === null || String(label.value).trim() === '') {
        hits.push(hitOn(doc, label.line, `Namespace ${doc.name} has no ${LABEL} label: Pod Security Admission does not reject privileged pods there.`));
      } else if (String(label.value).trim() === 'privileged') {
        hits.push(hitOn(doc, label.line, `Namespace ${doc.name} enforces the "privileged" Pod Security Standard, which allows everything.`));
      }
    }
    return hits;
  },
};

export default rule;
