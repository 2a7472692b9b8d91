import type { DockerfileRule, RuleHit } from '../rule.js';
import { finalChain } from './build-tools-in-final-image.js';

const rule: DockerfileRule = {
  meta: {
    id: 'LS-DF-030',
    kind: 'misconfiguration',
    severity: 'LOW',
    phase: 'dockerfile',
    title: 'No HEALTHCHECK in the final image',
    aliases: ['dockle:CIS-DI-0006', 'trivy:DS026', 'checkov:CKV_DOCKER_2'],
    tags: ['reliability', 'best-practice'],
    remediation:
      'Add a `HEALTHCHECK` that probes the service with a program the image contains, e.g. `HEALTHCHECK --interval=30s --timeout=3s CMD ["/app/healthcheck"]`, or `HEALTHCHECK NONE` to state that the image deliberately has none (e.g. when Kubernetes probes are used).',
    docs: `Without a \`HEALTHCHECK\`, Docker only knows whether the main process is running, not whether it works: a
deadlocked or disconnected service stays "up", and \`docker ps\`, Compose \`depends_on: condition:
service_healthy\` and Swarm cannot react. (Kubernetes ignores \`HEALTHCHECK\` and uses its own probes; say so
with \`HEALTHCHECK NONE\`.)

Fires when neither the final stage nor a stage it is built on (\`FROM <stage>\`) has a \`HEALTHCHECK\`. A
health check inherited from the base image cannot be seen from the Dockerfile. On \`scratch\` or distroless
images, use the exec form with a binary the image contains (see LS-DF-011).

\`\`\`dockerfile
FROM nginx:1.27
COPY site/ /usr/share/nginx/html/              # fires on line 1
\`\`\`

\`\`\`dockerfile
FROM nginx:1.27
COPY site/ /usr/share/nginx/html/
HEALTHCHECK CMD curl -fsS http://localhost/ || exit 1   # ok
\`\`\``,
  },
  check({ dockerfile }): RuleHit[] {
    const chain = finalChain(dockerfile);
    const last = chain[chain.length - 1];
    if (!last) return [];
    // `HEALTHCHECK NONE` counts: it is an explicit decision.
    if (chain.some((s) => s.instructions.some((i) => i.keyword === 'HEALTHCHECK'))) return [];
    return [
      {
        line: last.from.line,
        endLine: last.from.endLine,
        message: 'The final image defines no HEALTHCHECK, so Docker cannot tell a hung service from a healthy one; add one, or HEALTHCHECK NONE if health is checked elsewhere.',
      },
    ];
  },
};

export default rule;
