import { boolOption, get, type DaemonModel } from '../../deploy/daemon/model.js';
import type { DeployRule } from '../../deploy/types.js';
import type { RuleHit } from '../rule.js';

const rule: DeployRule<DaemonModel> = {
  meta: {
    id: 'LS-DAEMON-006',
    kind: 'misconfiguration',
    severity: 'LOW',
    phase: 'deploy',
    title: 'no-new-privileges not enabled for all containers',
    aliases: ['docker-bench-security:2.14'],
    tags: ['security', 'privilege-escalation', 'daemon'],
    remediation: 'Set `"no-new-privileges": true`; containers that really need setuid binaries can opt out with `--security-opt no-new-privileges=false`.',
    docs: `\`"no-new-privileges": true\` makes every container start with the kernel's \`no_new_privs\` flag, so setuid and
setgid binaries (and file capabilities) cannot raise a process's privileges. Per-container settings are easy to
forget; the daemon-wide default covers containers started by hand, by CI jobs and by tools.

Fires when \`no-new-privileges\` is missing or \`false\`.

\`\`\`json
{
  "no-new-privileges": false
}
\`\`\`

\`\`\`json
{
  "no-new-privileges": true
}
\`\`\``,
  },
  check(model): RuleHit[] {
    if (!model.root || boolOption(model, 'no-new-privileges') === true) return [];
    const e = get(model, 'no-new-privileges');
    return [{ line: e?.keyLine ?? model.root.line, column: e?.keyColumn ?? model.root.column, message: e ? 'no-new-privileges is false: processes in containers can gain privileges through setuid binaries unless each container sets it.' : 'no-new-privileges is not set: processes in containers can gain privileges through setuid binaries unless each container sets it.' }];
  },
};

export default rule;
