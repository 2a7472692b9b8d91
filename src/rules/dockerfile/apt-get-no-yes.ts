import type { DockerfileRule, RuleHit } from '../rule.js';
import { countOption, hasOption, optionValues } from './shared/args.js';
import { runCommands, writtenTexts, type Command } from './shared/commands.js';
import { aptBool, aptConfigWritten, aptOptions, packageCommand, type PackageCommand } from './shared/package-managers.js';
import { instructionsBefore } from './shared/stages.js';

/** Subcommands that can stop and ask "Do you want to continue? [Y/n]". */
const PROMPTING = new Set(['install', 'reinstall', 'remove', 'purge', 'autoremove', 'autopurge', 'upgrade', 'dist-upgrade', 'full-upgrade', 'build-dep', 'satisfy']);

/** True when the command line answers apt's prompts itself. */
function assumesYes(pc: PackageCommand): boolean {
  const a = pc.args;
  if (hasOption(a, '-y', '--yes', '--assume-yes') && !a.options.some((o) => (o.name === '--yes' || o.name === '--assume-yes') && aptBool(o.value) === false)) return true;
  // apt-get(8): "quiet level 2 implies -y".
  if (countOption(a, '-q') >= 2) return true;
  if (optionValues(a, '-q', '--quiet').some((v) => Number(v) >= 2)) return true;
  if (aptBool(aptOptions(pc).get('apt::get::assume-yes')) === true) return true;
  // Simulation never prompts.
  return hasOption(a, '-s', '--simulate', '--just-print', '--dry-run', '--recon', '--no-act');
}

/** `yes | apt-get install …` answers the prompt through the pipe. */
function fedByYes(commands: Command[], cmd: Command): boolean {
  return commands.some((c) => c.pipeline === cmd.pipeline && c.position < cmd.position && c.name === 'yes');
}

const rule: DockerfileRule = {
  meta: {
    id: 'LS-DF-014',
    kind: 'misconfiguration',
    severity: 'LOW',
    phase: 'dockerfile',
    title: 'apt-get without -y',
    aliases: ['hadolint:DL3014', 'trivy:DS021'],
    tags: ['best-practice', 'reliability'],
    remediation: 'Pass `-y` (`apt-get install -y --no-install-recommends …`) so apt never waits for an answer.',
    docs: `A build has no terminal to answer apt's "Do you want to continue? [Y/n]". When apt needs to ask (extra
dependencies, removals), it reads end-of-file and aborts, so whether the build works depends on what the
package graph looks like that day. \`DEBIAN_FRONTEND=noninteractive\` only silences debconf questions, not
this prompt.

Fires on \`apt-get\`/\`apt\` \`install\`, \`remove\`, \`purge\`, \`upgrade\`, \`dist-upgrade\`, … without \`-y\`,
\`--yes\`, \`--assume-yes\`, \`-qq\`/\`-q=2\` (quiet level 2 implies yes), \`-o APT::Get::Assume-Yes=true\`, a
simulation flag, or \`yes |\` in front; and when no earlier instruction wrote \`APT::Get::Assume-Yes "true"\`
into an apt configuration file.

\`\`\`dockerfile
FROM debian:12-slim
RUN apt-get update && apt-get install curl        # fires
\`\`\`

\`\`\`dockerfile
FROM debian:12-slim
RUN apt-get update && apt-get install -y curl     # ok
\`\`\``,
  },
  check({ dockerfile }): RuleHit[] {
    const hits: RuleHit[] = [];
    for (const ins of dockerfile.instructions) {
      if (ins.keyword !== 'RUN') continue;
      const commands = runCommands(ins);
      let configured: boolean | undefined;
      for (const c of commands) {
        const pc = packageCommand(c);
        if (pc?.tool !== 'apt' || !PROMPTING.has(pc.sub)) continue;
        if (assumesYes(pc) || fedByYes(commands, c)) continue;
        configured ??= aptConfigWritten(writtenTexts(instructionsBefore(dockerfile, ins)), 'APT::Get::Assume-Yes') ?? false;
        if (configured) continue;
        hits.push({ line: c.line, message: `\`${pc.program} ${pc.sub}\` runs without \`-y\`; the build aborts if apt needs to ask for confirmation.` });
      }
    }
    return hits;
  },
};

export default rule;
