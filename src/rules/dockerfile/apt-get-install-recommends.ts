import type { DockerfileRule, RuleHit } from '../rule.js';
import { runCommands, writtenTexts } from './shared/commands.js';
import { aptBool, aptConfigWritten, aptOptionSetting, isAptInstall, packageCommand, type PackageCommand } from './shared/package-managers.js';
import { instructionsBefore } from './shared/stages.js';

/** The command line's own answer to "install recommends?", if it gives one. */
function recommendsSetting(pc: PackageCommand): boolean | undefined {
  let setting: boolean | undefined;
  for (const o of pc.args.options) {
    // apt reads options left to right; the last one wins.
    if (o.name === '--no-install-recommends') setting = false;
    else if (o.name === '--install-recommends') setting = o.value === undefined ? true : aptBool(o.value);
    else {
      const kv = aptOptionSetting(o);
      if (kv?.[0] === 'apt::install-recommends') setting = aptBool(kv[1]);
    }
  }
  return setting;
}

const rule: DockerfileRule = {
  meta: {
    id: 'LS-DF-015',
    kind: 'misconfiguration',
    severity: 'LOW',
    phase: 'dockerfile',
    title: 'apt-get install without --no-install-recommends',
    aliases: ['hadolint:DL3015', 'trivy:DS029'],
    tags: ['best-practice', 'image-size', 'attack-surface'],
    remediation: 'Add `--no-install-recommends` to `apt-get install` and list any recommended package you really need explicitly.',
    docs: `By default apt also installs every package the requested ones merely *recommend*: documentation, extra
tools, sometimes whole language runtimes. They make the image bigger and add software, and so CVEs, that
nothing in the image uses.

Fires on \`apt-get install\`/\`apt install\` without \`--no-install-recommends\`,
\`-o APT::Install-Recommends=false\` (or \`0\`/\`no\`), unless an earlier instruction of the stage (or of a stage
it is built on) wrote \`APT::Install-Recommends "false";\` into an apt configuration file.

\`\`\`dockerfile
FROM debian:12-slim
RUN apt-get update && apt-get install -y python3       # fires
\`\`\`

\`\`\`dockerfile
FROM debian:12-slim
RUN apt-get update \\
 && apt-get install -y --no-install-recommends python3 \\
 && rm -rf /var/lib/apt/lists/*                        # ok
\`\`\``,
  },
  check({ dockerfile }): RuleHit[] {
    const hits: RuleHit[] = [];
    for (const ins of dockerfile.instructions) {
      if (ins.keyword !== 'RUN') continue;
      let configured: boolean | undefined;
      for (const c of runCommands(ins)) {
        const pc = packageCommand(c);
        if (!isAptInstall(pc)) continue;
        const own = recommendsSetting(pc);
        if (own === false) continue;
        if (own === undefined) {
          configured ??= aptConfigWritten(writtenTexts(instructionsBefore(dockerfile, ins)), 'APT::Install-Recommends') ?? true;
          if (configured === false) continue;
        }
        hits.push({ line: c.line, message: `\`${pc.program} ${pc.sub}\` also installs recommended packages; add \`--no-install-recommends\`.` });
      }
    }
    return hits;
  },
};

export default rule;
