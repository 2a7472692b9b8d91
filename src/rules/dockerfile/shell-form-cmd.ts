import type { DockerfileRule, RuleHit } from '../rule.js';
import { runCommands } from './shared/commands.js';

const rule: DockerfileRule = {
  meta: {
    id: 'LS-DF-023',
    kind: 'misconfiguration',
    severity: 'LOW',
    phase: 'dockerfile',
    title: 'CMD or ENTRYPOINT in shell form',
    aliases: ['hadolint:DL3025', 'buildkit:JSONArgsRecommended'],
    tags: ['best-practice', 'reliability'],
    remediation: 'Use the exec (JSON array) form: `CMD ["node", "server.js"]`; if shell features are needed, `CMD ["sh", "-c", "exec node server.js"]`.',
    docs: `In shell form (\`CMD node server.js\`) Docker runs \`/bin/sh -c "node server.js"\`: the shell is PID 1 and the
application its child. \`docker stop\` sends SIGTERM to the shell, which (depending on the shell) does not pass it
on, so the application is killed with SIGKILL after the grace period, without a clean shutdown. A shell-form
ENTRYPOINT also ignores CMD and \`docker run\` arguments.

Fires on a shell-form \`CMD\` or \`ENTRYPOINT\`, unless its last command is run with \`exec\` (the shell then
replaces itself with the application, which receives signals directly). Some shells exec a lone command on
their own, but that depends on the shell of the base image, so the rule does not rely on it.

\`\`\`dockerfile
FROM node:20-slim
CMD node server.js              # fires
\`\`\`

\`\`\`dockerfile
FROM node:20-slim
CMD ["node", "server.js"]       # ok
\`\`\``,
  },
  check({ dockerfile }): RuleHit[] {
    const hits: RuleHit[] = [];
    for (const ins of dockerfile.instructions) {
      if ((ins.keyword !== 'CMD' && ins.keyword !== 'ENTRYPOINT') || ins.jsonForm || ins.body.trim() === '') continue;
      // `CMD ./setup.sh && exec node server.js`: the shell replaces itself with the last command.
      const top = runCommands(ins).filter((c) => c.via.length === 0 && !c.subshell);
      const last = top[top.length - 1];
      if (last && last.wrappers[0] === 'exec' && last.pipelineLength === 1) continue;
      hits.push({ line: ins.line, message: `${ins.keyword} uses the shell form, so a shell runs as PID 1 and may not forward SIGTERM to \`${ins.body.trim().split(/\s+/)[0]}\`; use the JSON array form.` });
    }
    return hits;
  },
};

export default rule;
