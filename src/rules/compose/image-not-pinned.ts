import type { ComposeModel } from '../../deploy/compose/model.js';
import type { DeployRule } from '../../deploy/types.js';
import { imageDigestHits } from '../container/checks.js';

const rule: DeployRule<ComposeModel> = {
  meta: {
    id: 'LS-COMPOSE-016',
    kind: 'misconfiguration',
    severity: 'LOW',
    phase: 'deploy',
    title: 'Image not pinned by digest',
    aliases: [],
    tags: ['supply-chain', 'reproducibility', 'compose'],
    remediation: 'Append the digest of the tested image: `image: postgres:16.4@sha256:…` (from `docker buildx imagetools inspect postgres:16.4`); let a dependency bot update tag and digest together.',
    docs: `A tag is a pointer the publisher (or whoever takes over their registry account) can move. A digest names
exactly one image: what was tested is what runs, and a compromised registry cannot swap it.

Fires for \`image:\` values with a tag other than \`latest\` and no \`@sha256:\` digest (untagged and \`latest\`
images are LS-COMPOSE-015). Not for services with \`build:\`.

\`\`\`yaml
services:
  db:
    image: postgres:16.4      # fires
\`\`\`

\`\`\`yaml
services:
  db:
    image: postgres:16.4@sha256:4ec37d2a07a0067f176fdcc9d4bb633a5724d2cc4f892c7a2046d054bb6939e5   # ok
\`\`\``,
  },
  check: (model) => model.services.flatMap((s) => imageDigestHits(s.spec)),
};

export default rule;
