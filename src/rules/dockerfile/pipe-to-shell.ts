import type { DockerfileRule, RuleHit } from '../rule.js';
import { parseArgs, hasOption, optionValues, type ArgSpec } from './shared/args.js';
import { downstream, runCommands, SHELLS, shellReadsStdin, shellCString, type Command } from './shared/commands.js';

const CURL_SPEC: ArgSpec = {
  shortValue: 'AbcCdDeEFHKmoPQrtTuUwxXyYz',
  longValue: [
    'output', 'url', 'header', 'data', 'data-raw', 'data-binary', 'data-urlencode', 'user-agent', 'user', 'proxy', 'request',
    'write-out', 'config', 'max-time', 'retry', 'retry-delay', 'retry-max-time', 'connect-timeout', 'cacert', 'capath', 'cert',
    'key', 'output-dir', 'range', 'referer', 'cookie', 'cookie-jar', 'form', 'upload-file', 'resolve', 'proto', 'proto-redir',
    'ciphers', 'dump-header', 'stderr', 'trace', 'trace-ascii', 'limit-rate', 'max-filesize', 'netrc-file', 'oauth2-bearer',
  ],
};
const WGET_SPEC: ArgSpec = {
  shortValue: 'oaeiBtOTwQPUlARDXIn',
  longValue: ['output-document', 'output-file', 'append-output', 'execute', 'input-file', 'base', 'tries', 'timeout', 'wait', 'quota', 'directory-prefix', 'user-agent', 'level', 'accept', 'reject', 'domains', 'header', 'user', 'password', 'post-data', 'ca-certificate'],
};
const FETCH_SPEC: ArgSpec = { shortValue: 'oBNSTaw', longValue: ['output', 'bind-address', 'netrc', 'timeout'] };

const STDOUT = new Set(['-', '/dev/stdout']);

/** True when a downloader prints what it downloads (so a pipe or `$(…)` gets the content). */
function printsDownload(cmd: Command): boolean {
  switch (cmd.name) {
    case 'curl': {
      const p = parseArgs(cmd.argv, CURL_SPEC, 1);
      const outputs = optionValues(p, '-o', '--output');
      if (outputs.some((o) => STDOUT.has(o))) return true;
      return outputs.length === 0 && !hasOption(p, '-O', '--remote-name', '--remote-name-all', '-J');
    }
    case 'wget':
      return optionValues(parseArgs(cmd.argv, WGET_SPEC, 1), '-O', '--output-document').some((o) => STDOUT.has(o));
    case 'fetch':
      return optionValues(parseArgs(cmd.argv, FETCH_SPEC, 1), '-o', '--output').some((o) => STDOUT.has(o));
    default:
      return false;
  }
}

interface Interpreter {
  /** Runs what arrives on stdin. */
  readsStdin: boolean;
  /** argv indexes whose text is executed as code (`-c CODE`, `-e CODE`, the `sh -c` string). */
  code: number[];
  /** argv index of the script file operand (a `<(…)` there is executed). */
  script?: number;
}

interface Family {
  match: RegExp;
  spec: ArgSpec;
  /** Options whose value is code. */
  codeOptions: string[];
  /** Options that make the program run something else than stdin or a script (`python -m mod`). */
  otherwise?: string[];
}

const FAMILIES: Family[] = [
  { match: /^(python|pypy)[0-9.]*$/, spec: { shortValue: 'cmWXQ', stopAtOperand: true }, codeOptions: ['-c'], otherwise: ['-m'] },
  { match: /^perl[0-9.]*$/, spec: { shortValue: 'eEIMm', stopAtOperand: true }, codeOptions: ['-e', '-E'] },
  { match: /^ruby[0-9.]*$/, spec: { shortValue: 'eIrEC', stopAtOperand: true }, codeOptions: ['-e'] },
  { match: /^(node|nodejs)$/, spec: { shortValue: 'erp', longValue: ['eval', 'print', 'require', 'import', 'input-type', 'loader'], stopAtOperand: true }, codeOptions: ['-e', '-p', '--eval', '--print'] },
  { match: /^php[0-9.]*$/, spec: { shortValue: 'rfcdBRFEzt', stopAtOperand: true }, codeOptions: ['-r', '-R', '-B', '-E', '-F'] },
];

/** How a command executes code, if it is an interpreter. */
function interpreter(cmd: Command): Interpreter | undefined {
  if (SHELLS.has(cmd.name)) {
    const c = shellCString(cmd);
    const p = parseArgs(cmd.argv, { shortValue: 'oO', longValue: ['rcfile', 'init-file'], stopAtOperand: true }, 1);
    return { readsStdin: shellReadsStdin(cmd), code: c ? [c.index] : [], script: c ? undefined : p.operands[0]?.index };
  }
  if (cmd.name === 'eval') return { readsStdin: false, code: cmd.argv.map((_, i) => i).slice(1) };
  if (cmd.name === 'source' || cmd.name === '.') {
    const file = cmd.argv[1];
    return { readsStdin: file === '/dev/stdin' || file === '/proc/self/fd/0', code: [], script: 1 };
  }
  for (const f of FAMILIES) {
    if (!f.match.test(cmd.name)) continue;
    const p = parseArgs(cmd.argv, f.spec, 1);
    const code = p.options.filter((o) => f.codeOptions.includes(o.name)).map((o) => o.valueIndex ?? o.index);
    if (code.length > 0 || (f.otherwise && hasOption(p, ...f.otherwise))) return { readsStdin: false, code };
    const first = p.operands[0];
    return { readsStdin: first === undefined || STDOUT.has(first.value) || first.value === '/dev/stdin', code, script: first?.index };
  }
  return undefined;
}

/** `sudo bash`, `python3`: the interpreter as written, for messages. */
function shown(cmd: Command): string {
  return cmd.written.argv.slice(0, cmd.argvOffset + 1).join(' ');
}

/** The command that ends up executing a downloader's output, if any. */
function executor(commands: Command[], dl: Command): { cmd: Command; how: string } | undefined {
  for (const c of downstream(commands, dl)) {
    if (interpreter(c)?.readsStdin) return { cmd: c, how: `pipes it into \`${shown(c)}\`` };
  }
  const s = dl.substitution;
  const host = s?.host;
  if (!s || !host) return undefined;
  // `$(curl …)` as the command word itself: its output is run as a command line.
  if (s.argIndex === 0 && s.kind === 'command') return { cmd: host, how: 'runs its output as a command' };
  const interp = interpreter(host);
  if (!interp) return undefined;
  const kind = s.kind === 'process' ? '<(…)' : '$(…)';
  if (s.argIndex !== undefined && interp.code.includes(s.argIndex)) return { cmd: host, how: `passes it as code to \`${shown(host)}\` via ${kind}` };
  if (s.argIndex !== undefined && s.kind === 'process' && s.argIndex === interp.script) return { cmd: host, how: `runs it as a script with \`${shown(host)}\` via <(…)` };
  if (s.stdin && (interp.readsStdin || host.name === 'source' || host.name === '.')) return { cmd: host, how: `feeds it to \`${shown(host)}\` on stdin` };
  return undefined;
}

const rule: DockerfileRule = {
  meta: {
    id: 'LS-DF-012',
    kind: 'misconfiguration',
    severity: 'HIGH',
    phase: 'dockerfile',
    title: 'Downloaded script is executed without verification',
    aliases: [],
    tags: ['security', 'supply-chain'],
    remediation:
      'Download to a file, verify it against a pinned checksum or signature (`echo "<sha256>  install.sh" | sha256sum -c -`), then run it; better, install a pinned package or copy a vendored script.',
    docs: `Piping \`curl\` or \`wget\` output straight into a shell or interpreter runs whatever the server (or anyone
who can tamper with the connection, the DNS, the CDN or the hosting account) sends at build time, with the
build's privileges and nothing recorded about what ran. The same script URL can serve different content
tomorrow, so the build is neither verified nor reproducible.

Fires when the output of \`curl\`, \`wget -O-\` or \`fetch -o -\` reaches an interpreter (\`sh\`, \`bash\`, \`zsh\`,
\`python\`, \`perl\`, \`ruby\`, \`node\`, \`php\`, also behind \`sudo\`, \`env\`, …):

- through a pipe, possibly via filters (\`curl … | tar -xO … | sh\`, \`curl … | sudo bash -s --\`);
- through a command substitution used as code (\`sh -c "$(curl …)"\`, \`eval "$(curl …)"\`, \`bash <<< "$(curl …)"\`);
- through process substitution (\`bash <(curl …)\`, \`source <(curl …)\`, \`bash < <(curl …)\`);

in RUN, shell-form CMD/ENTRYPOINT/HEALTHCHECK, and inside \`sh -c '…'\` strings and heredocs. A download saved
to a file (\`curl -o f\`, \`wget\` without \`-O-\`) and run later is not flagged here.

\`\`\`dockerfile
FROM debian:12-slim
RUN curl -fsSL https://example.com/install.sh | sh      # fires
\`\`\`

\`\`\`dockerfile
FROM debian:12-slim
ARG INSTALL_SHA256=0f3c…
RUN curl -fsSLo /tmp/install.sh https://example.com/install.sh \\
 && echo "$INSTALL_SHA256  /tmp/install.sh" | sha256sum -c - \\
 && sh /tmp/install.sh                                 # ok
\`\`\``,
  },
  check({ dockerfile }): RuleHit[] {
    const hits: RuleHit[] = [];
    for (const ins of dockerfile.instructions) {
      if (!['RUN', 'CMD', 'ENTRYPOINT', 'HEALTHCHECK'].includes(ins.keyword)) continue;
      const commands = runCommands(ins);
      for (const dl of commands) {
        if (!printsDownload(dl)) continue;
        const ex = executor(commands, dl);
        if (!ex) continue;
        hits.push({
          line: dl.line,
          message: `\`${dl.name}\` downloads a script and ${ex.how}: it runs unverified, whatever the server returns at build time.`,
          details: { downloader: dl.name, interpreter: ex.cmd.name },
        });
      }
    }
    return hits;
  },
};

export default rule;
