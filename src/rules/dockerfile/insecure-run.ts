import type { DockerfileRule, RuleHit } from '../rule.js';

const rule: DockerfileRule = {
  meta: {
    id: 'LS-DF-028',
    kind: 'misconfiguration',
    severity: 'HIGH',
    phase: 'dockerfile',
    title: 'RUN with insecure security mode or host networking',
    aliases: [],
    tags: ['security', 'build'],
    remediation:
      'Remove `--security=insecure` (and the builder\'s `security.insecure` entitlement); remove `--network=host` or use the default network, passing proxies with build args.',
    docs: `\`RUN --security=insecure\` runs the step like \`docker run --privileged\`: all capabilities, no seccomp or
AppArmor, access to host devices. Any command in that step (or in a package it installs) can take over the
build host. It only works when the build is started with \`--allow security.insecure\`, so a Dockerfile that
needs it pushes everyone who builds it to grant that.

\`RUN --network=host\` gives the step the host's network namespace: it can reach services bound to the
builder's localhost (metadata endpoints, local databases, the Docker socket over TCP) and needs the
\`network.host\` entitlement. It is reported at LOW severity.

Fires on \`RUN --security=insecure\` (HIGH) and \`RUN --network=host\` (LOW).

\`\`\`dockerfile
FROM debian:12-slim
RUN --security=insecure mount -t tmpfs none /mnt    # fires
\`\`\`

\`\`\`dockerfile
FROM debian:12-slim
RUN --network=none make test                        # ok
\`\`\``,
  },
  check({ dockerfile }): RuleHit[] {
    const hits: RuleHit[] = [];
    for (const ins of dockerfile.instructions) {
      if (ins.keyword !== 'RUN') continue;
      for (const f of ins.flags) {
        const value = (f.value ?? '').toLowerCase();
        if (f.name === 'security' && value === 'insecure') {
          hits.push({ line: ins.line, message: 'RUN --security=insecure runs this step with full privileges on the build host (like docker run --privileged).' });
        } else if (f.name === 'privileged') {
          // Not a BuildKit flag (the build stops with "unknown flag"), but the intent is a
          // privileged step, which is what --security=insecure grants: say so.
          hits.push({ line: ins.line, message: 'RUN --privileged asks for a privileged build step: BuildKit rejects the flag, and its working equivalent, --security=insecure, gives the step full control of the build host.' });
        } else if (f.name === 'network' && value === 'host') {
          hits.push({ line: ins.line, severity: 'LOW', message: 'RUN --network=host gives this step the build host\'s network, including services listening on its localhost.' });
        }
      }
    }
    return hits;
  },
};

export default rule;
