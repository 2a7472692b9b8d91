import type { DockerfileRule, RuleHit } from '../rule.js';
import { runCommands, type Command } from './shared/commands.js';
import { packageCommand } from './shared/package-managers.js';
import { hasCacheMountOver, isUnder, shippedStages } from './shared/stages.js';

/** Where yum, dnf, microdnf and tdnf keep metadata and downloaded packages. */
const CACHE_DIRS = ['/var/cache/yum', '/var/cache/dnf', '/var/cache/tdnf'];

/** Subcommands that download metadata or packages. */
const FETCHING = new Set(['install', 'reinstall', 'groupinstall', 'localinstall', 'update', 'upgrade', 'makecache', 'distro-sync', 'downgrade', 'group', 'groups', 'builddep', 'module']);

function cleans(c: Command): boolean {
  const pc = packageCommand(c);
  if (pc?.tool === 'yum' && pc.sub === 'clean') return pc.operands.some((o) => o.value === 'all');
  if (c.name === 'rm') return c.argv.slice(1).some((a) => !a.startsWith('-') && a !== '/' && CACHE_DIRS.some((d) => isUnder(d, a) || isUnder(a, d)));
  return false;
}

const rule: DockerfileRule = {
  meta: {
    id: 'LS-DF-033',
    kind: 'misconfiguration',
    severity: 'LOW',
    phase: 'dockerfile',
    title: 'yum/dnf cache left in the image',
    aliases: ['hadolint:DL3032', 'hadolint:DL3040', 'trivy:DS015', 'trivy:DS019', 'trivy:DS027'],
    tags: ['best-practice', 'image-size'],
    remediation: 'End the same RUN with `yum clean all` / `dnf clean all` / `microdnf clean all` (or `rm -rf /var/cache/dnf`), or use a cache mount on the cache directory.',
    docs: `\`yum\`, \`dnf\` and \`microdnf\` keep repository metadata (and with \`keepcache\`, the packages) under
\`/var/cache/yum\` or \`/var/cache/dnf\`. Unless the same RUN cleans it, that cache is committed into the layer
and shipped in the image; cleaning in a later RUN does not shrink the earlier layer.

Fires on a RUN that runs \`install\`, \`update\`, \`upgrade\`, \`groupinstall\`, \`makecache\`… with \`yum\`, \`dnf\`,
\`microdnf\` or \`tdnf\` and no \`clean all\` (or \`rm -rf\` of the cache directory) after it in the same RUN,
unless a cache or tmpfs mount covers the cache directory. Only stages that end up in an image are checked
(not stages used only as \`COPY --from\` sources).

\`\`\`dockerfile
FROM rockylinux:9
RUN dnf install -y python3                    # fires
\`\`\`

\`\`\`dockerfile
FROM rockylinux:9
RUN dnf install -y python3 && dnf clean all   # ok
\`\`\``,
  },
  check({ dockerfile }): RuleHit[] {
    const hits: RuleHit[] = [];
    const shipped = shippedStages(dockerfile);
    for (const ins of dockerfile.instructions) {
      if (ins.keyword !== 'RUN' || !shipped.has(ins.stage) || hasCacheMountOver(ins, CACHE_DIRS)) continue;
      const commands = runCommands(ins);
      let last = -1;
      let first: Command | undefined;
      commands.forEach((c, i) => {
        const pc = packageCommand(c);
        if (pc?.tool !== 'yum' || !FETCHING.has(pc.sub)) return;
        last = i;
        first ??= c;
      });
      if (!first || commands.some((c, i) => i > last && cleans(c))) continue;
      const pc = packageCommand(first)!;
      hits.push({ line: first.line, message: `\`${pc.program} ${pc.sub}\` runs without \`${pc.program} clean all\` later in the same RUN, so its cache stays in the layer.` });
    }
    return hits;
  },
};

export default rule;
