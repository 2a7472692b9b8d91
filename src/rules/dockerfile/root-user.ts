import { expandWord } from '../../dockerfile/expand.js';
import { finalStage, type Stage } from '../../dockerfile/model.js';
import type { DockerfileRule, RuleHit } from '../rule.js';

const ROOT_NAMES = new Set(['root', '0']);

/** The user a stage ends with: its own last USER, else the one of the stage it builds on. */
function lastUser(stages: Stage[], stage: Stage): { user: string; line: number } | undefined {
  for (let i = stage.instructions.length - 1; i >= 0; i--) {
    const ins = stage.instructions[i]!;
    if (ins.keyword === 'USER') return { user: expandWord(ins.body.trim(), ins.vars).value, line: ins.line };
  }
  return stage.base.kind === 'stage' ? lastUser(stages, stages[stage.base.stage]!) : undefined;
}

const rule: DockerfileRule = {
  meta: {
    id: 'LS-DF-001',
    kind: 'misconfiguration',
    severity: 'HIGH',
    phase: 'dockerfile',
    title: 'Image runs as root',
    aliases: ['hadolint:DL3002', 'dockle:CIS-DI-0001', 'trivy:DS002', 'checkov:CKV_DOCKER_3'],
    tags: ['security', 'least-privilege'],
    remediation:
      'Create an unprivileged user and switch to it at the end of the final stage, e.g. `RUN useradd --uid 10001 app` then `USER 10001`.',
    docs: `The container's main process runs with the user of the last \`USER\` instruction of the final stage
(or of the stage it is built on). Without one, or with \`USER root\`, \`USER 0\` or \`USER 0:0\`, it runs as
root: a compromise of the process is a compromise of root in the container, one kernel bug away from the host.

Fires when the final stage has no \`USER\`, or its last \`USER\` is root by name or UID 0.

\`\`\`dockerfile
FROM debian:12-slim
RUN useradd --uid 10001 app
USER root            # fires
\`\`\`

\`\`\`dockerfile
FROM debian:12-slim
RUN useradd --uid 10001 app
USER 10001           # ok
\`\`\``,
  },
  check({ dockerfile }): RuleHit[] {
    const stage = finalStage(dockerfile);
    if (!stage) return [];
    const last = lastUser(dockerfile.stages, stage);
    if (!last) {
      return [{ line: stage.from.line, message: 'The final stage sets no USER, so the container runs as root.' }];
    }
    const user = last.user.split(':')[0]!.trim();
    if (ROOT_NAMES.has(user.toLowerCase())) {
      return [{ line: last.line, message: `The last USER of the final stage is "${last.user}", so the container runs as root.` }];
    }
    return [];
  },
};

export default rule;
