import type { ImageRule } from '../rule.js';
import type { RuleHit } from '../../rule.js';
import { describeLayer, hitLayer } from './shared.js';

/** World-writable directories without the sticky bit in the final filesystem. */
const rule: ImageRule = {
  meta: {
    id: 'LS-IMG-109',
    kind: 'misconfiguration',
    severity: 'MEDIUM',
    phase: 'image',
    title: 'World-writable directory without the sticky bit',
    aliases: [],
    tags: ['security', 'permissions'],
    remediation: 'Remove write permission for others (`chmod o-w DIR`) or, for a shared scratch directory like /tmp, set the sticky bit (`chmod 1777 DIR`); better, give the directory to the user the container runs as.',
    docs: `A directory is writable by every user and lacks the sticky bit, so any process in the container can delete
or replace files other users put there (configs, scripts, sockets, binaries on a PATH). \`/tmp\` is safe only
because it is mode 1777. Usually the result of \`chmod -R 777\`.

Fails:

\`\`\`dockerfile
RUN mkdir /app/data && chmod 777 /app/data
\`\`\`

Passes:

\`\`\`dockerfile
RUN mkdir /app/data && chown app:app /app/data && chmod 750 /app/data
\`\`\``,
  },
  check({ walk }): RuleHit[] {
    const hits: RuleHit[] = [];
    for (const [path, entry] of walk.filesystem) {
      const { info } = entry;
      if (info.type !== 'dir' || entry.implicit || (info.mode & 0o002) === 0 || (info.mode & 0o1000) !== 0) continue;
      hits.push({
        path: `/${path}`,
        layer: hitLayer(entry.layer),
        message: `/${path} is world-writable without the sticky bit (mode ${(info.mode & 0o7777).toString(8)}), set by ${describeLayer(entry.layer)}.`,
        details: { mode: (info.mode & 0o7777).toString(8), uid: info.uid, gid: info.gid },
      });
    }
    return hits;
  },
};

export default rule;
