import type { RunModel } from '../../deploy/docker-run/model.js';
import type { DeployRule } from '../../deploy/types.js';
import { imageLatestHits } from '../container/checks.js';

const rule: DeployRule<RunModel> = {
  meta: {
    id: 'LS-RUN-012',
    kind: 'misconfiguration',
    severity: 'MEDIUM',
    phase: 'deploy',
    title: 'Image without a tag or with :latest',
    aliases: [],
    tags: ['security', 'docker-run'],
    remediation: 'Name an explicit version (`postgres:16.4`), ideally pinned by digest.',
    docs: `\`latest\` (or no tag) is whatever was pushed last: two runs of the same script can start different versions,
and a CI job that passed yesterday can fail — or pull a compromised image — today.

Fires for the image of a run command without a tag or with \`:latest\`. Not for images from variables
(\`"$IMAGE"\`, \`"$REGISTRY/app:$TAG"\`) or pinned by digest.

\`\`\`sh
docker run --rm alpine sh -c 'echo hi'          # fires
\`\`\`

\`\`\`sh
docker run --rm alpine:3.20 sh -c 'echo hi'     # ok
\`\`\``,
  },
  check: (model) => model.commands.flatMap((t) => imageLatestHits(t.spec)),
};

export default rule;
