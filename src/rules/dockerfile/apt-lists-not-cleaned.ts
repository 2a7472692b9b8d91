import type { DockerfileRule, RuleHit } from '../rule.js';
import { runCommands, type Command } from './shared/commands.js';
import { APT_INSTALL, packageCommand } from './shared/package-managers.js';
import { hasCacheMountOver, isUnder, shippedStages } from './shared/stages.js';

const LISTS = '/var/lib/apt/lists';

/** apt subcommands that download package lists or packages into the layer. */
const FETCHING = new Set([...APT_INSTALL, 'update', 'upgrade', 'dist-upgrade', 'full-upgrade', 'build-dep', 'satisfy']);

/** True when a command deletes the package lists (or a directory containing them). */
function removesLists(c: Command): boolean {
  const pc = packageCommand(c);
  if (pc?.tool === 'apt' && (pc.sub === 'distclean' || pc.sub === 'dist-clean')) return true;
  const touches = (p: string) => p !== '/' && (isUnder(p, LISTS) || isUnder(LISTS, p));
  if (c.name === 'rm') return c.argv.slice(1).some((a) => !a.startsWith('-') && touches(a));
  if (c.name === 'find') {
    const deletes = c.argv.includes('-delete') || c.argv.some((a, i) => (a === '-exec' || a === '-execdir') && c.argv[i + 1] === 'rm');
    return deletes && c.argv.slice(1).some((a) => a.startsWith('/') && touches(a));
  }
  return false;
}

const rule: DockerfileRule = {
  meta: {
    id: 'LS-DF-016',
    kind: 'misconfiguration',
    severity: 'LOW',
    phase: 'dockerfile',
    title: 'apt package lists left in the image',
    aliases: ['hadolint:DL3009'],
    tags: ['best-practice', 'image-size'],
    remediation:
      'End the same RUN with `rm -rf /var/lib/apt/lists/*`, or use BuildKit cache mounts: `RUN --mount=type=cache,target=/var/lib/apt/lists --mount=type=cache,target=/var/cache/apt …`.',
    docs: `\`apt-get update\` downloads the package indexes into \`/var/lib/apt/lists\` (tens of MB). Unless the same RUN
deletes them, they are committed into that layer and shipped in the image, where they are useless (and stale:
installing later needs a fresh \`apt-get update\` anyway). Deleting them in a later RUN does not help, the
earlier layer still holds them.

Fires on a RUN that runs \`apt-get\`/\`apt\` \`update\` or \`install\` (and \`upgrade\`, \`build-dep\`…) without
removing \`/var/lib/apt/lists\` afterwards in the same RUN (\`rm -rf /var/lib/apt/lists/*\`, \`find … -delete\`,
\`apt-get distclean\`). A cache or tmpfs mount over \`/var/lib/apt/lists\` (or \`/var/lib/apt\`) keeps the lists
out of the layer and is accepted. A cache mount on \`/var/cache/apt\` alone is not enough: it holds the
downloaded \`.deb\` files, not the lists.

Only stages that end up in an image are checked: the final stage, the stages it is built on, and stages
nothing refers to; a stage used only as a \`COPY --from\` source does not ship its layers.

\`\`\`dockerfile
FROM debian:12-slim
RUN apt-get update && apt-get install -y --no-install-recommends curl      # fires
\`\`\`

\`\`\`dockerfile
FROM debian:12-slim
RUN apt-get update \\
 && apt-get install -y --no-install-recommends curl \\
 && rm -rf /var/lib/apt/lists/*                                           # ok
\`\`\``,
  },
  check({ dockerfile }): RuleHit[] {
    const hits: RuleHit[] = [];
    const shipped = shippedStages(dockerfile);
    for (const ins of dockerfile.instructions) {
      if (ins.keyword !== 'RUN' || !shipped.has(ins.stage)) continue;
      if (hasCacheMountOver(ins, [LISTS])) continue;
      const commands = runCommands(ins);
      let lastFetch = -1;
      let blame: Command | undefined;
      commands.forEach((c, i) => {
        const pc = packageCommand(c);
        if (pc?.tool !== 'apt' || !FETCHING.has(pc.sub)) return;
        lastFetch = i;
        // Point at the first install (the usual "offending" line), else at the update.
        if (!blame || (APT_INSTALL.has(pc.sub) && !APT_INSTALL.has(packageCommand(blame)!.sub))) blame = c;
      });
      if (!blame) continue;
      if (commands.some((c, i) => i > lastFetch && removesLists(c))) continue;
      const pc = packageCommand(blame)!;
      hits.push({ line: blame.line, message: `\`${pc.program} ${pc.sub}\` runs in a RUN that does not delete ${LISTS}/* afterwards, so the apt package lists stay in the layer.` });
    }
    return hits;
  },
};

export default rule;
