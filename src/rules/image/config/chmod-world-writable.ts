import { worldWritable } from '../../dockerfile/chmod-777.js';
import type { RuleHit } from '../../rule.js';
import type { ImageRule } from '../rule.js';
import { historySteps, stepDetails, stepWithExcerpt } from './history.js';
import { stepCommands, type StepCommand } from './step-commands.js';

/** The mode argument of a chmod: the first word that is not an option (`-R`, `--verbose`). */
function chmodMode(c: StepCommand): string | undefined {
  if (c.name !== 'chmod') return undefined;
  for (const a of c.argv.slice(1)) {
    if (a.startsWith('--')) {
      if (a.startsWith('--reference')) return undefined;
      continue;
    }
    if (/^-[Rvcfh]+$/.test(a)) continue;
    return a;
  }
  return undefined;
}

const rule: ImageRule = {
  meta: {
    id: 'LS-IMG-010',
    kind: 'misconfiguration',
    severity: 'MEDIUM',
    phase: 'image',
    title: 'Build step made files world-writable',
    aliases: [],
    tags: ['security', 'permissions'],
    remediation: 'Give the files to the user that needs to write them (`COPY --chown=app:app`, `chown`) and keep the mode at 755/644; for shared scratch space use the sticky bit (1777) as /tmp does.',
    docs: `\`chmod 777\` (or \`a+rwx\`, \`o+w\`, \`666\`) lets every user in the container — including a compromised
process running as an unrelated account — rewrite the files, often programs or configuration that root later
runs. The check parses the shell script of every RUN step in the history and fires on chmod modes that grant
write to others without the sticky bit (\`1777\` is the /tmp idiom and allowed).

\`\`\`text
history: /bin/sh -c chmod -R 777 /app          → fires
\`\`\`

\`\`\`text
history: /bin/sh -c chown -R app:app /app && chmod -R 755 /app   → ok
\`\`\``,
  },
  check(ctx) {
    const hits: RuleHit[] = [];
    for (const step of historySteps(ctx)) {
      const modes = stepCommands(step)
        .map(chmodMode)
        .filter((m): m is string => m !== undefined && worldWritable(m));
      if (modes.length === 0) continue;
      hits.push({
        ...(step.layer ? { layer: step.layer } : {}),
        message: `${stepWithExcerpt(step)} runs chmod ${[...new Set(modes)].join(', ')}: the files become writable by every user in the container.`,
        details: { ...stepDetails(step), modes },
      });
    }
    return hits;
  },
};

export default rule;
