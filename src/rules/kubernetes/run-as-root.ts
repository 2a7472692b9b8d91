import type { RuleHit } from '../rule.js';
import { hitOn, type KubernetesRule } from '../../deploy/kubernetes/rule-kit.js';
import { allContainers, describe, effectiveField } from '../../deploy/kubernetes/workloads.js';
import { oncePerLine, settingOwner } from './pod-level.js';

const rule: KubernetesRule = {
  meta: {
    id: 'LS-K8S-002',
    kind: 'misconfiguration',
    severity: 'MEDIUM',
    phase: 'deploy',
    title: 'Container may run as root',
    aliases: ['kube-linter:run-as-non-root', 'polaris:runAsRootAllowed', 'checkov:CKV_K8S_23', 'trivy:KSV012', 'trivy:KSV105', 'kubesec:RunAsNonRoot'],
    tags: ['security', 'least-privilege', 'kubernetes', 'pod-security-restricted'],
    remediation: 'Set `runAsNonRoot: true` (and a non-zero `runAsUser`, e.g. 10001) in the pod `securityContext`, and build the image with a non-root `USER`.',
    docs: `Without \`runAsNonRoot: true\` the kubelet starts the container as whatever user the image declares, which is
root for most images. A process running as root in a container is one kernel or runtime bug away from root
on the node, and can write everywhere in its own filesystem. \`runAsNonRoot: true\` makes the kubelet refuse
to start a container that would run as UID 0.

Per container (init and ephemeral containers included; Windows pods skipped), using the container's
\`securityContext\` and falling back to the pod's:
- \`runAsUser: 0\` fires as HIGH on that line;
- otherwise it fires (MEDIUM) unless \`runAsNonRoot: true\` or a non-zero \`runAsUser\` is set. A missing
  setting points at the container's \`securityContext\` (or the container's first line).

\`\`\`yaml
spec:
  containers:
    - name: web                 # fires: no runAsNonRoot / runAsUser
      image: nginx:1.27
\`\`\`

\`\`\`yaml
spec:
  securityContext:
    runAsNonRoot: true          # ok: applies to every container
    runAsUser: 10001
  containers:
    - name: web
      image: nginxinc/nginx-unprivileged:1.27
\`\`\``,
  },
  check(model): RuleHit[] {
    const hits: RuleHit[] = [];
    // A pod-level setting is reported once per pod, not once per container that inherits it.
    const firstTime = oncePerLine();
    for (const c of allContainers(model)) {
      if (c.pod.windows) continue;
      const doc = c.pod.doc;
      const user = effectiveField(c, 'runAsUser');
      if (user.found && Number(user.value) === 0) {
        if (user.level === 'container' || firstTime(doc, user.line)) {
          hits.push(hitOn(doc, user.line, `The ${settingOwner(c, user.level)} runs as root: runAsUser is 0.`, { severity: 'HIGH', container: user.level === 'container' ? c : undefined }));
        }
        continue;
      }
      const nonRoot = effectiveField(c, 'runAsNonRoot');
      if (nonRoot.value === true) continue;
      if (user.found && Number(user.value) > 0) continue;
      if (nonRoot.found && nonRoot.value === false) {
        if (nonRoot.level === 'container' || firstTime(doc, nonRoot.line)) {
          hits.push(hitOn(doc, nonRoot.line, `The ${settingOwner(c, nonRoot.level)} sets runAsNonRoot: false, so it runs as root whenever the image's user is root.`, { container: nonRoot.level === 'container' ? c : undefined }));
        }
        continue;
      }
      hits.push(hitOn(doc, nonRoot.line, `The ${describe(c)} sets neither runAsNonRoot: true nor a non-zero runAsUser (in its own or the pod's securityContext), so it runs as the image's user, which is root unless the image sets USER.`, { container: c }));
    }
    return hits;
  },
};

export default rule;
