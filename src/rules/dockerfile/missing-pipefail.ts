import type { Dockerfile, Instruction } from '../../dockerfile/model.js';
import type { DockerfileRule, RuleHit } from '../rule.js';
import { parseArgs } from './shared/args.js';
import { basename, runCommands, SHELL_SPEC, SHELLS, type Command } from './shared/commands.js';
import { instructionsBefore } from './shared/stages.js';

const DEFAULT_SHELL = ['/bin/sh', '-c'];
/** Shells with `set -o pipefail`. POSIX sh gained it only recently; dash (Debian's /bin/sh) long lacked it. */
const PIPEFAIL_SHELLS = new Set(['bash', 'zsh', 'ash', 'ksh', 'mksh']);
const NON_POSIX = /^(pwsh|powershell|cmd)(\.exe)?$/i;

/** The SHELL in effect for an instruction (inherited through `FROM stage`). */
function shellFor(df: Dockerfile, ins: Instruction): string[] {
  let shell = DEFAULT_SHELL;
  for (const i of instructionsBefore(df, ins)) if (i.keyword === 'SHELL' && i.jsonForm && i.args.length > 0) shell = i.args;
  return shell;
}

/** True when the words set pipefail as shell options (`-o pipefail`, `-eo pipefail`, `-euxo pipefail`). */
function optionsSetPipefail(words: string[]): boolean {
  return parseArgs(words, { shortValue: 'oO' }, 1).options.some((o) => o.name === '-o' && o.value === 'pipefail');
}

/** `set -o pipefail` (or `set -euo pipefail`) run by the script itself, outside a subshell. */
function isSetPipefail(c: Command): boolean {
  return c.name === 'set' && !c.subshell && optionsSetPipefail(c.argv);
}

/** First piped command not preceded by `set -o pipefail`, among the commands of one script. */
function unprotectedPipe(commands: Command[]): Command | undefined {
  for (const c of commands) {
    if (isSetPipefail(c)) return undefined;
    if (c.pipelineLength > 1) return c;
  }
  return undefined;
}

const rule: DockerfileRule = {
  meta: {
    id: 'LS-DF-022',
    kind: 'misconfiguration',
    severity: 'LOW',
    phase: 'dockerfile',
    title: 'RUN with a pipe but without pipefail',
    aliases: ['hadolint:DL4006', 'trivy:DS032'],
    tags: ['best-practice', 'reliability'],
    remediation:
      'Add `SHELL ["/bin/bash", "-o", "pipefail", "-c"]` before the RUN (Alpine: `SHELL ["/bin/ash", "-eo", "pipefail", "-c"]`), or start the RUN with `set -o pipefail &&` in a shell that supports it.',
    docs: `A pipeline's exit status is that of its last command. In \`RUN curl -fsSL https://x/key | gpg --dearmor -o key.gpg\`
a failed download is hidden: \`gpg\` succeeds on empty input, the step passes, and the image is built with a
broken or missing file. With \`pipefail\` the pipeline fails when any command in it fails.

Fires on a shell-form RUN (or \`RUN ["bash", "-c", "…"]\`) containing a pipe when the SHELL in effect for the
stage (inherited from the stage it is built on) does not set \`-o pipefail\` and the script does not run
\`set -o pipefail\` before its first pipe. The hit points at the first unprotected pipe.

Only bash, zsh, ksh and BusyBox ash have \`pipefail\`; the default \`/bin/sh\` is dash on Debian and Ubuntu,
where \`set -o pipefail\` fails, so switch SHELL to bash there. PowerShell and cmd SHELLs are skipped.

\`\`\`dockerfile
FROM debian:12-slim
RUN curl -fsSL https://example.com/key.asc | gpg --dearmor -o /usr/share/keyrings/example.gpg   # fires
\`\`\`

\`\`\`dockerfile
FROM debian:12-slim
SHELL ["/bin/bash", "-o", "pipefail", "-c"]
RUN curl -fsSL https://example.com/key.asc | gpg --dearmor -o /usr/share/keyrings/example.gpg   # ok
\`\`\``,
  },
  check({ dockerfile }): RuleHit[] {
    const hits: RuleHit[] = [];
    for (const ins of dockerfile.instructions) {
      if (ins.keyword !== 'RUN' || ins.stage < 0) continue;
      const commands = runCommands(ins);
      let pipe: Command | undefined;
      let shellName: string;
      if (ins.script) {
        const shell = shellFor(dockerfile, ins);
        shellName = basename(shell[0]!);
        if (NON_POSIX.test(shellName) || optionsSetPipefail(shell)) continue;
        pipe = unprotectedPipe(commands.filter((c) => c.via.length === 0));
      } else {
        // Exec form: only `["bash", "-c", "…"]`-style RUNs have pipes, in the nested script.
        const host = commands[0];
        if (!host || !SHELLS.has(host.name) || optionsSetPipefail(host.argv.slice(0, parseArgs(host.argv, SHELL_SPEC, 1).rest))) continue;
        shellName = host.name;
        pipe = unprotectedPipe(commands.filter((c) => c.via.length === 1));
      }
      if (!pipe) continue;
      const advice = PIPEFAIL_SHELLS.has(shellName)
        ? `set \`-o pipefail\` in SHELL or run \`set -o pipefail\` first`
        : `\`${shellName}\` may not support pipefail (dash, Debian's /bin/sh, does not): use SHELL ["/bin/bash", "-o", "pipefail", "-c"]`;
      hits.push({ line: pipe.line, message: `A failure before the last command of this pipe is ignored; ${advice}.` });
    }
    return hits;
  },
};

export default rule;
