import type { DockerfileRule, RuleHit } from '../rule.js';
import { runCommands, type Command } from './shared/commands.js';
import { packageCommand } from './shared/package-managers.js';
import { hasCacheMountOver, isUnder, shippedStages } from './shared/stages.js';

const CACHE_DIR = '/var/cache/zypp';

/** zypper subcommands (and their short aliases) that download metadata or packages. */
const FETCHING = new Set(['install', 'in', 'source-install', 'si', 'update', 'up', 'dist-upgrade', 'dup', 'patch', 'refresh', 'ref', 'install-new-recommends', 'inr']);

function cleans(c: Command): boolean {
  const pc = packageCommand(c);
  if (pc?.tool === 'zypper' && (pc.sub === 'clean' || pc.sub === 'cc')) return true;
  if (c.name === 'rm') return c.argv.slice(1).some((a) => !a.startsWith('-') && a !== '/' && (isUnder(CACHE_DIR, a) || isUnder(a, CACHE_DIR)));
  return false;
}

const rule: DockerfileRule = {
  meta: {
    id: 'LS-DF-034',
    kind: 'misconfiguration',
    severity: 'LOW',
    phase: 'dockerfile',
    title: 'zypper cache left in the image',
    aliases: ['hadolint:DL3036', 'trivy:DS020'],
    tags: ['best-practice', 'image-size'],
    remediation: 'End the same RUN with `zypper clean --all` (or `rm -rf /var/cache/zypp`), or use a cache mount on `/var/cache/zypp`.',
    docs: `\`zypper\` keeps repository metadata and downloaded packages under \`/var/cache/zypp\`. Unless the same RUN
cleans it, the cache is committed into the layer and shipped; cleaning later does not shrink that layer.

Fires on a RUN that runs \`zypper install\`/\`in\`, \`update\`, \`dist-upgrade\`, \`patch\`, \`refresh\`… and no
\`zypper clean\`/\`zypper cc\` (or \`rm -rf /var/cache/zypp\`) after it in the same RUN, unless a cache or tmpfs
mount covers \`/var/cache/zypp\`. Stages used only as \`COPY --from\` sources are not checked.

\`\`\`dockerfile
FROM opensuse/leap:15.6
RUN zypper --non-interactive install curl                        # fires
\`\`\`

\`\`\`dockerfile
FROM opensuse/leap:15.6
RUN zypper --non-interactive install curl && zypper clean --all  # ok
\`\`\``,
  },
  check({ dockerfile }): RuleHit[] {
    const hits: RuleHit[] = [];
    const shipped = shippedStages(dockerfile);
    for (const ins of dockerfile.instructions) {
      if (ins.keyword !== 'RUN' || !shipped.has(ins.stage) || hasCacheMountOver(ins, [CACHE_DIR])) continue;
      const commands = runCommands(ins);
      let last = -1;
      let first: Command | undefined;
      commands.forEach((c, i) => {
        const pc = packageCommand(c);
        if (pc?.tool !== 'zypper' || !FETCHING.has(pc.sub)) return;
        last = i;
        first ??= c;
      });
      if (!first || commands.some((c, i) => i > last && cleans(c))) continue;
      hits.push({ line: first.line, message: `\`zypper ${packageCommand(first)!.sub}\` runs without \`zypper clean\` later in the same RUN, so its cache stays in the layer.` });
    }
    return hits;
  },
};

export default rule;
