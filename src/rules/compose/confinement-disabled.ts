import type { ComposeModel } from '../../deploy/compose/model.js';
import type { DeployRule } from '../../deploy/types.js';
import { confinementHits } from '../container/checks.js';

const rule: DeployRule<ComposeModel> = {
  meta: {
    id: 'LS-COMPOSE-006',
    kind: 'misconfiguration',
    severity: 'MEDIUM',
    phase: 'deploy',
    title: 'AppArmor, SELinux or kernel path masking disabled',
    aliases: [],
    tags: ['security', 'mac', 'compose'],
    remediation: 'Remove the option from `security_opt`; where the default AppArmor/SELinux policy blocks something legitimate, load a custom profile (`apparmor:my-profile`, `label:type:my_t`) instead of turning confinement off.',
    docs: `AppArmor (Debian, Ubuntu, SUSE) and SELinux (RHEL, Fedora) confine what a container process may touch
even when it is root: they are why a container cannot write to most of \`/proc\` or read the host's files
through a stray mount. Docker also masks sensitive kernel paths (\`/proc/kcore\`, \`/sys/firmware\`...).

Fires for these \`security_opt\` entries (\`:\` or \`=\` as separator): \`apparmor:unconfined\`,
\`label:disable\`, \`systempaths=unconfined\`, and Podman's \`unmask=...\`.

\`\`\`yaml
services:
  app:
    image: ghcr.io/acme/app:5.0.0
    security_opt: ["apparmor:unconfined"]   # fires
\`\`\`

\`\`\`yaml
services:
  app:
    image: ghcr.io/acme/app:5.0.0
    security_opt: ["apparmor:docker-default"]   # ok
\`\`\``,
  },
  check: (model) => model.services.flatMap((s) => confinementHits(s.spec)),
};

export default rule;
