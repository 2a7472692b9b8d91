import type { Dockerfile, Instruction } from '../../dockerfile/model.js';
import type { DockerfileRule, RuleHit } from '../rule.js';
import { hasOption, optionValues } from './shared/args.js';
import { inlineAssign, runCommands, runScript, type Command } from './shared/commands.js';
import { isPipInstall, packageCommand } from './shared/package-managers.js';
import { instructionsBefore, isUnder, mountsOf, normalisePath, shippedStages } from './shared/stages.js';

const ENV = 'PIP_NO_CACHE_DIR';

/** `pip config set global.no-cache-dir …` (any section), which writes pip.conf for later RUNs. */
function configuresNoCache(c: Command): boolean {
  const pc = packageCommand(c);
  if (pc?.tool !== 'pip' || pc.sub !== 'config') return false;
  const [action, key] = pc.operands.map((o) => o.value);
  return action === 'set' && key !== undefined && /\.no-cache-dir$/.test(key);
}

/** pip's cache directory or the directory holding it (`/root/.cache/pip`, `~/.cache`, `$HOME/.cache/pip/*`). */
function isPipCachePath(p: string): boolean {
  return /(^|\/)\.cache(\/pip)?$/.test(normalisePath(p));
}

/** Cache or tmpfs mount targets of a RUN. */
function volatileTargets(ins: Instruction): string[] {
  return mountsOf(ins).filter((m) => (m.type === 'cache' || m.type === 'tmpfs') && m.target !== undefined).map((m) => m.target!);
}

/** True when pip's cache for this command goes to a cache mount rather than into the layer. */
function cacheOnMount(ins: Instruction, c: Command, cacheDirs: string[]): boolean {
  const targets = volatileTargets(ins);
  if (targets.length === 0) return false;
  const explicit = [...cacheDirs, inlineAssign(c, 'PIP_CACHE_DIR'), ins.vars.get('PIP_CACHE_DIR')].filter((d): d is string => d !== undefined && d !== '');
  if (explicit.length > 0) return explicit.every((d) => targets.some((t) => isUnder(d, t)));
  return targets.some(isPipCachePath);
}

/** True when the cache is removed later in the same RUN. */
function purgedAfter(commands: Command[], index: number): boolean {
  return commands.slice(index + 1).some((c) => {
    const pc = packageCommand(c);
    if (pc?.tool === 'pip' && pc.sub === 'cache' && pc.operands[0]?.value === 'purge') return true;
    return c.name === 'rm' && c.argv.slice(1).some((a) => !a.startsWith('-') && isPipCachePath(a));
  });
}

function disabledByConfig(df: Dockerfile, ins: Instruction): boolean {
  return instructionsBefore(df, ins).some((i) => i.keyword === 'RUN' && runCommands(i).some(configuresNoCache));
}

const rule: DockerfileRule = {
  meta: {
    id: 'LS-DF-018',
    kind: 'misconfiguration',
    severity: 'LOW',
    phase: 'dockerfile',
    title: 'pip install without --no-cache-dir',
    aliases: ['hadolint:DL3042'],
    tags: ['best-practice', 'image-size'],
    remediation: 'Add `--no-cache-dir` to `pip install`, set `ENV PIP_NO_CACHE_DIR=1`, or mount a cache: `RUN --mount=type=cache,target=/root/.cache/pip pip install …`.',
    docs: `pip keeps every wheel it downloads or builds in its cache (\`~/.cache/pip\`). In an image build the cache is
never reused by a later build, but it is committed into the layer, often doubling the size of what was
installed.

Fires on \`pip install\` (\`pip\`, \`pip3\`, \`python3 -m pip\`, also behind \`sudo\`/\`env\` and inside \`sh -c\`)
without \`--no-cache-dir\`, unless:

- \`PIP_NO_CACHE_DIR\` is set by ENV or ARG in the stage, inline (\`PIP_NO_CACHE_DIR=1 pip install\`), or by an
  earlier \`export\` in the RUN;
- an earlier RUN ran \`pip config set global.no-cache-dir …\`;
- a cache or tmpfs mount holds pip's cache (\`--mount=type=cache,target=/root/.cache/pip\`, or the
  \`--cache-dir\`/\`PIP_CACHE_DIR\` in use);
- the same RUN later runs \`pip cache purge\` or removes \`~/.cache/pip\`.

Stages used only as \`COPY --from\` sources are not checked.

\`\`\`dockerfile
FROM python:3.12-slim
RUN pip install -r requirements.txt                   # fires
\`\`\`

\`\`\`dockerfile
FROM python:3.12-slim
RUN pip install --no-cache-dir -r requirements.txt    # ok
\`\`\``,
  },
  check({ dockerfile }): RuleHit[] {
    const hits: RuleHit[] = [];
    const shipped = shippedStages(dockerfile);
    for (const ins of dockerfile.instructions) {
      if (ins.keyword !== 'RUN' || !shipped.has(ins.stage)) continue;
      if ((ins.vars.get(ENV) ?? '') !== '') continue;
      const { commands, exports } = runScript(ins);
      let configured: boolean | undefined;
      // Index of each command's top-level command (itself, or the `sh -c` that runs it), to compare
      // with the position of `export` statements, which count top-level commands.
      let top = -1;
      const topIndex = commands.map((c) => (c.via.length === 0 ? ++top : top));
      commands.forEach((c, i) => {
        const pc = packageCommand(c);
        if (!isPipInstall(pc)) return;
        if (hasOption(pc.args, '--no-cache-dir')) return;
        if ((inlineAssign(c, ENV) ?? '') !== '') return;
        if (exports.some((e) => e.name === ENV && e.value !== '' && !e.subshell && e.before <= topIndex[i]!)) return;
        if (cacheOnMount(ins, c, optionValues(pc.args, '--cache-dir'))) return;
        if (purgedAfter(commands, i)) return;
        if (commands.slice(0, i).some(configuresNoCache)) return;
        configured ??= disabledByConfig(dockerfile, ins);
        if (configured) return;
        hits.push({ line: c.line, message: `\`${pc.program} install\` runs without \`--no-cache-dir\`, so pip's download cache is stored in the layer.` });
      });
    }
    return hits;
  },
};

export default rule;
