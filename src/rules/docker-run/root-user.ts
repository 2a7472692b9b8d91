import type { RunModel } from '../../deploy/docker-run/model.js';
import type { DeployRule } from '../../deploy/types.js';
import { rootUserHits } from '../container/checks.js';

const rule: DeployRule<RunModel> = {
  meta: {
    id: 'LS-RUN-001',
    kind: 'misconfiguration',
    severity: 'HIGH',
    phase: 'deploy',
    title: 'Container started as root',
    aliases: ['docker-bench-security:4.1'],
    tags: ['security', 'docker-run'],
    remediation: 'Start the container as an unprivileged user (`--user 10001:10001`), or drop the `--user` option if the image already runs as non-root.',
    docs: `\`--user root\` / \`-u 0\` starts the container's process as root, overriding a non-root \`USER\` the image may set.
Root in a container is one kernel or runtime bug, or one host mount, away from root on the host.

Fires for \`-u\`/\`--user\` with \`root\` or UID 0 (\`0\`, \`0:0\`, \`root:root\`). Commands without \`--user\` are not
reported: they run as the image's \`USER\`, which the script cannot show.

\`\`\`sh
docker run --rm -u 0 -v "$PWD:/src" ghcr.io/acme/builder:2.3.0 make   # fires
\`\`\`

\`\`\`sh
docker run --rm -u "$(id -u):$(id -g)" -v "$PWD:/src" ghcr.io/acme/builder:2.3.0 make   # ok
\`\`\``,
  },
  check: (model) => model.commands.flatMap((t) => rootUserHits(t.spec, false)),
};

export default rule;
