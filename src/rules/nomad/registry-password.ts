import type { NomadModel } from '../../deploy/nomad/model.js';
import type { DeployRule } from '../../deploy/types.js';
import type { RuleHit } from '../rule.js';
import { credentialFormat, redactValue } from '../container/secrets.js';

const PLACEHOLDER = /^(?:x{3,}|\*{3,}|changeme|change-me|password|secret|<[^>]*>)$/i;

const rule: DeployRule<NomadModel> = {
  meta: {
    id: 'LS-NOMAD-014',
    kind: 'misconfiguration',
    severity: 'HIGH',
    phase: 'deploy',
    title: 'Registry password written in the job',
    aliases: [],
    tags: ['security', 'secrets', 'nomad'],
    remediation: 'Remove `password` from the `auth` block: configure registry credentials on the clients (`auth { config = "/etc/docker/config.json" }` or a credential helper in the docker plugin configuration), or read them from Nomad Variables/Vault at submit time. Rotate the exposed password.',
    docs: `A password in the task's \`auth\` block is stored in the job file, in version control, in Nomad's state
and in every \`nomad job inspect\` output — readable by anyone with read access to the job.

Fires for a literal \`password\` in a docker/podman task's \`auth\` block (HIGH; CRITICAL when the value has the
format of a known token, e.g. a GitHub or GitLab personal access token). Interpolated values (\`"\${...}"\`)
are not reported.

\`\`\`hcl
config {
  image = "registry.acme.io/team/api:1.4.2"
  auth {
    username = "deploy"
    password = "s3cr3t-Pa55word"    # fires
  }
}
\`\`\`

\`\`\`hcl
config {
  image = "registry.acme.io/team/api:1.4.2"   # ok: the client's docker plugin has auth { config = ... }
}
\`\`\``,
  },
  check(model): RuleHit[] {
    const hits: RuleHit[] = [];
    for (const t of model.tasks) {
      for (const a of t.auth) {
        const pw = a.password;
        if (!pw || pw.value === null) continue;
        const v = pw.value.trim();
        if (v === '' || v.includes('${') || v.includes('{{') || PLACEHOLDER.test(v)) continue;
        const format = credentialFormat(v);
        const redacted = format?.redacted ?? redactValue(v);
        hits.push({
          line: pw.line,
          column: pw.column,
          severity: format?.severity === 'CRITICAL' ? 'CRITICAL' : 'HIGH',
          message: `Task "${t.name}" (group "${t.group}") writes its registry password into the job (auth.password = ${redacted}); anyone who can read the job can read it.`,
          details: { container: `${t.group}/${t.name}`, redacted, ...(format ? { format: format.title } : {}) },
        });
      }
    }
    return hits;
  },
};

export default rule;
