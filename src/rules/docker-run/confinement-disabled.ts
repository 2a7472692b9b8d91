import type { RunModel } from '../../deploy/docker-run/model.js';
import type { DeployRule } from '../../deploy/types.js';
import { confinementHits } from '../container/checks.js';

const rule: DeployRule<RunModel> = {
  meta: {
    id: 'LS-RUN-005',
    kind: 'misconfiguration',
    severity: 'MEDIUM',
    phase: 'deploy',
    title: 'AppArmor, SELinux or kernel path masking disabled',
    aliases: [],
    tags: ['security', 'docker-run'],
    remediation: 'Remove the option; load a custom AppArmor/SELinux profile where the default one blocks something legitimate.',
    docs: `AppArmor and SELinux confine a container process even when it is root; Docker also masks sensitive kernel
paths under \`/proc\` and \`/sys\`.

Fires for \`--security-opt\` \`apparmor=unconfined\`, \`label=disable\`, \`systempaths=unconfined\` (\`:\` works as
separator too) and Podman's \`unmask=...\`.

\`\`\`sh
podman run --security-opt label=disable -v "$PWD:/src" ghcr.io/acme/app:5.0.0   # fires
\`\`\`

\`\`\`sh
podman run -v "$PWD:/src:Z" ghcr.io/acme/app:5.0.0                               # ok: relabelled mount
\`\`\``,
  },
  check: (model) => model.commands.flatMap((t) => confinementHits(t.spec)),
};

export default rule;
