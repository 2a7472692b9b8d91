import type { ComposeModel } from '../../deploy/compose/model.js';
import type { DeployRule } from '../../deploy/types.js';
import { healthcheckHits } from '../container/checks.js';

const rule: DeployRule<ComposeModel> = {
  meta: {
    id: 'LS-COMPOSE-019',
    kind: 'misconfiguration',
    severity: 'LOW',
    phase: 'deploy',
    title: 'No health check',
    aliases: ['kics:698ed579-b239-4f8f-a388-baa4bcb13ef8', 'docker-bench-security:5.27'],
    tags: ['reliability', 'compose'],
    remediation: 'Add a `healthcheck:` with a `test` that exercises the service (`["CMD", "pg_isready", "-U", "app"]`), and make dependants wait for it with `depends_on: {db: {condition: service_healthy}}`.',
    docs: `Without a health check Docker only knows whether the process exists: a deadlocked server counts as up,
\`depends_on\` starts dependants against a database that is still initialising, and \`restart\` policies never
fire for a hung service.

Fires when a service pulling an \`image:\` declares no \`healthcheck:\`, and when a health check is switched off
(\`disable: true\` or \`test: ["NONE"]\`). The image may define a \`HEALTHCHECK\` of its own, which a Compose file
cannot show — hence LOW. Not reported for services with \`build:\` (LS-DF-030 checks their Dockerfile).

\`\`\`yaml
services:
  db:
    image: postgres:16.4      # fires
\`\`\`

\`\`\`yaml
services:
  db:
    image: postgres:16.4
    healthcheck:
      test: ["CMD", "pg_isready", "-U", "postgres"]
      interval: 10s           # ok
\`\`\``,
  },
  check: (model) => model.services.flatMap((s) => healthcheckHits(s.spec)),
};

export default rule;
