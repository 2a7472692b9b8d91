import type { ImageRule } from '../rule.js';
import type { RuleHit } from '../../rule.js';
import { isLoginShell } from '../../../analyze/image/accounts.js';
import { finalAccounts, hitLayer, loginPasswords } from './shared.js';

/** Login accounts with a password hash baked into the image (the hash itself is never read out). */
const rule: ImageRule = {
  meta: {
    id: 'LS-IMG-105',
    kind: 'misconfiguration',
    severity: 'MEDIUM',
    phase: 'image',
    title: 'Login account with a password set in the image',
    aliases: [],
    tags: ['security', 'accounts'],
    remediation:
      'Do not set passwords at build time: lock the account (`usermod -p "!" USER`) and use the orchestrator or `docker exec` for access; if a password is needed, set it at run time from a secret.',
    docs: `An account with a login shell has a password hash in \`/etc/shadow\` (or \`/etc/passwd\`). Every container from
the image shares that password, the hash can be cracked offline by anyone who pulls the image, and the
password usually also appears in the build history (\`echo root:… | chpasswd\`). The hash is never shown.

Fails:

\`\`\`dockerfile
RUN echo 'root:changeme' | chpasswd
\`\`\`

Passes:

\`\`\`dockerfile
RUN useradd -m -s /bin/bash app     # locked: "!" in /etc/shadow
\`\`\``,
  },
  check({ walk }): RuleHit[] {
    return loginPasswords(finalAccounts(walk), isLoginShell)
      .filter((p) => p.state === 'hash')
      .map((p) => ({
        path: `/${p.file}`,
        line: p.line,
        layer: hitLayer(p.layer),
        severity: p.user.uid === 0 ? 'HIGH' : undefined,
        message: `Account '${p.user.name}' (UID ${p.user.uid}, shell ${p.user.shell || '/bin/sh'}) has a password hash in /${p.file}${p.user.uid === 0 ? ' (a root password shared by every container)' : ''}.`,
        details: { user: p.user.name, uid: p.user.uid, shell: p.user.shell },
      }));
  },
};

export default rule;
