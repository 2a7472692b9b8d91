import type { NomadModel } from '../../deploy/nomad/model.js';
import type { DeployRule } from '../../deploy/types.js';
import { socketMountHits } from '../container/checks.js';
import { SOCKET_LIST } from '../container/host-paths.js';

const rule: DeployRule<NomadModel> = {
  meta: {
    id: 'LS-NOMAD-009',
    kind: 'misconfiguration',
    severity: 'HIGH',
    phase: 'deploy',
    title: 'Container runtime socket mounted',
    aliases: ['docker-bench-security:5.32'],
    tags: ['security', 'nomad'],
    remediation: 'Do not mount the Docker socket into tasks; give tools that need the API a filtering proxy, or use Nomad\'s own APIs (Task API with workload identity).',
    docs: `Whoever can talk to the Docker (or Podman, containerd, CRI-O) socket can start a privileged container with
the client's \`/\` mounted: root on the Nomad client and access to every other allocation on it. \`:ro\` does not
restrict the API.

Fires for \`volumes\` entries and \`mount\` blocks of type \`bind\` whose source is one of: ${SOCKET_LIST}, or
any \`*/docker.sock\`, \`*/podman.sock\`, \`*/containerd.sock\`, \`*/crio.sock\`.

\`\`\`hcl
config {
  image   = "ghcr.io/acme/ci-runner:16.0.0"
  volumes = ["/var/run/docker.sock:/var/run/docker.sock"]   # fires
}
\`\`\`

\`\`\`hcl
config {
  image   = "ghcr.io/acme/ci-runner:16.0.0"
  volumes = ["local/config.toml:/etc/runner/config.toml:ro"]   # ok: inside the allocation
}
\`\`\``,
  },
  check: (model) => model.tasks.filter((t) => t.container).flatMap((t) => socketMountHits(t.spec)),
};

export default rule;
