import type { RuleHit } from '../rule.js';
import { hitOn, type KubernetesRule } from '../../deploy/kubernetes/rule-kit.js';
import { allContainers, containerField, describe } from '../../deploy/kubernetes/workloads.js';

const rule: KubernetesRule = {
  meta: {
    id: 'LS-K8S-003',
    kind: 'misconfiguration',
    severity: 'MEDIUM',
    phase: 'deploy',
    title: 'Container allows privilege escalation',
    aliases: ['kube-linter:privilege-escalation-container', 'polaris:privilegeEscalationAllowed', 'checkov:CKV_K8S_20', 'trivy:KSV001'],
    tags: ['security', 'least-privilege', 'kubernetes', 'pod-security-restricted'],
    remediation: 'Set `allowPrivilegeEscalation: false` in every container\'s `securityContext`.',
    docs: `\`allowPrivilegeEscalation\` controls the kernel's \`no_new_privs\` flag. Unless it is \`false\`, a process in the
container can gain more privileges than its parent, e.g. through a setuid-root binary (\`su\`, \`sudo\`,
\`ping\` on older images) or file capabilities, turning a foothold as an unprivileged user into root.
The default is \`true\`, so the field has to be set explicitly.

Fires per container (Windows pods skipped) when the field is missing (MEDIUM, pointing at the container's
\`securityContext\` or first line) or \`true\` (HIGH, on that line).

\`\`\`yaml
containers:
  - name: web
    securityContext:
      runAsNonRoot: true        # fires: allowPrivilegeEscalation not set
\`\`\`

\`\`\`yaml
containers:
  - name: web
    securityContext:
      allowPrivilegeEscalation: false   # ok
\`\`\``,
  },
  check(model): RuleHit[] {
    const hits: RuleHit[] = [];
    for (const c of allContainers(model)) {
      if (c.pod.windows) continue;
      const f = containerField(c, ['allowPrivilegeEscalation']);
      if (f.value === false) continue;
      if (f.value === true) {
        hits.push(hitOn(c.pod.doc, f.line, `The ${describe(c)} sets allowPrivilegeEscalation: true: setuid binaries and file capabilities can raise its privileges.`, { severity: 'HIGH', container: c }));
      } else {
        hits.push(hitOn(c.pod.doc, f.line, `The ${describe(c)} does not set allowPrivilegeEscalation: false (the default allows escalation through setuid binaries).`, { container: c }));
      }
    }
    return hits;
  },
};

export default rule;
