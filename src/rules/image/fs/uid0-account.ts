import type { ImageRule } from '../rule.js';
import type { RuleHit } from '../../rule.js';
import { finalAccounts, hitLayer } from './shared.js';

/** Accounts other than `root` with UID 0: a second, less watched name for root. */
const rule: ImageRule = {
  meta: {
    id: 'LS-IMG-107',
    kind: 'misconfiguration',
    severity: 'HIGH',
    phase: 'image',
    title: 'Account other than root with UID 0',
    aliases: [],
    tags: ['security', 'accounts'],
    remediation: 'Remove the account or give it its own unprivileged UID; grant the specific privileges it needs (capabilities, group membership) instead.',
    docs: `An account other than \`root\` has UID 0 in \`/etc/passwd\`, so it is root under another name. Running as
\`USER admin\` then looks unprivileged in a Dockerfile review while it is not, and a login to that account is a
root login that rules watching "root" miss. It is also a classic backdoor.

Fails (\`/etc/passwd\`):

\`\`\`
admin:x:0:0::/home/admin:/bin/bash
\`\`\`

Passes:

\`\`\`
admin:x:1000:1000::/home/admin:/bin/bash
\`\`\``,
  },
  check({ walk }): RuleHit[] {
    const passwd = finalAccounts(walk).passwd;
    if (!passwd) return [];
    return passwd.entries
      .filter((e) => e.uid === 0 && e.name !== 'root')
      .map((e) => ({
        path: '/etc/passwd',
        line: e.line,
        layer: hitLayer(passwd.layer),
        message: `Account '${e.name}' has UID 0 (root privileges) in /etc/passwd.`,
        details: { user: e.name, shell: e.shell },
      }));
  },
};

export default rule;
