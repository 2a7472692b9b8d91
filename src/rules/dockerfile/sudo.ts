import type { DockerfileRule, RuleHit } from '../rule.js';
import { runCommands } from './shared/commands.js';

const ELEVATORS = new Set(['sudo', 'doas']);

const rule: DockerfileRule = {
  meta: {
    id: 'LS-DF-013',
    kind: 'misconfiguration',
    severity: 'MEDIUM',
    phase: 'dockerfile',
    title: 'sudo used in RUN',
    aliases: ['hadolint:DL3004', 'trivy:DS010', 'checkov:CKV2_DOCKER_1'],
    tags: ['security', 'least-privilege'],
    remediation:
      'Run root-only steps before switching user (`USER root` … `USER app`), and drop privileges in the entrypoint with `gosu`/`su-exec` if needed; do not install sudo in the image.',
    docs: `RUN executes as the current \`USER\`, so \`sudo\` in a RUN either does nothing useful (already root) or means
the image ships \`sudo\` with a sudoers entry that lets the unprivileged runtime user become root again, undoing
\`USER\`. \`sudo\` also behaves differently without a TTY (\`requiretty\`, password prompts, environment reset),
which makes builds fail or behave unpredictably.

Fires on each command run through \`sudo\` (or \`doas\`), including inside \`sh -c\` strings; one hit per line.

\`\`\`dockerfile
FROM debian:12-slim
USER app
RUN sudo apt-get update            # fires
\`\`\`

\`\`\`dockerfile
FROM debian:12-slim
RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*
USER app                           # ok: root work done before switching user
\`\`\``,
  },
  check({ dockerfile }): RuleHit[] {
    const hits: RuleHit[] = [];
    for (const ins of dockerfile.instructions) {
      if (ins.keyword !== 'RUN') continue;
      const lines = new Set<number>();
      for (const c of runCommands(ins)) {
        const via = c.wrappers.find((w) => ELEVATORS.has(w)) ?? (ELEVATORS.has(c.name) ? c.name : undefined);
        if (!via || lines.has(c.line)) continue;
        lines.add(c.line);
        const what = c.name && !ELEVATORS.has(c.name) ? ` to run \`${c.name}\`` : '';
        hits.push({ line: c.line, message: `\`${via}\` is used${what} in a RUN instruction; set the build user with USER instead.` });
      }
    }
    return hits;
  },
};

export default rule;
