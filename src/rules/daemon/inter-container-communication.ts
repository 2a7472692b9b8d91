import { boolOption, get, stringOption, type DaemonModel } from '../../deploy/daemon/model.js';
import type { DeployRule } from '../../deploy/types.js';
import type { RuleHit } from '../rule.js';

const rule: DeployRule<DaemonModel> = {
  meta: {
    id: 'LS-DAEMON-005',
    kind: 'misconfiguration',
    severity: 'LOW',
    phase: 'deploy',
    title: 'Unrestricted traffic between containers on the default bridge',
    aliases: ['docker-bench-security:2.2'],
    tags: ['security', 'network', 'daemon'],
    remediation: 'Set `"icc": false` and connect containers that must talk to each other through user-defined networks (which Compose creates per project).',
    docs: `With inter-container communication on (\`icc\`, the default), every container on the default \`docker0\` bridge
can reach every port of every other one: a compromised container can probe and attack the rest. With
\`"icc": false\`, containers on the default bridge only reach each other through published ports; user-defined
networks are unaffected.

Fires when \`icc\` is missing or \`true\` (LOW: many setups use only user-defined networks, where \`icc\` does not
apply). Not when the default bridge is disabled (\`"bridge": "none"\`).

\`\`\`json
{
  "icc": true
}
\`\`\`

\`\`\`json
{
  "icc": false
}
\`\`\``,
  },
  check(model): RuleHit[] {
    if (!model.root || boolOption(model, 'icc') === false || stringOption(model, 'bridge') === 'none') return [];
    const e = get(model, 'icc');
    return [{
      line: e?.keyLine ?? model.root.line,
      column: e?.keyColumn ?? model.root.column,
      message: e ? 'icc is true: containers on the default bridge can reach every port of each other.' : 'icc is not set (it defaults to true): containers on the default bridge can reach every port of each other.',
    }];
  },
};

export default rule;
