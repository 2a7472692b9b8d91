import type { ImageRule } from '../rule.js';
import type { RuleHit } from '../../rule.js';
import { isLoginShell } from '../../../analyze/image/accounts.js';
import { finalAccounts, hitLayer, loginPasswords } from './shared.js';

/** Login accounts without any password (shadow or passwd field empty). */
const rule: ImageRule = {
  meta: {
    id: 'LS-IMG-104',
    kind: 'misconfiguration',
    severity: 'HIGH',
    phase: 'image',
    title: 'Login account with an empty password',
    // Dockle's check reports empty shadow passwords of every account; ours only those with a
    // login shell (a nologin account cannot use it), otherwise the same check.
    aliases: ['dockle:DKL-LI-0001'],
    tags: ['security', 'accounts'],
    remediation: 'Lock the account (`passwd -l USER` or `usermod -p "!" USER`), or give it a nologin shell if it is a service account.',
    docs: `An account with a login shell has an empty password field in \`/etc/shadow\` (or in \`/etc/passwd\`). Where
PAM allows \`nullok\` (the Debian and Alpine default for \`su\` and \`login\`), anyone with a shell in the container
becomes that user without a password; combined with \`sudo\` or UID 0 it is a privilege escalation.

Fails:

\`\`\`dockerfile
RUN useradd -m app && passwd -d app
\`\`\`

Passes (the account is locked, \`!\` in shadow):

\`\`\`dockerfile
RUN useradd -m app
\`\`\``,
  },
  check({ walk }): RuleHit[] {
    return loginPasswords(finalAccounts(walk), isLoginShell)
      .filter((p) => p.state === 'empty')
      .map((p) => ({
        path: `/${p.file}`,
        line: p.line,
        layer: hitLayer(p.layer),
        message: `Account '${p.user.name}' (UID ${p.user.uid}, shell ${p.user.shell || '/bin/sh'}) has an empty password in /${p.file}.`,
        details: { user: p.user.name, uid: p.user.uid, shell: p.user.shell },
      }));
  },
};

export default rule;
