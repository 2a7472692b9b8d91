import { get, stringOption, type DaemonModel } from '../../deploy/daemon/model.js';
import type { DeployRule } from '../../deploy/types.js';
import type { RuleHit } from '../rule.js';

const rule: DeployRule<DaemonModel> = {
  meta: {
    id: 'LS-DAEMON-004',
    kind: 'misconfiguration',
    severity: 'MEDIUM',
    phase: 'deploy',
    title: 'Container root is host root (no user namespace remapping, not rootless)',
    aliases: ['docker-bench-security:2.9'],
    tags: ['security', 'least-privilege', 'daemon'],
    remediation: 'Set `"userns-remap": "default"` (dockerd creates the `dockremap` user and maps container UIDs to an unprivileged range), or run the daemon rootless (`dockerd-rootless-setuptool.sh install`). Test volumes first: files they hold must belong to the remapped UIDs.',
    docs: `By default UID 0 in a container is UID 0 on the host. Every escape — a kernel bug, a runtime bug such as
CVE-2019-5736 in runc, a mounted host directory — then lands as real root. With \`userns-remap\` (or a rootless
daemon), container root maps to an unprivileged host UID, and the same escape lands as nobody.

MEDIUM, not higher: remapping is defence in depth rather than an exposure, and it changes behaviour (bind
mounts need matching ownership, \`--privileged\`, \`--pid=host\` and \`--network=host\` need \`--userns=host\`), so it
is a deliberate migration, not a one-line fix.

Fires when \`userns-remap\` is absent or empty and the daemon is not rootless (rootless is recognised from the
path \`~/.config/docker/daemon.json\` or a \`"rootless": true\` entry). Reported on the first line of the file.

\`\`\`json
{
  "live-restore": true
}
\`\`\`

\`\`\`json
{
  "userns-remap": "default",
  "live-restore": true
}
\`\`\``,
  },
  check(model): RuleHit[] {
    if (!model.root || model.rootless) return [];
    const v = stringOption(model, 'userns-remap');
    if (v !== undefined && v.trim() !== '') return [];
    const e = get(model, 'userns-remap');
    return [{ line: e?.keyLine ?? model.root.line, column: e?.keyColumn ?? model.root.column, message: 'The daemon neither remaps user namespaces (userns-remap) nor runs rootless: root in a container is root on the host, so any container escape is a full host compromise.' }];
  },
};

export default rule;
