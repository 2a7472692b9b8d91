import type { ComposeModel } from '../../deploy/compose/model.js';
import type { DeployRule } from '../../deploy/types.js';
import { imageLatestHits } from '../container/checks.js';

const rule: DeployRule<ComposeModel> = {
  meta: {
    id: 'LS-COMPOSE-015',
    kind: 'misconfiguration',
    severity: 'MEDIUM',
    phase: 'deploy',
    title: 'Image without a tag or with :latest',
    aliases: [],
    tags: ['supply-chain', 'reproducibility', 'compose'],
    remediation: 'Name an explicit version (`image: postgres:16.4`), ideally pinned by digest (`postgres:16.4@sha256:…`), and update it deliberately.',
    docs: `\`latest\` (or no tag, which means \`latest\`) is whatever was pushed last: \`docker compose pull\` on two
hosts, or on the same host a week apart, can start different major versions. Rollbacks are guesswork and a
vulnerability report cannot say what is running.

Fires for \`image:\` values without a tag or with \`:latest\`, including \`\${TAG:-latest}\` defaults. Not for
services with \`build:\` (the name tags the local build), digests, or values that are unknown variables.

\`\`\`yaml
services:
  cache:
    image: redis              # fires
  proxy:
    image: nginx:latest       # fires
\`\`\`

\`\`\`yaml
services:
  cache:
    image: redis:7.4.1-alpine # ok
\`\`\``,
  },
  check: (model) => model.services.flatMap((s) => imageLatestHits(s.spec)),
};

export default rule;
