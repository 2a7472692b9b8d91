import type { ImageRule } from '../rule.js';
import type { RuleHit } from '../../rule.js';
import type { LayerRef } from '../../../image/fs-types.js';
import { describeLayer, finalAccounts, hitLayer } from './shared.js';

/** Sample paths kept per UID: an unpacked tarball can own thousands of files. */
const SAMPLE = 10;

/**
 * Files owned by a UID that /etc/passwd does not know, grouped per UID (one hit each). Images
 * without /etc/passwd (scratch, some static images) are skipped: there is nothing to compare to.
 */
const rule: ImageRule = {
  meta: {
    id: 'LS-IMG-110',
    kind: 'misconfiguration',
    severity: 'LOW',
    phase: 'image',
    title: 'Files owned by a user that does not exist',
    aliases: [],
    tags: ['security', 'permissions'],
    remediation: 'Set ownership explicitly when copying (`COPY --chown=app:app`, or `tar --no-same-owner`), or create the account the files belong to.',
    docs: `Files in the image belong to a UID with no entry in \`/etc/passwd\`, usually the UID of whoever created an
archive that a build step unpacked (\`ADD app.tar.gz\`, \`tar x\` as root keeps owners). If a user with that UID is
added later, or the container runs with that UID (\`--user 1001\`), it silently owns and can modify those files.

Fails:

\`\`\`dockerfile
ADD release.tar.gz /opt/app     # files owned by the release builder's UID 1001
\`\`\`

Passes:

\`\`\`dockerfile
COPY --chown=root:root release/ /opt/app
\`\`\``,
  },
  check({ walk }): RuleHit[] {
    const passwd = finalAccounts(walk).passwd;
    if (!passwd) return [];
    const known = new Set(passwd.entries.map((e) => e.uid));
    const byUid = new Map<number, { count: number; sample: string[]; layer: LayerRef }>();
    for (const [path, entry] of walk.filesystem) {
      if (entry.implicit || known.has(entry.info.uid)) continue;
      let u = byUid.get(entry.info.uid);
      if (!u) byUid.set(entry.info.uid, (u = { count: 0, sample: [], layer: entry.layer }));
      u.count++;
      if (u.sample.length < SAMPLE) u.sample.push(`/${path}`);
    }
    return [...byUid].map(([uid, u]) => ({
      path: u.sample[0],
      layer: hitLayer(u.layer),
      message: `${u.count} file${u.count === 1 ? '' : 's'} owned by UID ${uid}, which has no /etc/passwd entry (first added by ${describeLayer(u.layer)}): ${u.sample.slice(0, 3).join(', ')}${u.count > 3 ? ', …' : ''}.`,
      details: { uid, files: u.count, sample: u.sample },
    }));
  },
};

export default rule;
