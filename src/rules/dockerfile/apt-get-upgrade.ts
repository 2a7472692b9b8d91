import type { DockerfileRule, RuleHit } from '../rule.js';
import { runCommands } from './shared/commands.js';
import { packageCommand, type PackageCommand } from './shared/package-managers.js';

/** A whole-system upgrade (not an upgrade of named packages). */
function systemUpgrade(pc: PackageCommand): boolean {
  switch (pc.tool) {
    case 'apt':
      return ['upgrade', 'dist-upgrade', 'full-upgrade'].includes(pc.sub) && (pc.sub !== 'upgrade' || pc.operands.length === 0);
    case 'apk':
      return pc.sub === 'upgrade' && pc.operands.length === 0;
    case 'yum':
      return ['update', 'upgrade', 'distro-sync', 'upgrade-minimal', 'update-minimal'].includes(pc.sub) && pc.operands.length === 0;
    case 'zypper':
      return ['update', 'up', 'dist-upgrade', 'dup', 'patch'].includes(pc.sub) && pc.operands.length === 0;
    default:
      return false;
  }
}

const rule: DockerfileRule = {
  meta: {
    id: 'LS-DF-032',
    kind: 'misconfiguration',
    severity: 'INFO',
    phase: 'dockerfile',
    title: 'All OS packages upgraded during the build',
    aliases: ['hadolint:DL3005', 'hadolint:DL3017', 'trivy:DS024'],
    tags: ['best-practice', 'reproducibility'],
    remediation:
      'Prefer a newer, patched base image (pinned by digest and updated by a bot) over upgrading inside the build; if you keep the upgrade, rebuild regularly.',
    docs: `\`apt-get upgrade\`, \`apt-get dist-upgrade\`, \`apk upgrade\`, \`dnf upgrade\`, \`zypper update\` with no package list
upgrade everything in the base image to whatever the mirrors serve at build time. The image then no longer
matches its base: the same Dockerfile produces different content from one day to the next, the upgrade can
pull in a new major release (\`dist-upgrade\`), and the layer duplicates most of the base image's files.

It is reported as INFO, not as a defect: upgrading also installs security fixes the base image has not
published yet, which is why hadolint deprecated its equivalent check. The better fix is a base image that is
rebuilt and re-pinned regularly; upgrading in the Dockerfile is a reasonable stop-gap.

Fires on whole-system upgrades; upgrading named packages (\`apt-get install --only-upgrade openssl\`,
\`apk upgrade openssl\`) is not flagged.

\`\`\`dockerfile
FROM debian:12
RUN apt-get update && apt-get -y dist-upgrade    # fires
\`\`\`

\`\`\`dockerfile
FROM debian:12.7-slim@sha256:…                   # ok: patched base, pinned
\`\`\``,
  },
  check({ dockerfile }): RuleHit[] {
    const hits: RuleHit[] = [];
    for (const ins of dockerfile.instructions) {
      if (ins.keyword !== 'RUN') continue;
      for (const c of runCommands(ins)) {
        const pc = packageCommand(c);
        if (!pc || !systemUpgrade(pc)) continue;
        hits.push({ line: c.line, message: `\`${pc.program} ${pc.sub}\` upgrades every package of the base image at build time, so builds are not reproducible.` });
      }
    }
    return hits;
  },
};

export default rule;
