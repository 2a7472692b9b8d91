import { get, type DaemonModel } from '../../deploy/daemon/model.js';
import type { DeployRule } from '../../deploy/types.js';
import type { RuleHit } from '../rule.js';

const rule: DeployRule<DaemonModel> = {
  meta: {
    id: 'LS-DAEMON-009',
    kind: 'misconfiguration',
    severity: 'LOW',
    phase: 'deploy',
    title: 'Container logging disabled',
    aliases: [],
    tags: ['security', 'audit', 'daemon'],
    remediation: 'Use a logging driver that keeps logs (`local`, `json-file` with `max-size`/`max-file` in `log-opts`, or `journald`/`syslog`/`fluentd` to ship them off the host).',
    docs: `With \`"log-driver": "none"\` the daemon discards the output of every container that does not choose a driver
itself: \`docker logs\` shows nothing, and an incident leaves no trace of what the containers printed.

Fires when \`log-driver\` is \`none\`. (Disk exhaustion from unbounded \`json-file\` logs is a real concern too, but
the remedy is \`log-opts\` limits, not discarding logs.)

\`\`\`json
{
  "log-driver": "none"
}
\`\`\`

\`\`\`json
{
  "log-driver": "local",
  "log-opts": { "max-size": "20m", "max-file": "5" }
}
\`\`\``,
  },
  check(model): RuleHit[] {
    const e = get(model, 'log-driver');
    if (e?.value.type !== 'string' || e.value.value.trim().toLowerCase() !== 'none') return [];
    return [{ line: e.value.line, column: e.value.column, message: 'log-driver is "none": container output is discarded, so logs are missing when an incident has to be investigated.' }];
  },
};

export default rule;
