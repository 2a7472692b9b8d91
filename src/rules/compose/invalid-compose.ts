import type { ComposeModel } from '../../deploy/compose/model.js';
import type { DeployRule } from '../../deploy/types.js';
import type { RuleHit } from '../rule.js';

const rule: DeployRule<ComposeModel> = {
  meta: {
    id: 'LS-COMPOSE-021',
    kind: 'misconfiguration',
    severity: 'MEDIUM',
    phase: 'deploy',
    title: 'Compose file cannot be read',
    aliases: [],
    tags: ['correctness', 'compose'],
    remediation: 'Fix the reported line (`docker compose config` shows the same problem); until then no other check could run on the file.',
    docs: `The file is not valid YAML (bad indentation, an unclosed bracket, a duplicate key), is not shaped like a
Compose file (\`services:\` that is not a mapping, a service that is not a mapping), extends itself, or
follows too many YAML aliases (an alias bomb). Compose refuses such files, and leftshift cannot check what it
cannot read, so the problem is a finding with its line rather than a silent skip.

\`\`\`yaml
services:
  web:
    image: nginx:1.27
   ports: ["8080:80"]      # fires: bad indentation
\`\`\`

\`\`\`yaml
services:
  web:
    image: nginx:1.27
    ports: ["127.0.0.1:8080:80"]   # ok
\`\`\``,
  },
  check: (model): RuleHit[] => model.problems.map((p) => ({ line: p.line, column: p.column, message: `${model.path} cannot be read as a Compose file: ${p.message}.`, details: { problem: p.message } })),
};

export default rule;
