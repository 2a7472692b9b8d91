import type { RuleHit } from '../rule.js';
import { hitOn, type KubernetesRule } from '../../deploy/kubernetes/rule-kit.js';
import { allContainers, containerField, describe } from '../../deploy/kubernetes/workloads.js';

const rule: KubernetesRule = {
  meta: {
    id: 'LS-K8S-014',
    kind: 'misconfiguration',
    severity: 'LOW',
    phase: 'deploy',
    title: 'Root filesystem is writable',
    aliases: ['kube-linter:no-read-only-root-fs', 'polaris:notReadOnlyRootFilesystem', 'checkov:CKV_K8S_22', 'trivy:KSV014', 'kubesec:ReadOnlyRootFilesystem'],
    tags: ['security', 'hardening', 'kubernetes'],
    remediation: 'Set `readOnlyRootFilesystem: true` and mount `emptyDir` volumes at the few paths the application writes to (`/tmp`, a cache directory).',
    docs: `With a writable root filesystem an attacker who gets code execution can drop tools, modify the
application's own files and persist until the pod is replaced. A read-only root turns those attempts into
errors, and makes every writable path an explicit \`volumeMount\`.

Fires for containers and init containers (ephemeral debug containers and Windows pods are skipped) whose
\`securityContext.readOnlyRootFilesystem\` is not \`true\`.

\`\`\`yaml
containers:
  - name: web
    securityContext: {}         # fires
\`\`\`

\`\`\`yaml
containers:
  - name: web
    securityContext:
      readOnlyRootFilesystem: true    # ok
    volumeMounts:
      - {name: tmp, mountPath: /tmp}
\`\`\``,
  },
  check(model): RuleHit[] {
    const hits: RuleHit[] = [];
    for (const c of allContainers(model, ['container', 'initContainer'])) {
      if (c.pod.windows) continue;
      const f = containerField(c, ['readOnlyRootFilesystem']);
      if (f.value === true) continue;
      hits.push(hitOn(c.pod.doc, f.line, `The ${describe(c)} has a writable root filesystem (readOnlyRootFilesystem is ${f.found ? String(f.value) : 'not set'}).`, { container: c }));
    }
    return hits;
  },
};

export default rule;
