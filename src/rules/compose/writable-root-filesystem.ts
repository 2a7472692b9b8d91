import type { ComposeModel } from '../../deploy/compose/model.js';
import type { DeployRule } from '../../deploy/types.js';
import { readOnlyHits } from '../container/checks.js';

const rule: DeployRule<ComposeModel> = {
  meta: {
    id: 'LS-COMPOSE-013',
    kind: 'misconfiguration',
    severity: 'LOW',
    phase: 'deploy',
    title: 'Root file system is writable',
    aliases: ['docker-bench-security:5.13'],
    tags: ['security', 'hardening', 'compose'],
    remediation: 'Set `read_only: true` and give the service `tmpfs:` entries or volumes for the paths it writes (`/tmp`, caches, data).',
    docs: `A writable root file system lets an attacker who gets code execution download tools, replace the
application's files or plant a web shell that survives process restarts. With \`read_only: true\` the image
is immutable at run time; writes go only to the tmpfs mounts and volumes you declare.

Fires when a service does not set \`read_only: true\` (or sets it to false).

\`\`\`yaml
services:
  api:
    image: ghcr.io/acme/api:1.4.2     # fires
\`\`\`

\`\`\`yaml
services:
  api:
    image: ghcr.io/acme/api:1.4.2
    read_only: true
    tmpfs: [/tmp]                     # ok
\`\`\``,
  },
  check: (model) => model.services.flatMap((s) => readOnlyHits(s.spec)),
};

export default rule;
