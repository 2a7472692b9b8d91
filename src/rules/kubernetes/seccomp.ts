import type { RuleHit } from '../rule.js';
import { hitOn, type KubernetesRule } from '../../deploy/kubernetes/rule-kit.js';
import { allContainers, describe, effectiveField, type ContainerRef } from '../../deploy/kubernetes/workloads.js';
import { oncePerLine, settingOwner } from './pod-level.js';

const POD_ANNOTATION = 'seccomp.security.alpha.kubernetes.io/pod';
const CONTAINER_ANNOTATION = 'container.seccomp.security.alpha.kubernetes.io/';

/** The pre-1.19 annotation for a container, if any: container-specific wins over the pod one. */
function legacyAnnotation(c: ContainerRef): { value: string; key: string } | undefined {
  const ann = c.pod.doc.annotations(c.pod.metaPath);
  const own = ann[CONTAINER_ANNOTATION + c.name];
  if (own !== undefined) return { value: own, key: CONTAINER_ANNOTATION + c.name };
  const pod = ann[POD_ANNOTATION];
  return pod !== undefined ? { value: pod, key: POD_ANNOTATION } : undefined;
}

const rule: KubernetesRule = {
  meta: {
    id: 'LS-K8S-007',
    kind: 'misconfiguration',
    severity: 'MEDIUM',
    phase: 'deploy',
    title: 'Container runs without a seccomp profile',
    aliases: ['trivy:KSV030', 'trivy:KSV104', 'checkov:CKV_K8S_31'],
    tags: ['security', 'kubernetes', 'pod-security-restricted'],
    remediation: 'Set `securityContext: {seccompProfile: {type: RuntimeDefault}}` in the pod spec (or `Localhost` with a reviewed profile); never `Unconfined`.',
    docs: `Seccomp filters the system calls a container may make. The runtime's default profile blocks a few dozen
dangerous ones (\`unshare\`, \`keyctl\`, \`bpf\`, \`ptrace\` on old kernels...) that many container escapes use,
and it breaks almost no application. Kubernetes still runs pods *Unconfined* unless the pod asks for a
profile (or the kubelet is started with \`--seccomp-default\`, which a manifest cannot rely on).

Per container (Windows pods skipped), using the container's \`seccompProfile\` and falling back to the pod's:
- \`type: Unconfined\` fires as HIGH on that line;
- no profile fires as MEDIUM, pointing at the container's \`securityContext\` or first line;
- \`RuntimeDefault\` and \`Localhost\` pass. The deprecated annotations
  \`seccomp.security.alpha.kubernetes.io/pod\` and \`container.seccomp.security.alpha.kubernetes.io/NAME\`
  are still read for older manifests: \`unconfined\` fires, \`runtime/default\`, \`docker/default\` and
  \`localhost/…\` pass.

\`\`\`yaml
spec:
  containers:
    - name: web                     # fires: no seccompProfile
\`\`\`

\`\`\`yaml
spec:
  securityContext:
    seccompProfile:
      type: RuntimeDefault          # ok
  containers:
    - name: web
\`\`\``,
  },
  check(model): RuleHit[] {
    const hits: RuleHit[] = [];
    const firstTime = oncePerLine();
    for (const c of allContainers(model)) {
      if (c.pod.windows) continue;
      const doc = c.pod.doc;
      const prof = effectiveField(c, 'seccompProfile');
      const type = prof.found && typeof prof.value === 'object' && prof.value !== null ? String((prof.value as Record<string, unknown>).type ?? '') : '';
      if (type === 'RuntimeDefault' || type === 'Localhost') continue;
      if (type === 'Unconfined') {
        const base = prof.level === 'container' ? c.path : c.pod.path;
        const line = doc.lineOf([...base, 'securityContext', 'seccompProfile', 'type']);
        if (!firstTime(doc, line)) continue;
        hits.push(hitOn(doc, line, `The ${settingOwner(c, prof.level)} sets seccompProfile type Unconfined: every system call is allowed.`, { severity: 'HIGH', container: prof.level === 'container' ? c : undefined }));
        continue;
      }
      if (!prof.found) {
        const legacy = legacyAnnotation(c);
        if (legacy) {
          const v = legacy.value.trim();
          if (v === 'runtime/default' || v === 'docker/default' || v.startsWith('localhost/')) continue;
          if (v === 'unconfined') {
            const line = doc.lineOf([...c.pod.metaPath, 'annotations', legacy.key]);
            if (!firstTime(doc, line)) continue;
            hits.push(hitOn(doc, line, `The annotation ${legacy.key}: unconfined disables seccomp for the ${describe(c)}.`, { severity: 'HIGH', container: c }));
            continue;
          }
        }
      }
      const msg = type !== ''
        ? `The ${describe(c)} has seccompProfile type "${type}", which is not RuntimeDefault or Localhost.`
        : `The ${describe(c)} has no seccomp profile (neither its own nor the pod's securityContext sets seccompProfile), so it runs Unconfined.`;
      hits.push(hitOn(doc, prof.line, msg, { container: c }));
    }
    return hits;
  },
};

export default rule;
