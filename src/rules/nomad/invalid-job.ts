import type { NomadModel } from '../../deploy/nomad/model.js';
import type { DeployRule } from '../../deploy/types.js';
import type { RuleHit } from '../rule.js';

const rule: DeployRule<NomadModel> = {
  meta: {
    id: 'LS-NOMAD-017',
    kind: 'misconfiguration',
    severity: 'MEDIUM',
    phase: 'deploy',
    title: 'Nomad job file cannot be read',
    aliases: [],
    tags: ['correctness', 'nomad'],
    remediation: 'Fix the reported line (`nomad job validate` reports the same problem); until then no other check could run on the file.',
    docs: `The file does not parse as HCL (an unclosed block or string, a missing \`=\`, an unterminated heredoc) or as
JSON, or a JSON file has neither a \`Job\` (API format) nor a \`job\` (HCL JSON) object. Nomad rejects such files
and leftshift cannot check them, so the problem is reported with its line rather than skipped.

\`\`\`hcl
job "api" {
  group "web" {
    task "app" {
      driver = "docker"
      config { image = "ghcr.io/acme/api:1.4.2 }   # fires: unterminated string
\`\`\`

\`\`\`hcl
job "api" {
  group "web" {
    task "app" {
      driver = "docker"
      config { image = "ghcr.io/acme/api:1.4.2" }   # ok
    }
  }
}
\`\`\``,
  },
  check: (model): RuleHit[] => model.problems.map((p) => ({ line: p.line, column: p.column, message: `${model.path} cannot be read as a Nomad job: ${p.message}.`, details: { problem: p.message } })),
};

export default rule;
