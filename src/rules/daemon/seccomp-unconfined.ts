import { get, type DaemonModel } from '../../deploy/daemon/model.js';
import type { DeployRule } from '../../deploy/types.js';
import type { RuleHit } from '../rule.js';

const rule: DeployRule<DaemonModel> = {
  meta: {
    id: 'LS-DAEMON-008',
    kind: 'misconfiguration',
    severity: 'HIGH',
    phase: 'deploy',
    title: 'Seccomp disabled for every container',
    aliases: [],
    tags: ['security', 'kernel', 'daemon'],
    remediation: 'Remove `seccomp-profile` (Docker\'s default profile then applies) or point it at a profile file that extends the default with only the system calls you need.',
    docs: `\`"seccomp-profile": "unconfined"\` turns off Docker's default seccomp filter for every container on the host
that does not bring its own: all system calls reach the kernel, including those most container escapes and
kernel exploits depend on.

Fires when \`seccomp-profile\` is \`unconfined\`.

\`\`\`json
{
  "seccomp-profile": "unconfined"
}
\`\`\`

\`\`\`json
{
  "seccomp-profile": "/etc/docker/seccomp/default-plus-perf.json"
}
\`\`\``,
  },
  check(model): RuleHit[] {
    const e = get(model, 'seccomp-profile');
    if (e?.value.type !== 'string' || e.value.value.trim().toLowerCase() !== 'unconfined') return [];
    return [{ line: e.value.line, column: e.value.column, message: 'seccomp-profile is "unconfined": no container on this host gets the default seccomp filter unless it asks for one.' }];
  },
};

export default rule;
