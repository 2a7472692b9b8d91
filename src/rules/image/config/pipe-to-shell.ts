import { SHELLS, shellReadsStdin } from '../../dockerfile/shared/commands.js';
import type { RuleHit } from '../../rule.js';
import type { ImageRule } from '../rule.js';
import { historySteps, stepDetails, stepWithExcerpt } from './history.js';
import { stepCommands, type StepCommand } from './step-commands.js';

const DOWNLOADERS = new Set(['curl', 'wget', 'fetch']);
/** Interpreters that run a script read from stdin when given no script operand. */
const STDIN_INTERPRETERS = /^(?:python[0-9.]*|perl[0-9.]*|ruby[0-9.]*|node|nodejs|php[0-9.]*)$/;

/** True when a command executes what it reads on stdin. */
function runsStdin(c: StepCommand): boolean {
  if (SHELLS.has(c.name)) return shellReadsStdin(c);
  if (STDIN_INTERPRETERS.test(c.name)) return c.argv.slice(1).every((a) => a.startsWith('-') && a !== '-c' && a !== '-e' && a !== '-m') || c.argv[1] === '-';
  return false;
}

/**
 * `sh -c "$(curl …)"`, `bash <(wget -O- …)`: parseShell shows substitutions as `$(...)`/`<(...)` in
 * the host's argv and lists the commands inside right after the host, so a shell whose argument
 * is a substitution, followed by a downloader, ran the download.
 */
function runsSubstitutedDownload(c: StepCommand, next: StepCommand | undefined): boolean {
  if (!SHELLS.has(c.name) && !STDIN_INTERPRETERS.test(c.name) && c.name !== 'eval' && c.name !== 'source' && c.name !== '.') return false;
  return next !== undefined && DOWNLOADERS.has(next.name) && c.argv.slice(1).some((a) => a.includes('$(...)') || a.includes('<(...)'));
}

/** The pipe-to-shell patterns in one step: `curl … | sh`, `wget -O- … | sudo bash`, `sh -c "$(curl …)"`. */
export function pipedDownloads(commands: StepCommand[]): Array<{ downloader: string; shell: string }> {
  const out: Array<{ downloader: string; shell: string }> = [];
  commands.forEach((c, i) => {
    if (DOWNLOADERS.has(c.name)) {
      const sink = commands.find((d) => d.pipeline === c.pipeline && d.position > c.position && runsStdin(d));
      if (sink) out.push({ downloader: c.name, shell: sink.name });
    } else if (runsSubstitutedDownload(c, commands[i + 1])) {
      out.push({ downloader: commands[i + 1]!.name, shell: c.name });
    }
  });
  return out;
}

const rule: ImageRule = {
  meta: {
    id: 'LS-IMG-009',
    kind: 'misconfiguration',
    severity: 'HIGH',
    phase: 'image',
    title: 'Build step piped a download into a shell',
    aliases: [],
    tags: ['security', 'supply-chain'],
    remediation: 'Download to a file, verify its checksum or signature, then run it: `curl -fsSLo install.sh "$URL" && echo "$SHA256  install.sh" | sha256sum -c - && sh install.sh`. Prefer the distribution\'s packages.',
    docs: `A \`RUN curl … | sh\` step executed whatever the server sent at build time, with root rights in the
build, and nothing in the image says what that was. A compromised server, a hijacked domain or a truncated
download (half a script still runs) ends up in the layer. The check parses the shell script each RUN step
recorded in the history (\`/bin/sh -c …\`, including nested \`sh -c\` and wrappers such as \`sudo\`) and fires when a
\`curl\`/\`wget\` output is piped into a shell or interpreter reading stdin, or spliced in with \`$(…)\`/\`<(…)\`.

\`\`\`text
history: /bin/sh -c curl -fsSL https://get.example.com | sh          → fires
\`\`\`

\`\`\`text
history: /bin/sh -c curl -fsSLo install.sh https://get.example.com && sha256sum -c install.sh.sha256 && sh install.sh   → ok
\`\`\``,
  },
  check(ctx) {
    const hits: RuleHit[] = [];
    for (const step of historySteps(ctx)) {
      const found = pipedDownloads(stepCommands(step));
      if (found.length === 0) continue;
      const what = [...new Set(found.map((f) => `${f.downloader} into ${f.shell}`))].join(', ');
      hits.push({
        ...(step.layer ? { layer: step.layer } : {}),
        message: `${stepWithExcerpt(step)} pipes a download into a shell (${what}); the layer runs unverified remote code.`,
        details: { ...stepDetails(step), pipes: found },
      });
    }
    return hits;
  },
};

export default rule;
