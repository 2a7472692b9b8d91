import toolData from '../../data/base-image-tools.json' with { type: 'json' };
import { expandWord } from '../../dockerfile/expand.js';
import type { Dockerfile, Instruction, Stage } from '../../dockerfile/model.js';
import type { DockerfileRule, RuleHit } from '../rule.js';
import { officialName } from './base-image-eol.js';
import { isKnownImage } from './base-image-latest.js';
import { finalChain, packageOp } from './build-tools-in-final-image.js';
import { runCommands } from './shared/commands.js';

/** One row of `bases` in `src/data/base-image-tools.json` (its `$comment` explains the fields). */
export interface BaseTools {
  label: string;
  images: string[];
  tagTokens?: string[];
  notTagTokens?: string[];
  shell?: boolean;
  has: string[];
  /** Watched executables known absent, or "*" for all of them except `has`. */
  lacks: string[] | string;
}

interface ToolTable {
  watched: string[];
  packages: Record<string, string[]>;
  bases: BaseTools[];
}

const TABLE: ToolTable = toolData;
const WATCHED = new Set(TABLE.watched);
const PACKAGES = new Map(Object.entries(TABLE.packages));
const SHELLS = new Set(['sh', 'bash', 'ash', 'dash', 'zsh']);
/** Probes a health check may chain as fallbacks (`curl … || wget …`). */
const PROBES = new Set(['curl', 'wget', 'nc', 'netcat', 'ncat']);
/** Copying one of these directories may bring any tool along: then nothing is judged. */
const BIN_DIRS = /^\/(?:$|bin\/?$|sbin\/?$|usr\/(?:local\/)?s?bin\/?$|busybox\/?$)/;

function globToRegExp(glob: string): RegExp {
  return new RegExp('^' + glob.split('*').map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*') + '$');
}

/** The entry describing the image the final stage starts from, if the table knows it. */
export function baseToolsFor(root: Stage, table: ToolTable = TABLE): BaseTools | undefined {
  let names: string[];
  let tag = '';
  if (root.base.kind === 'scratch') names = ['scratch'];
  else if (root.base.kind === 'image' && isKnownImage(root.base.image)) {
    const image = root.base.image;
    const full = image.registry === undefined ? image.repository : `${image.registry}/${image.repository}`;
    names = [officialName(image), full].filter((n): n is string => n !== undefined);
    tag = (image.tag ?? '').toLowerCase();
  } else return undefined;
  const tokens = tag.split('-');
  const hasToken = (list: string[]) => tokens.some((t) => list.some((p) => t.startsWith(p)));
  return table.bases.find(
    (b) =>
      b.images.some((g) => names.some((n) => globToRegExp(g).test(n))) &&
      (b.tagTokens === undefined || hasToken(b.tagTokens)) &&
      (b.notTagTokens === undefined || !hasToken(b.notTagTokens)),
  );
}

function basename(p: string): string {
  const i = p.replace(/\/+$/, '').lastIndexOf('/');
  return i >= 0 ? p.slice(i + 1).replace(/\/+$/, '') : p;
}

interface Provided {
  tools: Set<string>;
  /** A copy of a whole bin directory: any tool may be there. */
  unknown: boolean;
  /** A SHELL instruction replaces /bin/sh for shell-form commands. */
  customShell: boolean;
}

/** Watched executables the final image gains from RUN installs and COPY/ADD in its stages. */
function provided(df: Dockerfile, chain: Stage[]): Provided {
  const out: Provided = { tools: new Set(), unknown: false, customShell: false };
  for (const stage of chain) {
    for (const ins of stage.instructions) {
      if (ins.keyword === 'SHELL') out.customShell = true;
      if (ins.keyword === 'RUN') {
        for (const cmd of runCommands(ins)) {
          const op = packageOp(cmd);
          if (op?.op !== 'install') continue;
          for (const p of op.packages) for (const exe of PACKAGES.get(p) ?? []) out.tools.add(exe);
        }
      }
      if (ins.keyword === 'COPY' || ins.keyword === 'ADD') {
        const words = ins.args.map((w) => expandWord(w, ins.vars, df.escapeChar).value);
        for (const w of words) {
          const name = basename(w);
          if (WATCHED.has(name)) out.tools.add(name);
        }
        if (words.slice(0, -1).some((w) => BIN_DIRS.test(w) || /\/(?:s?bin)\/\*$/.test(w))) out.unknown = true;
      }
    }
  }
  return out;
}

interface Needs {
  /** Executables the instruction runs, including inside `sh -c '…'`. */
  exes: string[];
  /** Set when the instruction goes through /bin/sh (shell form). */
  shellForm: boolean;
  /** An exec-form `*.sh` program, which needs a shell for its #! line. */
  scriptEntrypoint?: string;
}

function exesOf(ins: Instruction): string[] {
  return runCommands(ins).map((c) => c.name).filter((n) => n !== '');
}

function needsOf(ins: Instruction): Needs | undefined {
  if (ins.script) return { exes: exesOf(ins), shellForm: true };
  let target = ins;
  if (ins.keyword === 'HEALTHCHECK') {
    const body = ins.body.trim();
    if (/^NONE$/i.test(body)) return undefined;
    let argv: unknown;
    try {
      argv = JSON.parse(body.replace(/^CMD\s+/i, ''));
    } catch {
      return undefined; // malformed: LS-DF-029 territory
    }
    if (!Array.isArray(argv) || argv.length === 0 || !argv.every((a) => typeof a === 'string')) return undefined;
    // The exec form of HEALTHCHECK CMD runs like an exec-form CMD.
    target = { ...ins, keyword: 'CMD', jsonForm: true, args: argv as string[] };
  } else if (!ins.jsonForm || ins.args.length === 0) {
    return undefined;
  }
  const first = basename(target.args[0]!);
  return { exes: exesOf(target), shellForm: false, scriptEntrypoint: /\.sh$/.test(first) ? first : undefined };
}

function lastOf(chain: Stage[], keyword: string): Instruction | undefined {
  let found: Instruction | undefined;
  for (const s of chain) for (const i of s.instructions) if (i.keyword === keyword) found = i;
  return found;
}

const CONSEQUENCE: Record<string, string> = {
  HEALTHCHECK: 'the health check will always fail and the container will be reported unhealthy',
  CMD: 'the container cannot start',
  ENTRYPOINT: 'the container cannot start',
};

const rule: DockerfileRule = {
  meta: {
    id: 'LS-DF-011',
    kind: 'misconfiguration',
    severity: 'HIGH',
    phase: 'dockerfile',
    title: 'HEALTHCHECK, CMD or ENTRYPOINT runs a program the final image lacks',
    aliases: [],
    tags: ['reliability', 'correctness'],
    remediation:
      'Use a program the image has (e.g. busybox `wget -q --spider` on Alpine), install the tool in the final stage (`apt-get install -y --no-install-recommends curl`, `apk add --no-cache curl`), or — for scratch/distroless — ship a small health-check binary (`COPY --from=build /healthcheck /healthcheck`, `HEALTHCHECK CMD ["/healthcheck"]`) and use the exec form so no shell is needed.',
    docs: `A \`HEALTHCHECK CMD curl …\` copied from a tutorial fails on every run when the image has no curl: the
container is marked unhealthy and orchestrators restart it or never route traffic to it. The same mistake in
\`CMD\`/\`ENTRYPOINT\` means the container never starts. The shell form of these instructions also needs
\`/bin/sh\`, which \`scratch\` and distroless images do not have.

Looks at the last \`HEALTHCHECK\`, \`ENTRYPOINT\` and \`CMD\` of the final stage (and the stages it builds on;
\`CMD\` only when there is no \`ENTRYPOINT\`, since it then holds arguments), finds the programs they run
(\`curl\`, \`wget\`, \`nc\`, \`bash\`, \`sh\`, \`python\`, \`perl\`, including inside \`sh -c '…'\`), and compares
them with what the base image is known to contain (\`src/data/base-image-tools.json\`): scratch and distroless
have no shell and no tools; Alpine and busybox have \`wget\` and \`nc\` but no \`curl\` or \`bash\`; Debian,
Ubuntu and the \`-slim\` language images have neither \`curl\` nor \`wget\`; the full \`node\`/\`python\`/… images
have both. Tools installed by a \`RUN\` (apt/apk/yum/dnf/zypper) or copied in by name count as present;
copying a whole \`bin\` directory disables the check. When a health check chains probes
(\`curl … || wget …\`), it fires only if none of them exists. Unknown base images are not judged.

\`\`\`dockerfile
FROM node:22-slim
COPY . /app
HEALTHCHECK CMD curl -f http://localhost:3000/health || exit 1    # fires: node:*-slim has no curl
CMD ["node", "/app/server.js"]
\`\`\`

\`\`\`dockerfile
FROM node:22-slim
RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*
COPY . /app
HEALTHCHECK CMD curl -f http://localhost:3000/health || exit 1    # ok
CMD ["node", "/app/server.js"]
\`\`\``,
  },
  check({ dockerfile }): RuleHit[] {
    const chain = finalChain(dockerfile);
    const root = chain[0];
    if (!root) return [];
    const base = baseToolsFor(root);
    if (!base) return [];
    const baseName = root.base.kind === 'image' ? `${root.base.image.expanded} (${base.label})` : `scratch (${base.label})`;
    const extra = provided(dockerfile, chain);
    if (extra.unknown) return [];
    const available = (exe: string) => base.has.includes(exe) || extra.tools.has(exe);
    const missing = (exe: string): boolean => {
      if (!WATCHED.has(exe) || available(exe)) return false;
      return base.lacks === '*' || (Array.isArray(base.lacks) && base.lacks.includes(exe));
    };
    // The shell form runs `/bin/sh -c`; only `shell: false` bases are known to lack it.
    const noShell = base.shell === false && !extra.tools.has('sh') && !extra.customShell;

    const entrypoint = lastOf(chain, 'ENTRYPOINT');
    const targets = [lastOf(chain, 'HEALTHCHECK'), entrypoint, entrypoint ? undefined : lastOf(chain, 'CMD')];
    const hits: RuleHit[] = [];
    for (const ins of targets) {
      if (!ins) continue;
      const needs = needsOf(ins);
      if (!needs) continue;
      const problems: string[] = [];
      if (needs.shellForm && noShell) problems.push(`the shell form runs /bin/sh -c, and ${baseName} has no /bin/sh (use the exec form: ${ins.keyword === 'HEALTHCHECK' ? 'HEALTHCHECK CMD ["/bin/probe", "…"]' : `${ins.keyword} ["/app", "…"]`})`);
      if (needs.scriptEntrypoint && noShell) problems.push(`${needs.scriptEntrypoint} is a shell script, and ${baseName} has no shell to run its #! line`);
      const used = [...new Set(needs.exes)];
      const probes = used.filter((e) => PROBES.has(e) && WATCHED.has(e));
      // `curl … || wget …` works when either exists.
      const probeFallback = probes.some((p) => !missing(p));
      const lacking = used.filter((e) => missing(e) && !(probeFallback && PROBES.has(e)) && !(SHELLS.has(e) && needs.shellForm && problems.length > 0));
      if (lacking.length > 0) problems.push(`${lacking.map((e) => `"${e}"`).join(', ')} ${lacking.length === 1 ? 'is' : 'are'} not in ${baseName} and no RUN installs ${lacking.length === 1 ? 'it' : 'them'}`);
      if (problems.length === 0) continue;
      hits.push({
        line: ins.line,
        endLine: ins.endLine,
        message: `${ins.keyword}: ${problems.join('; ')}, so ${CONSEQUENCE[ins.keyword]}.`,
        details: { missing: lacking, noShell: needs.shellForm && noShell, base: baseName },
      });
    }
    return hits;
  },
};

export default rule;
