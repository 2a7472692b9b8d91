import type { RuleHit } from '../rule.js';
import { hitOn, type KubernetesRule } from '../../deploy/kubernetes/rule-kit.js';
import { allContainers, containerField, describe } from '../../deploy/kubernetes/workloads.js';

const rule: KubernetesRule = {
  meta: {
    id: 'LS-K8S-009',
    kind: 'misconfiguration',
    severity: 'HIGH',
    phase: 'deploy',
    title: 'Container mounts /proc unmasked',
    aliases: ['kube-linter:unsafe-proc-mount', 'trivy:KSV027'],
    tags: ['security', 'kubernetes', 'pod-security-baseline'],
    remediation: 'Remove `procMount: Unmasked` (the default, `Default`, masks the sensitive paths).',
    docs: `The runtime hides and makes read-only parts of \`/proc\` that expose or control the host kernel
(\`/proc/kcore\`, \`/proc/sysrq-trigger\`, \`/proc/sys\`...). \`procMount: Unmasked\` removes that masking; it is
meant for nested container runtimes inside user-namespaced pods, and otherwise hands the container
kernel interfaces it has no business with.

Fires on \`securityContext.procMount: Unmasked\` of any container.

\`\`\`yaml
securityContext:
  procMount: Unmasked           # fires
\`\`\`

\`\`\`yaml
securityContext:
  procMount: Default            # ok (also ok: not set)
\`\`\``,
  },
  check(model): RuleHit[] {
    const hits: RuleHit[] = [];
    for (const c of allContainers(model)) {
      const f = containerField(c, ['procMount']);
      if (f.value === 'Unmasked') hits.push(hitOn(c.pod.doc, f.line, `The ${describe(c)} mounts /proc unmasked (procMount: Unmasked), exposing host kernel interfaces.`, { container: c }));
    }
    return hits;
  },
};

export default rule;
