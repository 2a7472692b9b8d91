import type { NomadModel } from '../../deploy/nomad/model.js';
import type { DeployRule } from '../../deploy/types.js';
import { hostNamespaceHits } from '../container/checks.js';

const rule: DeployRule<NomadModel> = {
  meta: {
    id: 'LS-NOMAD-006',
    kind: 'misconfiguration',
    severity: 'HIGH',
    phase: 'deploy',
    title: 'Host network namespace shared',
    aliases: ['docker-bench-security:5.10'],
    tags: ['security', 'nomad'],
    remediation: 'Remove `network_mode = "host"`; declare ports in the group\'s `network` block and map them with `ports`, or use `network { mode = "bridge" }`.',
    docs: `\`network_mode = "host"\` in a docker/podman task's \`config\` puts the container on the client's network stack:
it reaches everything bound to the host's localhost (the Nomad and Consul agents' HTTP APIs among them) and
can bind any host port.

Fires for \`network_mode = "host"\` in \`config\`. A group-level \`network { mode = "host" }\` is not reported:
it is Nomad's default and means "no shared network namespace for the group"; Docker tasks in such a group
keep the driver's own network mode (bridge unless \`network_mode\` says otherwise).

\`\`\`hcl
config {
  image        = "ghcr.io/acme/exporter:0.9.0"
  network_mode = "host"      # fires
}
\`\`\`

\`\`\`hcl
config {
  image = "ghcr.io/acme/exporter:0.9.0"
  ports = ["metrics"]        # ok: mapped from the group's network block
}
\`\`\``,
  },
  check: (model) => model.tasks.filter((t) => t.container).flatMap((t) => hostNamespaceHits(t.spec, 'network')),
};

export default rule;
