import type { NomadModel } from '../../deploy/nomad/model.js';
import type { DeployRule } from '../../deploy/types.js';
import { confinementHits } from '../container/checks.js';

const rule: DeployRule<NomadModel> = {
  meta: {
    id: 'LS-NOMAD-005',
    kind: 'misconfiguration',
    severity: 'MEDIUM',
    phase: 'deploy',
    title: 'AppArmor, SELinux or kernel path masking disabled',
    aliases: [],
    tags: ['security', 'nomad'],
    remediation: 'Remove the option from `security_opt`; load a custom AppArmor/SELinux profile where the default one blocks something legitimate.',
    docs: `AppArmor and SELinux confine a container process even when it is root; Docker also masks sensitive kernel
paths under \`/proc\` and \`/sys\`.

Fires for \`apparmor=unconfined\`, \`label=disable\`, \`systempaths=unconfined\` (\`:\` works as separator too) and
Podman's \`unmask=...\` in \`security_opt\`.

\`\`\`hcl
config {
  image        = "ghcr.io/acme/app:5.0.0"
  security_opt = ["apparmor=unconfined"]   # fires
}
\`\`\`

\`\`\`hcl
config {
  image = "ghcr.io/acme/app:5.0.0"         # ok: default profile
}
\`\`\``,
  },
  check: (model) => model.tasks.filter((t) => t.container).flatMap((t) => confinementHits(t.spec)),
};

export default rule;
