import type { ComposeModel } from '../../deploy/compose/model.js';
import type { DeployRule } from '../../deploy/types.js';
import { seccompHits } from '../container/checks.js';

const rule: DeployRule<ComposeModel> = {
  meta: {
    id: 'LS-COMPOSE-005',
    kind: 'misconfiguration',
    severity: 'HIGH',
    phase: 'deploy',
    title: 'Seccomp disabled',
    aliases: ['kics:404fde2c-bc4b-4371-9747-7054132ac953', 'docker-bench-security:5.22'],
    tags: ['security', 'kernel', 'compose'],
    remediation: 'Remove `seccomp:unconfined` from `security_opt`. If one system call is missing from the default profile, ship a custom profile that adds only it: `security_opt: ["seccomp:./seccomp.json"]`.',
    docs: `Docker's default seccomp profile blocks about 50 system calls that containers do not need and that
kernel exploits and escapes rely on (\`keyctl\`, \`bpf\`, \`userfaultfd\`, \`unshare\` with new user namespaces,
\`mount\`...). \`seccomp:unconfined\` removes that filter.

Fires for \`seccomp:unconfined\` or \`seccomp=unconfined\` in \`security_opt\`.

\`\`\`yaml
services:
  app:
    image: ghcr.io/acme/app:5.0.0
    security_opt: ["seccomp:unconfined"]   # fires
\`\`\`

\`\`\`yaml
services:
  app:
    image: ghcr.io/acme/app:5.0.0
    security_opt: ["no-new-privileges:true"]   # ok: default seccomp profile applies
\`\`\``,
  },
  check: (model) => model.services.flatMap((s) => seccompHits(s.spec)),
};

export default rule;
