import type { RunModel } from '../../deploy/docker-run/model.js';
import type { DeployRule } from '../../deploy/types.js';
import { sensitiveMountHits } from '../container/checks.js';
import { SENSITIVE_DIR_LIST } from '../container/host-paths.js';

const rule: DeployRule<RunModel> = {
  meta: {
    id: 'LS-RUN-010',
    kind: 'misconfiguration',
    severity: 'HIGH',
    phase: 'deploy',
    title: 'Sensitive host path mounted',
    aliases: ['docker-bench-security:5.6'],
    tags: ['security', 'docker-run'],
    remediation: 'Mount only the files or project directories the container needs (`-v "$PWD:/src:ro"`), never host system directories.',
    docs: `Bind-mounting a host system directory hands the container what lives there; writable, that is a host
takeover (\`-v /:/host\` followed by \`chroot /host\` is the textbook escape).

Fires (HIGH when writable, MEDIUM with \`:ro\`/\`readonly\`) for \`-v\`/\`--volume\` and \`--mount type=bind\` of
${SENSITIVE_DIR_LIST} or anything below them, except a few routinely mounted read-only files
(\`/etc/localtime\`, \`/etc/ssl/certs\`...).

\`\`\`sh
docker run --rm -v /:/host alpine:3.20 chroot /host sh   # fires
\`\`\`

\`\`\`sh
docker run --rm -v "$PWD:/src:ro" alpine:3.20 ls /src   # ok
\`\`\``,
  },
  check: (model) => model.commands.flatMap((t) => sensitiveMountHits(t.spec)),
};

export default rule;
