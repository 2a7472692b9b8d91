import type { RuleHit } from '../rule.js';
import { hitOn, type KubernetesRule } from '../../deploy/kubernetes/rule-kit.js';
import { allContainers, effectiveField } from '../../deploy/kubernetes/workloads.js';
import { oncePerLine, settingOwner } from './pod-level.js';

const APPARMOR_ANNOTATION = 'container.apparmor.security.beta.kubernetes.io/';
/** SELinux types the baseline Pod Security Standard allows; `spc_t` ("super privileged container") is unconfined. */
const SELINUX_TYPES = new Set(['container_t', 'container_init_t', 'container_kvm_t', 'container_engine_t']);

const rule: KubernetesRule = {
  meta: {
    id: 'LS-K8S-008',
    kind: 'misconfiguration',
    severity: 'HIGH',
    phase: 'deploy',
    title: 'AppArmor or SELinux confinement disabled',
    aliases: ['trivy:KSV002', 'trivy:KSV025'],
    tags: ['security', 'kubernetes', 'pod-security-baseline'],
    remediation: 'Remove `appArmorProfile: {type: Unconfined}` and the `unconfined` AppArmor annotation (use `RuntimeDefault` or a `Localhost` profile), and remove custom `seLinuxOptions` type/user/role so the runtime\'s `container_t` applies.',
    docs: `On nodes with AppArmor or SELinux, the runtime confines every container with a default profile/label
that blocks writes to \`/proc\`/\`/sys\` files, mounts and access to host files. Turning it off removes a
layer that has stopped real container escapes.

Fires on:
- \`appArmorProfile.type: Unconfined\` at pod or container level, and the older annotation
  \`container.apparmor.security.beta.kubernetes.io/NAME: unconfined\` (HIGH);
- \`seLinuxOptions.type\` other than \`container_t\`, \`container_init_t\`, \`container_kvm_t\` or
  \`container_engine_t\`: HIGH for \`spc_t\` (unconfined "super privileged container"), MEDIUM otherwise;
- \`seLinuxOptions.user\` or \`role\` set (MEDIUM): custom identities bypass the policy's container rules.

\`\`\`yaml
securityContext:
  seLinuxOptions:
    type: spc_t                 # fires
  appArmorProfile:
    type: Unconfined            # fires
\`\`\`

\`\`\`yaml
securityContext:
  appArmorProfile:
    type: RuntimeDefault        # ok
\`\`\``,
  },
  check(model): RuleHit[] {
    const hits: RuleHit[] = [];
    const firstTime = oncePerLine();
    for (const c of allContainers(model)) {
      if (c.pod.windows) continue;
      const doc = c.pod.doc;
      const report = (line: number, level: 'pod' | 'container' | 'none', text: string, severity: 'HIGH' | 'MEDIUM'): void => {
        if (!firstTime(doc, line)) return;
        hits.push(hitOn(doc, line, `The ${settingOwner(c, level)} ${text}`, { severity, container: level === 'container' ? c : undefined }));
      };
      const base = (level: 'pod' | 'container' | 'none') => (level === 'container' ? c.path : c.pod.path);

      const aa = effectiveField(c, 'appArmorProfile');
      if (aa.found && typeof aa.value === 'object' && aa.value !== null && (aa.value as Record<string, unknown>).type === 'Unconfined') {
        report(doc.lineOf([...base(aa.level), 'securityContext', 'appArmorProfile', 'type']), aa.level, 'runs without AppArmor (appArmorProfile type Unconfined).', 'HIGH');
      }
      const annKey = APPARMOR_ANNOTATION + c.name;
      const ann = doc.annotations(c.pod.metaPath)[annKey];
      if (ann !== undefined && ann.trim() === 'unconfined') {
        report(doc.lineOf([...c.pod.metaPath, 'annotations', annKey]), 'container', `runs without AppArmor (annotation ${annKey}: unconfined).`, 'HIGH');
      }

      const se = effectiveField(c, 'seLinuxOptions');
      if (se.found && typeof se.value === 'object' && se.value !== null) {
        const opts = se.value as Record<string, unknown>;
        const path = [...base(se.level), 'securityContext', 'seLinuxOptions'];
        const type = opts.type === undefined || opts.type === null ? '' : String(opts.type);
        if (type !== '' && !SELINUX_TYPES.has(type)) {
          report(doc.lineOf([...path, 'type']), se.level, type === 'spc_t' ? 'runs with SELinux type spc_t, which is not confined by the container policy.' : `runs with the custom SELinux type "${type}" instead of container_t.`, type === 'spc_t' ? 'HIGH' : 'MEDIUM');
        }
        for (const field of ['user', 'role'] as const) {
          if (opts[field] !== undefined && opts[field] !== null && String(opts[field]) !== '') {
            report(doc.lineOf([...path, field]), se.level, `sets a custom SELinux ${field} "${String(opts[field])}".`, 'MEDIUM');
          }
        }
      }
    }
    return hits;
  },
};

export default rule;
