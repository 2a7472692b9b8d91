import type { ImageRule } from '../rule.js';
import type { RuleHit } from '../../rule.js';
import { finalAccounts, hitLayer } from './shared.js';

/**
 * The same UID twice in /etc/passwd or the same GID twice in /etc/group. UID 0 duplicates are
 * LS-IMG-107's (they are worse and have their own fix), so they are left out here.
 */
const rule: ImageRule = {
  meta: {
    id: 'LS-IMG-106',
    kind: 'misconfiguration',
    severity: 'LOW',
    phase: 'image',
    title: 'Duplicate UID or GID',
    aliases: ['dockle:DKL-LI-0002'],
    tags: ['security', 'accounts'],
    remediation: 'Give every account its own UID and every group its own GID (`useradd -u`, `groupadd -g`), and remove leftovers of copied passwd/group files.',
    docs: `Two accounts share a UID (or two groups a GID). The kernel only knows numbers, so both names are the same
identity: files, processes and audit records of one are the other's, and permissions meant for one account
apply to both. This usually comes from hand-edited or concatenated \`/etc/passwd\` files.

Fails (\`/etc/passwd\`):

\`\`\`
app:x:1000:1000::/home/app:/bin/sh
worker:x:1000:1000::/home/worker:/bin/sh
\`\`\`

Passes:

\`\`\`
app:x:1000:1000::/home/app:/bin/sh
worker:x:1001:1001::/home/worker:/bin/sh
\`\`\``,
  },
  check({ walk }): RuleHit[] {
    const accounts = finalAccounts(walk);
    const hits: RuleHit[] = [];
    const report = (file: string, kind: 'UID' | 'GID', entries: Array<{ name: string; id: number; line: number }>, layer: Parameters<typeof hitLayer>[0]): void => {
      const byId = new Map<number, Array<{ name: string; line: number }>>();
      for (const e of entries) {
        if (kind === 'UID' && e.id === 0) continue;
        byId.set(e.id, [...(byId.get(e.id) ?? []), e]);
      }
      for (const [id, list] of byId) {
        const names = [...new Set(list.map((e) => e.name))];
        if (list.length < 2) continue;
        hits.push({
          path: `/${file}`,
          line: list[1]!.line,
          layer: hitLayer(layer),
          message: `${kind} ${id} is used by ${list.length} entries in /${file}: ${names.join(', ')}.`,
          details: { [kind.toLowerCase()]: id, names, lines: list.map((e) => e.line) },
        });
      }
    };
    if (accounts.passwd) report('etc/passwd', 'UID', accounts.passwd.entries.map((e) => ({ name: e.name, id: e.uid, line: e.line })), accounts.passwd.layer);
    if (accounts.group) report('etc/group', 'GID', accounts.group.entries.map((e) => ({ name: e.name, id: e.gid, line: e.line })), accounts.group.layer);
    return hits;
  },
};

export default rule;
