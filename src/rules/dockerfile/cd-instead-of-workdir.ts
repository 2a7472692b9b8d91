import { expandWord } from '../../dockerfile/expand.js';
import type { Instruction } from '../../dockerfile/model.js';
import type { DockerfileRule, RuleHit } from '../rule.js';
import { parseArgs } from './shared/args.js';
import { runCommands, type Command } from './shared/commands.js';

/**
 * The directory a `cd` could be replaced with in WORKDIR, or undefined when WORKDIR cannot express
 * it: no operand (`cd` = $HOME), `cd -`, `~`, a command substitution, or a shell variable Docker
 * does not know (only ARG/ENV are substituted in WORKDIR).
 */
function workdirEquivalent(ins: Instruction, cd: Command): string | undefined {
  const target = parseArgs(cd.argv, { stopAtOperand: true }, 1).operands[0]?.value;
  if (target === undefined || target === '-' || target.startsWith('~') || target.includes('$(')) return undefined;
  if (!target.includes('$')) return target;
  const e = expandWord(target, ins.vars);
  return e.unresolved.length > 0 ? undefined : target;
}

const rule: DockerfileRule = {
  meta: {
    id: 'LS-DF-020',
    kind: 'misconfiguration',
    severity: 'LOW',
    phase: 'dockerfile',
    title: 'cd in RUN instead of WORKDIR',
    aliases: ['hadolint:DL3003', 'trivy:DS013'],
    tags: ['best-practice', 'maintainability'],
    remediation: 'Set the directory with `WORKDIR /path` before the RUN instead of `cd /path && …`.',
    docs: `A \`cd\` in RUN changes the directory only until the end of that RUN: the next RUN, COPY, CMD start again from
the WORKDIR. Dockerfiles that rely on \`cd\` are harder to read and break when steps are split or reordered;
\`WORKDIR\` states the directory once, creates it if needed, and applies to every later instruction.

Fires on a \`cd\` at the top level of a RUN whose target WORKDIR could express (a literal path or one built
from ARG/ENV). It does not fire for:

- \`cd\` inside a subshell \`( cd dir && make )\`, a command substitution or a nested \`sh -c\`: the directory
  change is deliberately scoped to that group and WORKDIR would change it for everything after (hadolint
  fires here; we do not, because the subshell is the idiomatic way to run one step elsewhere);
- \`cd\` in a loop or function body, or to \`$(mktemp -d)\`, a shell variable, \`~\`, \`-\` or no argument,
  which WORKDIR cannot express.

\`\`\`dockerfile
FROM node:20-slim
COPY . /app
RUN cd /app && npm ci          # fires
\`\`\`

\`\`\`dockerfile
FROM node:20-slim
WORKDIR /app
COPY . .
RUN npm ci                     # ok
\`\`\``,
  },
  check({ dockerfile }): RuleHit[] {
    const hits: RuleHit[] = [];
    for (const ins of dockerfile.instructions) {
      if (ins.keyword !== 'RUN') continue;
      for (const c of runCommands(ins)) {
        if (c.name !== 'cd' || c.subshell || c.loop || c.func) continue;
        const dir = workdirEquivalent(ins, c);
        if (dir === undefined) continue;
        hits.push({ line: c.line, message: `\`cd ${dir}\` only lasts until the end of this RUN; use \`WORKDIR ${dir}\` instead.` });
      }
    }
    return hits;
  },
};

export default rule;
