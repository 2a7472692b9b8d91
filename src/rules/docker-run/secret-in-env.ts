import type { RunModel } from '../../deploy/docker-run/model.js';
import type { DeployRule } from '../../deploy/types.js';
import { envSecretHits } from '../container/checks.js';

const rule: DeployRule<RunModel> = {
  meta: {
    id: 'LS-RUN-011',
    kind: 'misconfiguration',
    severity: 'HIGH',
    phase: 'deploy',
    title: 'Secret passed as a literal with -e',
    aliases: [],
    tags: ['security', 'docker-run'],
    remediation: 'Pass the value from the environment (`-e DB_PASSWORD` with no value, or `-e DB_PASSWORD="$DB_PASSWORD"` from the CI secret store), or mount it as a file (`--secret` with Podman, a tmpfs file with Docker). Rotate the exposed value.',
    docs: `A secret written on a \`docker run\` line is committed with the script, visible in \`ps\` output and shell history
on the host, and stored in the container's configuration (\`docker inspect\`).

Fires for \`-e\`/\`--env\` values that are a recognised credential format (at the secret engine's severity), a URL
with a literal password (HIGH), or a literal for a secret-looking name (\`*PASSWORD*\`, \`*TOKEN*\`, \`*SECRET*\`,
\`*API_KEY*\`...: HIGH; MEDIUM for placeholders). Values from variables (\`$DB_PASSWORD\`, \`$(cat file)\`,
\`\${{ secrets.X }}\`) and pass-through names (\`-e DB_PASSWORD\`) are fine. Values are shown redacted.

\`\`\`sh
docker run -d -e POSTGRES_PASSWORD=s3cr3t-Pa55word postgres:16.4     # fires
\`\`\`

\`\`\`sh
docker run -d -e POSTGRES_PASSWORD="$POSTGRES_PASSWORD" postgres:16.4  # ok
\`\`\``,
  },
  check: (model) => model.commands.flatMap((t) => envSecretHits(t.spec)),
};

export default rule;
