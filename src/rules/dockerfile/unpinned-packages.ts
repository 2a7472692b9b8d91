import { expandWord } from '../../dockerfile/expand.js';
import type { Instruction } from '../../dockerfile/model.js';
import type { DockerfileRule, RuleHit } from '../rule.js';
import { hasOption } from './shared/args.js';
import { runCommands } from './shared/commands.js';
import { packageCommand, type PackageCommand } from './shared/package-managers.js';

/**
 * Operand words as package specs: `$VAR` expanded from ARG/ENV (and split, `ARG PKGS="a b"`);
 * words with command substitutions or shell-only variables are skipped (not knowable statically).
 */
function specs(ins: Instruction, pc: PackageCommand): string[] {
  const out: string[] = [];
  for (const o of pc.operands) {
    if (o.value.includes('$(')) continue;
    if (!o.value.includes('$')) {
      out.push(o.value);
      continue;
    }
    const e = expandWord(o.value, ins.vars);
    if (e.unresolved.length > 0) continue;
    out.push(...e.value.split(/\s+/).filter(Boolean));
  }
  return out;
}

const isPath = (s: string) => /^(\.|\/|~)/.test(s) || s.includes('/');
const isUrl = (s: string) => /^[a-z][a-z0-9+.-]*:\/\//i.test(s) || /^git\+/.test(s);

function unpinnedApt(names: string[]): string[] {
  // `pkg=1.2*` pins; `pkg/bookworm-backports` only picks a release; `./x.deb` is a local file.
  return names.filter((n) => !n.includes('=') && !(isPath(n) && n.endsWith('.deb')) && !n.endsWith('-'));
}

function unpinnedApk(names: string[]): string[] {
  // `pkg=1.2.3-r0`, `pkg~1.2`, `pkg>1.2` constrain the version.
  return names.filter((n) => !/[=~<>]/.test(n) && !n.endsWith('.apk'));
}

function unpinnedPip(pc: PackageCommand, names: string[]): string[] {
  // A constraints file pins whatever it lists; requirement files are not read here.
  if (hasOption(pc.args, '-c', '--constraint')) return [];
  return names.filter((n) => {
    if (isUrl(n) || isPath(n) || /\.(whl|tar\.gz|tgz|zip)$/.test(n)) return false;
    if (/\s*@\s*\S+:\/\//.test(n)) return false; // `name @ https://…` direct reference
    return !/(===?|~=)/.test(n);
  });
}

const NPM_INSTALL = new Set(['install', 'i', 'in', 'ins', 'inst', 'insta', 'instal', 'isnt', 'isnta', 'isntal', 'isntall', 'add']);

function unpinnedNpm(names: string[]): string[] {
  return names.filter((n) => {
    if (isUrl(n) || /^(file|git|github|gitlab|bitbucket|gist|http|https):/.test(n) || /\.(tgz|tar\.gz)$/.test(n)) return false;
    if (/^(\.|\/|~)/.test(n)) return false;
    const at = n.lastIndexOf('@');
    const name = at > 0 ? n.slice(0, at) : n;
    // `user/repo` without a scope is a GitHub shorthand, not a registry package.
    if (!name.startsWith('@') && name.includes('/')) return false;
    const version = at > 0 ? n.slice(at + 1) : '';
    // An exact version (`1.2.3`, `v1.2.3`, `=1.2.3`) pins; tags and ranges (`latest`, `^1`) do not.
    return !/^[=v]?\d/.test(version);
  });
}

function unpinnedGem(pc: PackageCommand, names: string[]): string[] {
  if (hasOption(pc.args, '-v', '--version', '-g', '--file')) return [];
  return names.filter((n) => !n.includes(':') && !n.endsWith('.gem'));
}

const FLOATING_GO = new Set(['latest', 'upgrade', 'patch', 'master', 'main', 'head', 'HEAD']);

function unpinnedGo(names: string[]): string[] {
  // Without `@version`, `go install` uses the version in go.mod; `@latest` or a branch floats.
  return names.filter((n) => {
    const at = n.lastIndexOf('@');
    return at > 0 && FLOATING_GO.has(n.slice(at + 1));
  });
}

function unpinnedCargo(pc: PackageCommand, names: string[]): string[] {
  if (hasOption(pc.args, '--version', '--vers', '--path', '--git')) return [];
  return names.filter((n) => !n.includes('@'));
}

/** The unpinned package specs of a package-manager command, or undefined if it installs none. */
function unpinned(ins: Instruction, pc: PackageCommand): string[] | undefined {
  if (pc.tool === 'apt' && pc.sub === 'install') return unpinnedApt(specs(ins, pc));
  if (pc.tool === 'apk' && pc.sub === 'add') return unpinnedApk(specs(ins, pc));
  if (pc.tool === 'pip' && pc.sub === 'install') return unpinnedPip(pc, specs(ins, pc));
  if (pc.tool === 'npm' && NPM_INSTALL.has(pc.sub)) return unpinnedNpm(specs(ins, pc));
  if (pc.tool === 'gem' && (pc.sub === 'install' || pc.sub === 'i')) return unpinnedGem(pc, specs(ins, pc));
  if (pc.tool === 'go' && pc.sub === 'install') return unpinnedGo(specs(ins, pc));
  if (pc.tool === 'cargo' && pc.sub === 'install') return unpinnedCargo(pc, specs(ins, pc));
  return undefined;
}

const HOW: Record<string, string> = {
  apt: 'pin with `pkg=<version>`',
  apk: 'pin with `pkg=<version>` or `pkg~<major.minor>`',
  pip: 'pin with `pkg==<version>` or install from a constraints/requirements file',
  npm: 'pin with `pkg@<version>`',
  gem: 'pin with `-v <version>` or `pkg:<version>`',
  go: 'use `pkg@v<version>`',
  cargo: 'use `--version <version>` or `pkg@<version>`',
};

function list(names: string[]): string {
  const shown = names.slice(0, 5).join(', ');
  return names.length > 5 ? `${shown} and ${names.length - 5} more` : shown;
}

const rule: DockerfileRule = {
  meta: {
    id: 'LS-DF-019',
    kind: 'misconfiguration',
    severity: 'LOW',
    phase: 'dockerfile',
    title: 'Packages installed without a pinned version',
    aliases: ['hadolint:DL3008', 'hadolint:DL3018', 'hadolint:DL3013', 'hadolint:DL3016', 'hadolint:DL3028'],
    tags: ['best-practice', 'reproducibility', 'supply-chain'],
    remediation: 'Pin each package to a version (`curl=7.88.1-10+deb12u5`, `flask==3.0.3`, `typescript@5.4.5`), or install from a lock/constraints file.',
    docs: `Installing a package without a version takes whatever the repository serves at build time. Two builds of
the same Dockerfile then differ, a broken or compromised release is picked up silently, and a vulnerability
report on the image cannot be traced back to a deliberate change.

Fires once per command, listing the packages without a version:

- \`apt-get install\`/\`apt install\`: \`pkg\` rather than \`pkg=1.2.3-1\` (\`pkg=1.2*\` counts as pinned; local \`.deb\` files are skipped);
- \`apk add\`: \`pkg\` rather than \`pkg=1.2.3-r0\`, \`pkg~1.2\`, \`pkg>1.2\`;
- \`pip install\`: \`pkg\` or \`pkg>=1\` rather than \`pkg==1.2.3\` (\`~=\` accepted); \`-r requirements.txt\`, local paths,
  URLs and wheels are skipped, and \`-c constraints.txt\` pins everything;
- \`npm install\` with arguments: \`pkg\`, \`pkg@latest\`, \`pkg@^1\` rather than \`pkg@1.2.3\` (bare \`npm install\` and
  \`npm ci\` use the lock file and are fine);
- \`gem install\`: without \`-v\` or \`pkg:1.2.3\`;
- \`go install pkg@latest\` (or a branch); \`go install\` without \`@\` uses go.mod and is fine;
- \`cargo install pkg\` without \`--version\` or \`pkg@1.2.3\`.

\`$VAR\` operands are expanded from ARG/ENV; words built at run time (\`$(cat list)\`) are skipped.

\`\`\`dockerfile
FROM python:3.12-slim
RUN pip install --no-cache-dir flask gunicorn            # fires: flask, gunicorn
\`\`\`

\`\`\`dockerfile
FROM python:3.12-slim
RUN pip install --no-cache-dir flask==3.0.3 gunicorn==22.0.0   # ok
\`\`\``,
  },
  check({ dockerfile }): RuleHit[] {
    const hits: RuleHit[] = [];
    for (const ins of dockerfile.instructions) {
      if (ins.keyword !== 'RUN') continue;
      for (const c of runCommands(ins)) {
        const pc = packageCommand(c);
        if (!pc) continue;
        const names = unpinned(ins, pc);
        if (!names || names.length === 0) continue;
        hits.push({
          line: c.line,
          message: `\`${pc.program} ${pc.sub}\` installs ${list(names)} without a pinned version; ${HOW[pc.tool]}.`,
          details: { tool: pc.tool, packages: names },
        });
      }
    }
    return hits;
  },
};

export default rule;
