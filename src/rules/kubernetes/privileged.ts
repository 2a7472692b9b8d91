import type { RuleHit } from '../rule.js';
import { hitOn, type KubernetesRule } from '../../deploy/kubernetes/rule-kit.js';
import { allContainers, containerField, describe, effectiveField } from '../../deploy/kubernetes/workloads.js';
import { oncePerLine, settingOwner } from './pod-level.js';

const rule: KubernetesRule = {
  meta: {
    id: 'LS-K8S-004',
    kind: 'misconfiguration',
    severity: 'CRITICAL',
    phase: 'deploy',
    title: 'Privileged container',
    aliases: ['kube-linter:privileged-container', 'polaris:runAsPrivileged', 'checkov:CKV_K8S_16', 'trivy:KSV017', 'kubesec:Privileged'],
    tags: ['security', 'kubernetes', 'pod-security-baseline'],
    remediation: 'Remove `privileged: true`. Grant the one capability the workload needs instead (`capabilities.add`), or move node-level work into a purpose-built, reviewed DaemonSet.',
    docs: `A privileged container gets every capability, all host devices, no seccomp or AppArmor confinement and
a writable \`/sys\`: it is root on the node in all but name. Escaping is trivial (mount the host disk, load
a kernel module). The Windows equivalent, \`windowsOptions.hostProcess: true\`, runs the container as a
process on the host.

Fires on \`securityContext.privileged: true\` of any container (init and ephemeral included) and on
\`hostProcess: true\` at pod or container level.

\`\`\`yaml
containers:
  - name: agent
    securityContext:
      privileged: true          # fires
\`\`\`

\`\`\`yaml
containers:
  - name: agent
    securityContext:
      privileged: false         # ok
      capabilities:
        drop: [ALL]
\`\`\``,
  },
  check(model): RuleHit[] {
    const hits: RuleHit[] = [];
    const firstTime = oncePerLine();
    for (const c of allContainers(model)) {
      const f = containerField(c, ['privileged']);
      if (f.value === true) {
        hits.push(hitOn(c.pod.doc, f.line, `The ${describe(c)} is privileged: it has full access to the node (all capabilities, all devices, no seccomp/AppArmor).`, { container: c }));
      }
      const hp = effectiveField(c, 'windowsOptions');
      const hostProcess = hp.found && typeof hp.value === 'object' && hp.value !== null && (hp.value as Record<string, unknown>).hostProcess === true;
      if (hostProcess) {
        const line = c.pod.doc.lineOf([...(hp.level === 'container' ? c.path : c.pod.path), 'securityContext', 'windowsOptions', 'hostProcess']);
        if (!firstTime(c.pod.doc, line)) continue;
        hits.push(hitOn(c.pod.doc, line, `The ${settingOwner(c, hp.level)} runs as a Windows host process (hostProcess: true), with full access to the node.`, { container: hp.level === 'container' ? c : undefined }));
      }
    }
    return hits;
  },
};

export default rule;
