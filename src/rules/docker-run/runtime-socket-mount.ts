import type { RunModel } from '../../deploy/docker-run/model.js';
import type { DeployRule } from '../../deploy/types.js';
import { socketMountHits } from '../container/checks.js';
import { SOCKET_LIST } from '../container/host-paths.js';

const rule: DeployRule<RunModel> = {
  meta: {
    id: 'LS-RUN-009',
    kind: 'misconfiguration',
    severity: 'HIGH',
    phase: 'deploy',
    title: 'Container runtime socket mounted',
    aliases: ['docker-bench-security:5.32'],
    tags: ['security', 'docker-run'],
    remediation: 'Do not mount the Docker socket; in CI use a rootless builder or a separate, disposable Docker-in-Docker service, and give tools a filtering socket proxy.',
    docs: `Whoever can talk to the Docker (or Podman, containerd, CRI-O) socket can start a privileged container with
the host's \`/\` mounted. In CI scripts this is the classic way a build step (or a malicious pull request) takes
over the runner. \`:ro\` does not restrict the API.

Fires for \`-v\`/\`--volume\` and \`--mount type=bind\` with a source among: ${SOCKET_LIST} (or any
\`*/docker.sock\`, \`*/podman.sock\`...), and for Docker's \`--use-api-socket\`.

\`\`\`sh
docker run --rm -v /var/run/docker.sock:/var/run/docker.sock ghcr.io/acme/deployer:1.0.0   # fires
\`\`\`

\`\`\`sh
docker run --rm -e DOCKER_HOST=tcp://docker:2376 -e DOCKER_TLS_VERIFY=1 ghcr.io/acme/deployer:1.0.0   # ok
\`\`\``,
  },
  check: (model) => model.commands.flatMap((t) => socketMountHits(t.spec)),
};

export default rule;
