import type { ImageRule } from '../rule.js';

const rule: ImageRule = {
  meta: {
    id: 'LS-IMG-003',
    kind: 'misconfiguration',
    severity: 'LOW',
    phase: 'image',
    title: 'Image has no healthcheck',
    aliases: ['dockle:CIS-DI-0006', 'trivy:DS026'],
    tags: ['best-practice', 'reliability'],
    remediation: 'Add a `HEALTHCHECK` that probes the service with a binary the image contains (e.g. `HEALTHCHECK CMD ["/app/healthcheck"]`), or rely on the orchestrator\'s probes and accept this finding.',
    docs: `Without a healthcheck, Docker and Swarm only know whether the main process is alive, not whether it
still serves: a deadlocked server stays "running" and keeps receiving traffic. The check reads
\`Healthcheck\` in the image configuration; a missing one and \`HEALTHCHECK NONE\` (which also switches off a base
image's check) both fire. Kubernetes ignores image healthchecks and uses its own probes.

\`\`\`dockerfile
FROM nginx:1.27
COPY site /usr/share/nginx/html      # fires: no HEALTHCHECK anywhere
\`\`\`

\`\`\`dockerfile
FROM nginx:1.27
COPY site /usr/share/nginx/html
HEALTHCHECK CMD ["curl", "-fsS", "http://localhost/"]   # ok
\`\`\``,
  },
  check({ metadata }) {
    const test = metadata.config.config?.Healthcheck?.Test;
    if (!test || test.length === 0) return [{ message: 'The image configuration has no Healthcheck: the runtime cannot tell a hung service from a healthy one.' }];
    if (test[0] === 'NONE') return [{ message: 'The Healthcheck is disabled (HEALTHCHECK NONE): the runtime cannot tell a hung service from a healthy one.', details: { test } }];
    return [];
  },
};

export default rule;
