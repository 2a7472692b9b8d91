import type { RunModel } from '../../deploy/docker-run/model.js';
import type { DeployRule } from '../../deploy/types.js';
import { privilegedHits } from '../container/checks.js';

const rule: DeployRule<RunModel> = {
  meta: {
    id: 'LS-RUN-002',
    kind: 'misconfiguration',
    severity: 'HIGH',
    phase: 'deploy',
    title: 'Container started privileged',
    aliases: ['docker-bench-security:5.5'],
    tags: ['security', 'docker-run'],
    remediation: 'Remove `--privileged`; add only the capability (`--cap-add`) or device (`--device`) the container needs. For Docker-in-Docker in CI, prefer rootless BuildKit or Kaniko-style builders.',
    docs: `\`--privileged\` gives the container every capability, every host device and no seccomp or AppArmor confinement:
whatever runs in it — including a compromised dependency or a malicious pull request in CI — controls the host.

Fires for \`--privileged\` (not \`--privileged=false\`) on \`docker run\`, \`docker create\`, \`docker container run\`,
\`podman run\` and \`podman create\`, also behind \`sudo\`.

\`\`\`sh
docker run -d --privileged --name dind docker:27-dind        # fires
\`\`\`

\`\`\`sh
docker run -d --cap-drop ALL --cap-add NET_BIND_SERVICE -p 80:8080 ghcr.io/acme/web:3.0.1   # ok
\`\`\``,
  },
  check: (model) => model.commands.flatMap((t) => privilegedHits(t.spec)),
};

export default rule;
