import type { DockerfileRule, RuleHit } from '../rule.js';
import { hasOption } from './shared/args.js';
import { runCommands, type Command } from './shared/commands.js';
import { packageCommand, type PackageCommand } from './shared/package-managers.js';
import { hasCacheMountOver, isUnder, shippedStages } from './shared/stages.js';

const CACHE_DIR = '/var/cache/apk';
/** apk's optional package cache is a symlink from here into /var/cache/apk. */
const CACHE_LINK = '/etc/apk/cache';

/**
 * apk invocations that leave package indexes (or cached packages) on disk: `apk update` always;
 * `apk add` unless `--no-cache` (the pattern --no-cache replaces); `apk upgrade` when it fetches
 * indexes itself (`-U`/`--update`).
 */
function fetches(pc: PackageCommand): boolean {
  if (hasOption(pc.args, '--no-cache')) return false;
  if (pc.sub === 'update' || pc.sub === 'add') return true;
  return pc.sub === 'upgrade' && hasOption(pc.args, '-U', '--update', '--update-cache');
}

function removesCache(c: Command): boolean {
  if (c.name !== 'rm') return false;
  return c.argv.slice(1).some((a) => !a.startsWith('-') && a !== '/' && (isUnder(CACHE_DIR, a) || isUnder(a, CACHE_DIR)));
}

const rule: DockerfileRule = {
  meta: {
    id: 'LS-DF-017',
    kind: 'misconfiguration',
    severity: 'LOW',
    phase: 'dockerfile',
    title: 'apk add without --no-cache',
    aliases: ['hadolint:DL3019', 'trivy:DS025'],
    tags: ['best-practice', 'image-size'],
    remediation: 'Use `apk add --no-cache …` (it fetches a fresh index and keeps nothing) instead of `apk update && apk add …`.',
    docs: `\`apk update\`, \`apk add --update\` and \`apk add\` with an index already present store the package indexes
(and, with a cache configured, the packages) under \`/var/cache/apk\`. Unless removed in the same RUN they are
committed into the layer and shipped. \`apk add --no-cache\` downloads a fresh index, uses it and keeps nothing.

Fires on a RUN with \`apk add\`, \`apk update\` or \`apk upgrade -U\` without \`--no-cache\`, unless the same RUN
later runs \`rm -rf /var/cache/apk/*\` or a cache or tmpfs mount covers \`/var/cache/apk\` (or
\`/etc/apk/cache\`). Stages used only as \`COPY --from\` sources are not checked.

\`\`\`dockerfile
FROM alpine:3.20
RUN apk update && apk add curl        # fires
\`\`\`

\`\`\`dockerfile
FROM alpine:3.20
RUN apk add --no-cache curl           # ok
\`\`\``,
  },
  check({ dockerfile }): RuleHit[] {
    const hits: RuleHit[] = [];
    const shipped = shippedStages(dockerfile);
    for (const ins of dockerfile.instructions) {
      if (ins.keyword !== 'RUN' || !shipped.has(ins.stage) || hasCacheMountOver(ins, [CACHE_DIR, CACHE_LINK])) continue;
      const commands = runCommands(ins);
      let last = -1;
      let first: Command | undefined;
      commands.forEach((c, i) => {
        const pc = packageCommand(c);
        if (pc?.tool !== 'apk' || !fetches(pc)) return;
        last = i;
        first ??= c;
      });
      if (!first || commands.some((c, i) => i > last && removesCache(c))) continue;
      const sub = packageCommand(first)!.sub;
      hits.push({ line: first.line, message: `\`apk ${sub}\` runs without \`--no-cache\` and ${CACHE_DIR} is not cleaned in the same RUN, so the package index stays in the layer.` });
    }
    return hits;
  },
};

export default rule;
