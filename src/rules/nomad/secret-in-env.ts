import type { NomadModel } from '../../deploy/nomad/model.js';
import type { DeployRule } from '../../deploy/types.js';
import { envSecretHits } from '../container/checks.js';

const rule: DeployRule<NomadModel> = {
  meta: {
    id: 'LS-NOMAD-015',
    kind: 'misconfiguration',
    severity: 'HIGH',
    phase: 'deploy',
    title: 'Secret written in env',
    aliases: [],
    tags: ['security', 'secrets', 'nomad'],
    remediation: 'Deliver the value through a `template` block with `env = true` that reads it from Nomad Variables (`{{ with nomadVar "nomad/jobs/app" }}{{ .db_password }}{{ end }}`) or Vault (`{{ with secret "kv/data/app" }}...`). Rotate the exposed value.',
    docs: `Values in a task's \`env\` block are part of the job: stored in version control, in Nomad's state, and shown by
\`nomad job inspect\` and the UI to anyone who can read the job.

Fires for \`env\` entries (any driver) when the value is a credential format the secret engine recognises (at
its severity), a URL with a literal password (HIGH), or a literal for a secret-looking name (\`*PASSWORD*\`,
\`*TOKEN*\`, \`*SECRET*\`, \`*API_KEY*\`...: HIGH; MEDIUM for obvious placeholders). Interpolated values
(\`"\${NOMAD_SECRETS_DIR}/db"\`, \`"\${var.x}"\`) are not reported. Values are shown redacted.

\`\`\`hcl
env {
  DB_PASSWORD = "s3cr3t-Pa55word"      # fires
}
\`\`\`

\`\`\`hcl
template {
  data        = "DB_PASSWORD={{ with nomadVar \\"nomad/jobs/api\\" }}{{ .db_password }}{{ end }}"
  destination = "secrets/db.env"
  env         = true                   # ok
}
\`\`\``,
  },
  check: (model) => model.tasks.flatMap((t) => envSecretHits(t.spec)),
};

export default rule;
