import { boolOption, get, type DaemonModel } from '../../deploy/daemon/model.js';
import type { DeployRule } from '../../deploy/types.js';
import type { RuleHit } from '../rule.js';

const rule: DeployRule<DaemonModel> = {
  meta: {
    id: 'LS-DAEMON-007',
    kind: 'misconfiguration',
    severity: 'INFO',
    phase: 'deploy',
    title: 'live-restore not enabled',
    aliases: ['docker-bench-security:2.15'],
    tags: ['availability', 'daemon'],
    remediation: 'Set `"live-restore": true` (not compatible with Swarm mode, which handles restarts itself).',
    docs: `Without \`live-restore\`, stopping or upgrading dockerd stops every container on the host. With it, containers
keep running while the daemon restarts, so security updates of Docker itself do not require downtime — and
are less likely to be postponed.

Fires when \`live-restore\` is missing or \`false\` (INFO: an availability setting; Swarm managers cannot use it).

\`\`\`json
{
  "live-restore": false
}
\`\`\`

\`\`\`json
{
  "live-restore": true
}
\`\`\``,
  },
  check(model): RuleHit[] {
    if (!model.root || boolOption(model, 'live-restore') === true) return [];
    const e = get(model, 'live-restore');
    return [{ line: e?.keyLine ?? model.root.line, column: e?.keyColumn ?? model.root.column, message: 'live-restore is not enabled: restarting or upgrading the Docker daemon stops every container on the host.' }];
  },
};

export default rule;
