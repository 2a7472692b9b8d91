import type { ComposeModel } from '../../deploy/compose/model.js';
import type { DeployRule } from '../../deploy/types.js';
import { envSecretHits } from '../container/checks.js';

const rule: DeployRule<ComposeModel> = {
  meta: {
    id: 'LS-COMPOSE-014',
    kind: 'misconfiguration',
    severity: 'HIGH',
    phase: 'deploy',
    title: 'Secret written in environment',
    aliases: [],
    tags: ['security', 'secrets', 'compose'],
    remediation: 'Move the value out of the file: reference a variable (`DB_PASSWORD: ${DB_PASSWORD}`) supplied from an untracked `.env` or the CI secret store, or better, use Compose `secrets:` and the image\'s `*_FILE` variables (`POSTGRES_PASSWORD_FILE: /run/secrets/db_password`). Rotate the exposed value.',
    docs: `Values in \`environment:\` are committed with the Compose file and readable by anyone who can run
\`docker inspect\` or read \`/proc/<pid>/environ\`; they also end up in crash reports and debug output.
Compose \`secrets:\` mount the value as a file under \`/run/secrets/\` instead.

Fires for \`environment:\` entries (map or list form) when
- the value has the format of a credential the secret engine recognises (cloud keys, API tokens, private
  keys): at the engine's severity, CRITICAL for live-key formats;
- the value is a URL with a literal password (\`postgres://app:pa55@db/app\`): HIGH;
- the name says it is a secret (\`*PASSWORD*\`, \`*SECRET*\`, \`*TOKEN*\`, \`*API_KEY*\`, \`*_PASS\`...) and the value
  is a literal: HIGH, or MEDIUM for an obvious placeholder (\`changeme\`, \`<token>\`).
Interpolated values (\`\${DB_PASSWORD}\`, \`\${TOKEN:?required}\`), empty values, booleans, paths and names
about a secret (\`*_FILE\`, \`*_PATH\`, \`*_USER\`) are not reported. Values are shown redacted.

\`\`\`yaml
services:
  db:
    image: postgres:16.4
    environment:
      POSTGRES_PASSWORD: s3cr3t-Pa55word        # fires
  api:
    image: ghcr.io/acme/api:1.4.2
    environment:
      - DATABASE_URL=postgres://app:s3cr3t-Pa55word@db/app   # fires (list form)
\`\`\`

\`\`\`yaml
services:
  db:
    image: postgres:16.4
    environment:
      POSTGRES_PASSWORD_FILE: /run/secrets/db_password   # ok
    secrets: [db_password]
secrets:
  db_password:
    file: ./secrets/db_password.txt
\`\`\``,
  },
  check: (model) => model.services.flatMap((s) => envSecretHits(s.spec)),
};

export default rule;
