import type { NomadModel } from '../../deploy/nomad/model.js';
import type { DeployRule } from '../../deploy/types.js';
import { sensitiveMountHits } from '../container/checks.js';
import { SENSITIVE_DIR_LIST } from '../container/host-paths.js';

const rule: DeployRule<NomadModel> = {
  meta: {
    id: 'LS-NOMAD-010',
    kind: 'misconfiguration',
    severity: 'HIGH',
    phase: 'deploy',
    title: 'Sensitive host path mounted',
    aliases: ['docker-bench-security:5.6'],
    tags: ['security', 'nomad'],
    remediation: 'Mount only specific files or directories the task needs, read-only where possible; prefer host volumes (`volume` + `volume_mount`) and paths inside the allocation directory.',
    docs: `Bind-mounting a host system directory into a task hands it what lives there; writable, that is a takeover of
the Nomad client. (Absolute host paths in \`volumes\` only work when the client enables \`volumes\` in its
docker plugin configuration.)

Fires (HIGH when writable, MEDIUM when \`:ro\` or \`readonly = true\`) for \`volumes\` entries and \`bind\` mounts of
${SENSITIVE_DIR_LIST} or anything below them, except a few routinely mounted read-only files
(\`/etc/localtime\`, \`/etc/ssl/certs\`...). Relative paths (inside the allocation directory) are fine.

\`\`\`hcl
config {
  image   = "prom/node-exporter:v1.8.2"
  volumes = ["/:/host:ro", "/etc:/host/etc"]   # fires twice
}
\`\`\`

\`\`\`hcl
config {
  image   = "ghcr.io/acme/app:5.0.0"
  volumes = ["local/app.yaml:/etc/app/app.yaml:ro"]   # ok
}
\`\`\``,
  },
  check: (model) => model.tasks.filter((t) => t.container).flatMap((t) => sensitiveMountHits(t.spec)),
};

export default rule;
