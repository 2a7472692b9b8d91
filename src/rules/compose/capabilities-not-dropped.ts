import type { ComposeModel } from '../../deploy/compose/model.js';
import type { DeployRule } from '../../deploy/types.js';
import { capDropMissingHits } from '../container/checks.js';

const rule: DeployRule<ComposeModel> = {
  meta: {
    id: 'LS-COMPOSE-004',
    kind: 'misconfiguration',
    severity: 'LOW',
    phase: 'deploy',
    title: 'Default capabilities not dropped',
    aliases: ['kics:ce76b7d0-9e77-464d-b86f-c5c48e03e22d'],
    tags: ['security', 'least-privilege', 'hardening', 'compose'],
    remediation: 'Add `cap_drop: [ALL]` and list in `cap_add` only the capabilities the service needs (often none).',
    docs: `Docker gives every container a default set of capabilities (\`CHOWN\`, \`DAC_OVERRIDE\`, \`FOWNER\`,
\`SETUID\`, \`SETGID\`, \`NET_RAW\`, \`NET_BIND_SERVICE\`, \`KILL\`, \`MKNOD\`, \`AUDIT_WRITE\`...). Most services need
none of them: \`NET_RAW\` allows packet spoofing on the container network, \`DAC_OVERRIDE\` ignores file
permissions. Dropping them all and adding back what is needed keeps a compromised process weak.

Fires when a service has no \`cap_drop\` containing \`ALL\` (not for privileged services, which LS-COMPOSE-002
reports, nor when an \`extends\` base outside the scan might set it).

\`\`\`yaml
services:
  api:
    image: ghcr.io/acme/api:1.4.2      # fires
\`\`\`

\`\`\`yaml
services:
  api:
    image: ghcr.io/acme/api:1.4.2
    cap_drop: [ALL]                    # ok
\`\`\``,
  },
  check: (model) => model.services.flatMap((s) => capDropMissingHits(s.spec)),
};

export default rule;
