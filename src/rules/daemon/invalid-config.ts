import type { DaemonModel } from '../../deploy/daemon/model.js';
import type { DeployRule } from '../../deploy/types.js';
import type { RuleHit } from '../rule.js';

const rule: DeployRule<DaemonModel> = {
  meta: {
    id: 'LS-DAEMON-001',
    kind: 'misconfiguration',
    severity: 'MEDIUM',
    phase: 'deploy',
    title: 'daemon.json is not valid JSON',
    aliases: [],
    tags: ['correctness', 'daemon'],
    remediation: 'Fix the reported line (`dockerd --validate --config-file <file>` checks it); dockerd refuses to start with an invalid configuration file.',
    docs: `dockerd reads daemon.json with a strict JSON parser: comments, trailing commas, single quotes and unquoted
keys are errors, and the daemon does not start — a typo here takes every container on the host down at the next
restart. leftshift cannot check what it cannot read, so the problem is reported with its line and column.

\`\`\`json
{
  "icc": false,
  "live-restore": true,   // fires: comments are not JSON
}
\`\`\`

\`\`\`json
{
  "icc": false,
  "live-restore": true
}
\`\`\``,
  },
  check: (model): RuleHit[] => model.problems.map((p) => ({ line: p.line, column: p.column, message: `${model.path} is not a valid Docker daemon configuration: ${p.message} (line ${p.line}, column ${p.column ?? 1}).`, details: { problem: p.message } })),
};

export default rule;
