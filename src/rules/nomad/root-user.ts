import type { NomadModel } from '../../deploy/nomad/model.js';
import type { DeployRule } from '../../deploy/types.js';
import { rootUserHits } from '../container/checks.js';

const rule: DeployRule<NomadModel> = {
  meta: {
    id: 'LS-NOMAD-001',
    kind: 'misconfiguration',
    severity: 'HIGH',
    phase: 'deploy',
    title: 'Task runs as root',
    aliases: ['docker-bench-security:4.1'],
    tags: ['security', 'nomad'],
    remediation: 'Set the task\'s `user` to an unprivileged UID the image supports (`user = "10001"`), or build the image with a non-root `USER`.',
    docs: `The task-level \`user\` sets the user the Docker or Podman driver runs the container as. Root in the container is
root in the kernel's eyes, limited only by namespaces, capabilities and seccomp.

Fires (HIGH) for docker/podman tasks with \`user = "root"\` or UID 0, and (LOW) for those without \`user\`: the
image's \`USER\` then applies, which the job file cannot show (many images start as root).

\`\`\`hcl
task "api" {
  driver = "docker"
  user   = "root"            # fires
  config { image = "ghcr.io/acme/api:1.4.2" }
}
\`\`\`

\`\`\`hcl
task "api" {
  driver = "docker"
  user   = "10001"           # ok
  config { image = "ghcr.io/acme/api:1.4.2" }
}
\`\`\``,
  },
  check: (model) => model.tasks.filter((t) => t.container).flatMap((t) => rootUserHits(t.spec, true)),
};

export default rule;
