import { finalStage, type Dockerfile, type Stage } from '../../dockerfile/model.js';
import type { DockerfileRule, RuleHit } from '../rule.js';
import { officialName } from './base-image-eol.js';
import { hasOption, optionValues } from './shared/args.js';
import { runCommands, type Command } from './shared/commands.js';
import { packageCommand } from './shared/package-managers.js';
import { lineage } from './shared/stages.js';

export interface PackageOp {
  op: 'install' | 'remove';
  manager: 'apt' | 'apk' | 'yum' | 'zypper';
  packages: string[];
  /** `apk add --virtual NAME`: the group name `apk del NAME` removes. */
  virtual?: string;
  /** `apt-get purge --auto-remove` / `apt-get autoremove`: also removes what is no longer needed. */
  autoremove?: boolean;
  line: number;
}

const INSTALL_VERBS: Record<PackageOp['manager'], ReadonlySet<string>> = {
  apt: new Set(['install', 'reinstall']),
  apk: new Set(['add']),
  yum: new Set(['install', 'groupinstall', 'localinstall', 'reinstall']),
  zypper: new Set(['install', 'in']),
};

const REMOVE_VERBS: Record<PackageOp['manager'], ReadonlySet<string>> = {
  apt: new Set(['remove', 'purge', 'autoremove']),
  apk: new Set(['del']),
  yum: new Set(['remove', 'erase', 'autoremove', 'groupremove']),
  zypper: new Set(['remove', 'rm']),
};

/** Strips version constraints: `gcc=12.2-r0`, `curl>8`, `libpq-dev=15.*`, `make/bookworm`. */
function packageName(word: string, manager: PackageOp['manager']): string {
  let name = word.split(/[=<>~]/)[0]!;
  if (manager === 'apt') name = name.split('/')[0]!;
  return name.toLowerCase();
}

/** A system package manager's install or removal, with the package names it names. */
export function packageOp(cmd: Pick<Command, 'name' | 'argv' | 'line'>): PackageOp | undefined {
  const pc = packageCommand(cmd);
  if (!pc || (pc.tool !== 'apt' && pc.tool !== 'apk' && pc.tool !== 'yum' && pc.tool !== 'zypper')) return undefined;
  const manager = pc.tool;
  let verb = pc.sub;
  let operands = pc.operands.map((o) => o.value);
  // `yum group install "Development Tools"`, `dnf group install …`.
  if (manager === 'yum' && verb === 'group' && operands[0] !== undefined) {
    verb = `group${operands[0].toLowerCase()}`;
    operands = operands.slice(1);
  }
  // Package lists in variables cannot be read statically.
  const packages = operands.filter((w) => !w.includes('$')).map((w) => packageName(w, manager));
  if (INSTALL_VERBS[manager].has(verb)) {
    const virtual = manager === 'apk' ? optionValues(pc.args, '-t', '--virtual')[0]?.toLowerCase() : undefined;
    return { op: 'install', manager, packages, virtual, line: cmd.line };
  }
  if (REMOVE_VERBS[manager].has(verb)) {
    const autoremove = verb === 'autoremove' || hasOption(pc.args, '--auto-remove', '--autoremove');
    return { op: 'remove', manager, packages, autoremove, line: cmd.line };
  }
  return undefined;
}

/** Build tools by exact package name. */
const TOOL_PACKAGES = new Set([
  'gcc', 'g++', 'gcc-c++', 'cpp', 'clang', 'llvm', 'make', 'cmake', 'ninja', 'ninja-build', 'meson',
  'build-essential', 'build-base', 'alpine-sdk', 'autoconf', 'automake', 'libtool', 'bison', 'flex',
  'nasm', 'yasm', 'pkg-config', 'pkgconf', 'pkgconfig', 'linux-headers', 'kernel-headers',
  'golang', 'golang-go', 'go', 'rustc', 'cargo', 'rust', 'maven', 'gradle', 'default-jdk', 'default-jdk-headless',
  'development tools', '@development-tools', '@development',
]);

/** Whether a package is a compiler, build system or development headers; the label to show. */
export function buildToolLabel(pkg: string): string | undefined {
  if (TOOL_PACKAGES.has(pkg)) return pkg;
  if (/^(?:gcc|g\+\+|clang|llvm|cpp|golang)-\d/.test(pkg)) return pkg;
  if (/-(?:dev|devel)$/.test(pkg)) return pkg;
  // A JDK where a JRE would run the application: openjdk-17-jdk, openjdk17-jdk, java-17-openjdk-devel.
  if (/jdk(?:-headless)?$/.test(pkg) && /openjdk|temurin|corretto|zulu/.test(pkg)) return pkg;
  return undefined;
}

/** Stages whose filesystem the final image contains, root first. */
export function finalChain(df: Dockerfile): Stage[] {
  const last = finalStage(df);
  return last ? lineage(df, last).reverse() : [];
}

/** Base images whose purpose is building (the toolchain stays in an image built on them). */
const TOOLCHAIN_IMAGES = new Map<string, { label: string; build: (c: Command) => boolean }>([
  ['golang', { label: 'the Go toolchain (go build on the golang image)', build: (c) => c.name === 'go' && ['build', 'install'].includes(c.argv[1] ?? '') }],
  ['rust', { label: 'the Rust toolchain (cargo build on the rust image)', build: (c) => c.name === 'cargo' && ['build', 'install'].includes(c.argv[1] ?? '') }],
  ['maven', { label: 'Maven and the JDK (mvn on the maven image)', build: (c) => (c.name === 'mvn' || c.name === 'mvnw') && c.argv.slice(1).some((a) => ['package', 'install', 'verify'].includes(a)) }],
  ['gradle', { label: 'Gradle and the JDK (gradle on the gradle image)', build: (c) => (c.name === 'gradle' || c.name === 'gradlew') && c.argv.slice(1).some((a) => ['build', 'assemble', 'bootJar', 'jar', 'installDist'].includes(a)) }],
  ['node', { label: 'build inputs of an in-image build (npm run build on the node image)', build: (c) => ['npm', 'yarn', 'pnpm'].includes(c.name) && isJsBuild(c.argv) }],
]);

function isJsBuild(argv: string[]): boolean {
  const args = argv.slice(1);
  if (args[0] === 'run' || args[0] === 'run-script') return args[1] === 'build';
  return args[0] === 'build';
}

/** A bare `npm ci`/`npm install` (no package names) installs devDependencies unless told not to. */
function installsDevDependencies(cmd: Command, vars: ReadonlyMap<string, string>): boolean {
  const env = new Map(vars);
  for (const a of cmd.assigns) {
    const eq = a.indexOf('=');
    if (eq > 0) env.set(a.slice(0, eq), a.slice(eq + 1));
  }
  if ((env.get('NODE_ENV') ?? '').toLowerCase() === 'production') return false;
  if (/^(?:true|1)$/i.test(env.get('NPM_CONFIG_PRODUCTION') ?? env.get('npm_config_production') ?? '')) return false;
  if (/\bdev\b/.test(env.get('NPM_CONFIG_OMIT') ?? env.get('npm_config_omit') ?? '')) return false;
  const args = cmd.argv.slice(1);
  const verb = args[0];
  const rest = args.slice(1);
  const positional = rest.filter((a) => !a.startsWith('-'));
  const flags = rest.filter((a) => a.startsWith('-'));
  const has = (...names: string[]) => flags.some((f) => names.includes(f));
  const omitDev = rest.some((a, i) => a === '--omit=dev' || a === '--only=production' || a === '--only=prod' || ((a === '--omit' || a === '--only') && /^(?:dev|prod|production)$/.test(rest[i + 1] ?? '')));
  if (cmd.name === 'npm') {
    if (!['ci', 'install', 'i', 'clean-install'].includes(verb ?? '')) return false;
    if (has('-g', '--global', '--production') || omitDev) return false;
    // `npm install <pkg>` adds named packages; `--omit dev` leaves a positional "dev" behind.
    return positional.filter((p) => !['dev', 'prod', 'production'].includes(p)).length === 0;
  }
  if (cmd.name === 'yarn') {
    if (verb !== undefined && verb !== 'install') return false;
    return !has('--production', '--prod');
  }
  if (cmd.name === 'pnpm') {
    if (!['install', 'i'].includes(verb ?? '')) return false;
    return !has('--prod', '-P', '--production');
  }
  return false;
}

/** `npm prune --production` / `--omit=dev` later in the image removes the dev dependencies again. */
function prunesDevDependencies(cmd: Command): boolean {
  if (cmd.name !== 'npm' || cmd.argv[1] !== 'prune') return false;
  return cmd.argv.slice(2).some((a) => a === '--production' || a === '--omit=dev' || a === 'dev');
}

/** `apt-mark auto …` + `apt-get purge --auto-remove` (the official images' pattern) undoes every install of the RUN. */
function undoesOwnInstalls(cmds: readonly Command[]): boolean {
  const marksAuto = cmds.some((c) => c.name === 'apt-mark' && c.argv[1] === 'auto');
  const autoRemoves = cmds.some((c) => {
    const op = packageOp(c);
    return op?.op === 'remove' && op.autoremove === true;
  });
  return marksAuto && autoRemoves;
}

const rule: DockerfileRule = {
  meta: {
    id: 'LS-DF-010',
    kind: 'misconfiguration',
    severity: 'MEDIUM',
    phase: 'dockerfile',
    title: 'Build tools left in the final image',
    aliases: [],
    tags: ['security', 'attack-surface', 'multi-stage'],
    remediation:
      'Use a multi-stage build: compile in a build stage (`FROM golang:1.23 AS build` … `RUN go build -o /app`) and copy only the artifact into a minimal final stage (`FROM gcr.io/distroless/static-debian12` + `COPY --from=build /app /app`). For Node.js, install with `npm ci --omit=dev` in the final stage. If tools must be installed in the final stage, remove them in the same RUN.',
    docs: `Compilers, build systems and development headers are not needed to run an application, but once they
are in the final image they are attack surface (an intruder can build exploits in place), vulnerability-scanner
noise, and hundreds of megabytes. The same holds for a Node.js image that keeps its devDependencies, or a
single-stage image built on a toolchain image (\`golang\`, \`rust\`, \`maven\`, \`gradle\`) that compiles in place.

Fires once per \`RUN\` of the final stage (and the stages it builds on) that
- installs compilers or build tools with apt/apk/yum/dnf/microdnf/zypper: \`gcc\`, \`g++\`, \`make\`, \`cmake\`,
  \`clang\`, \`build-essential\`, \`build-base\`, Go, Rust, Maven, Gradle, a JDK, \`*-dev\`/\`*-devel\` headers, …
  (unless a later command removes them again: \`apk del <virtual>\`, \`apt-get purge\`, the \`apt-mark auto\` +
  \`--auto-remove\` pattern);
- runs a bare \`npm ci\`/\`npm install\`/\`yarn install\`/\`pnpm install\` without \`--omit=dev\`/\`--production\` or
  \`NODE_ENV=production\` (and no later \`npm prune --omit=dev\`);
- compiles on a toolchain base image: \`go build\`, \`cargo build\`, \`mvn package\`, \`gradle build\`, \`npm run build\`.
Build stages are not checked: that is where these tools belong. \`git\` is not counted.

\`\`\`dockerfile
FROM python:3.13-slim
RUN apt-get update && apt-get install -y gcc libpq-dev && pip install psycopg2   # fires
\`\`\`

\`\`\`dockerfile
FROM python:3.13-slim AS build
RUN apt-get update && apt-get install -y gcc libpq-dev && pip wheel -w /wheels psycopg2
FROM python:3.13-slim
COPY --from=build /wheels /wheels
RUN pip install /wheels/*                                                       # ok
\`\`\``,
  },
  check({ dockerfile }): RuleHit[] {
    const chain = finalChain(dockerfile);
    const root = chain[0];
    const official = root && root.base.kind === 'image' ? officialName(root.base.image) : undefined;
    const toolchain = official === undefined ? undefined : TOOLCHAIN_IMAGES.get(official);
    const runs = chain.flatMap((s) => s.instructions.filter((i) => i.keyword === 'RUN')).map((ins) => ({ ins, cmds: runCommands(ins) }));

    // What is removed again anywhere in the final image's history.
    const removed = new Set<string>();
    let prunedDev = false;
    for (const { cmds } of runs) {
      for (const c of cmds) {
        const op = packageOp(c);
        if (op?.op === 'remove') op.packages.forEach((p) => removed.add(p));
        if (prunesDevDependencies(c)) prunedDev = true;
      }
    }

    const hits: RuleHit[] = [];
    for (const { ins, cmds } of runs) {
      const found = new Set<string>();
      const undone = undoesOwnInstalls(cmds);
      for (const c of cmds) {
        const op = packageOp(c);
        if (op?.op === 'install' && !undone && !(op.virtual !== undefined && removed.has(op.virtual.toLowerCase()))) {
          for (const p of op.packages) {
            const label = buildToolLabel(p);
            if (label !== undefined && !removed.has(p)) found.add(label);
          }
        }
        if (!prunedDev && installsDevDependencies(c, ins.vars)) found.add(`devDependencies (${c.argv.slice(0, 2).join(' ')})`);
        // For Node.js the toolchain is the runtime; what an in-image build leaves behind is the dev dependencies.
        if (toolchain?.build(c) && !(official === 'node' && prunedDev)) found.add(toolchain.label);
      }
      if (found.size === 0) continue;
      const tools = [...found];
      hits.push({
        line: ins.line,
        endLine: ins.endLine,
        message: `This RUN leaves build tooling in the final image: ${tools.join(', ')}. Build in a separate stage and copy only the artifacts into the final one.`,
        details: { tools },
      });
    }
    return hits;
  },
};

export default rule;
