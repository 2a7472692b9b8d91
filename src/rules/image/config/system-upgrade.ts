import type { RuleHit } from '../../rule.js';
import type { ImageRule } from '../rule.js';
import { historySteps, stepDetails, stepWithExcerpt } from './history.js';
import { stepCommands, type StepCommand } from './step-commands.js';

/** Options of apt/yum/apk/zypper that take their value as the next word (`apt-get -o Opt=x upgrade`). */
const VALUE_OPTIONS = new Set(['-o', '-c', '-t', '--option', '--config-file', '--target-release', '--root', '--repository', '-X', '-p', '--installroot', '--setopt', '-R']);

/** The subcommand of a package manager: the first word after its options. */
function subcommand(c: StepCommand): string | undefined {
  for (let i = 1; i < c.argv.length; i++) {
    const a = c.argv[i]!;
    if (VALUE_OPTIONS.has(a)) i++;
    else if (!a.startsWith('-')) return a;
  }
  return undefined;
}

/** `apt-get upgrade`, `apk upgrade`, `yum update` without package names: an upgrade of everything. */
export function wholeSystemUpgrade(c: StepCommand): string | undefined {
  const sub = subcommand(c);
  if (sub === undefined) return undefined;
  if ((c.name === 'apt-get' || c.name === 'apt') && ['upgrade', 'dist-upgrade', 'full-upgrade'].includes(sub)) return `${c.name} ${sub}`;
  if (c.name === 'apk' && sub === 'upgrade') return 'apk upgrade';
  if (['yum', 'dnf', 'microdnf', 'tdnf'].includes(c.name) && ['update', 'upgrade', 'distro-sync'].includes(sub)) {
    // `yum update openssl` updates one package on purpose; only the bare form upgrades everything.
    const rest = c.argv.slice(c.argv.indexOf(sub) + 1).filter((a) => !a.startsWith('-'));
    return rest.length === 0 ? `${c.name} ${sub}` : undefined;
  }
  if (c.name === 'zypper' && ['update', 'up', 'dist-upgrade', 'dup'].includes(sub)) {
    const rest = c.argv.slice(c.argv.indexOf(sub) + 1).filter((a) => !a.startsWith('-'));
    return rest.length === 0 ? `zypper ${sub}` : undefined;
  }
  return undefined;
}

const rule: ImageRule = {
  meta: {
    id: 'LS-IMG-011',
    kind: 'misconfiguration',
    severity: 'INFO',
    phase: 'image',
    title: 'Build step upgraded all packages',
    aliases: ['dockle:DKL-DI-0003'],
    tags: ['best-practice', 'reproducibility'],
    remediation: 'Rebuild on a current base image instead (`docker build --pull`), and pin the few packages that need a newer version; the base image maintainers test their package set together.',
    docs: `A \`RUN apt-get upgrade\` (\`dist-upgrade\`, \`apk upgrade\`, \`yum update\`…) step gives the image whatever
package versions the mirror had that day: two builds of the same Dockerfile differ, the base image's tested
package set is replaced, and the layer duplicates much of the base. It is informational: upgrading does pick
up security fixes, but a fresh base image gets them more cleanly. \`yum update <package>\` (a targeted update) is
not reported.

\`\`\`text
history: /bin/sh -c apt-get update && apt-get -y dist-upgrade     → fires
\`\`\`

\`\`\`text
history: /bin/sh -c apt-get update && apt-get install -y --no-install-recommends curl=8.5.0-2   → ok
\`\`\``,
  },
  check(ctx) {
    const hits: RuleHit[] = [];
    for (const step of historySteps(ctx)) {
      const found = stepCommands(step)
        .map(wholeSystemUpgrade)
        .filter((u): u is string => u !== undefined);
      if (found.length === 0) continue;
      hits.push({
        ...(step.layer ? { layer: step.layer } : {}),
        message: `${stepWithExcerpt(step)} runs ${[...new Set(found)].join(', ')}: the layer holds whatever versions the mirror served that day.`,
        details: { ...stepDetails(step), commands: found },
      });
    }
    return hits;
  },
};

export default rule;
