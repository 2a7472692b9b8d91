import type { RunModel } from '../../deploy/docker-run/model.js';
import type { DeployRule } from '../../deploy/types.js';
import type { RuleHit } from '../rule.js';

const rule: DeployRule<RunModel> = {
  meta: {
    id: 'LS-RUN-015',
    kind: 'misconfiguration',
    severity: 'MEDIUM',
    phase: 'deploy',
    title: 'CI file cannot be read',
    aliases: [],
    tags: ['correctness', 'docker-run'],
    remediation: 'Fix the reported line (the CI system rejects the file as well); until then its scripts could not be searched for `docker run` lines.',
    docs: `A CI file (GitLab CI, GitHub Actions, CircleCI, Bitbucket or Azure Pipelines) that is not valid YAML, or that
uses so many aliases that it could not be searched completely, is reported with its line instead of being
skipped silently: the pipeline will not run as written, and its \`docker run\` lines went unchecked. Only files
that mention \`docker\` or \`podman\` are parsed at all, so CI files unrelated to containers are not reported.

\`\`\`yaml
build:
  script:
    - docker run --rm alpine:3.20 echo hi
   - make      # fires: bad indentation
\`\`\`

\`\`\`yaml
build:
  script:
    - docker run --rm alpine:3.20 echo hi
    - make     # ok
\`\`\``,
  },
  check: (model): RuleHit[] => model.problems.map((p) => ({ line: p.line, column: p.column, message: `${model.path} cannot be read as a CI file: ${p.message}.`, details: { problem: p.message } })),
};

export default rule;
