import type { RunModel } from '../../deploy/docker-run/model.js';
import type { DeployRule } from '../../deploy/types.js';
import { capAddHits } from '../container/checks.js';
import { DANGEROUS_CAP_LIST } from '../container/capabilities.js';

const rule: DeployRule<RunModel> = {
  meta: {
    id: 'LS-RUN-003',
    kind: 'misconfiguration',
    severity: 'HIGH',
    phase: 'deploy',
    title: 'Dangerous capability added',
    aliases: ['docker-bench-security:5.4'],
    tags: ['security', 'docker-run'],
    remediation: 'Remove the capability from `--cap-add`, or replace it by the narrowest one the container needs.',
    docs: `Some capabilities are each enough to escape the container or take over the host's network or kernel.

Fires for each of these given to \`--cap-add\` (any case, with or without \`CAP_\`, also comma-separated), at the
severity shown: ${DANGEROUS_CAP_LIST}.

\`\`\`sh
docker run --cap-add SYS_ADMIN --device /dev/fuse ghcr.io/acme/mounter:1.0.0   # fires
\`\`\`

\`\`\`sh
docker run --cap-drop ALL --cap-add NET_BIND_SERVICE ghcr.io/acme/web:3.0.1     # ok
\`\`\``,
  },
  check: (model) => model.commands.flatMap((t) => capAddHits(t.spec)),
};

export default rule;
