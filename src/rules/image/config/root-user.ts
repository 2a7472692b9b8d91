import type { ImageRule } from '../rule.js';

/** The user part of `user[:group]` names root: empty (the default), `root` or uid 0. */
export function runsAsRoot(user: string | undefined): boolean {
  const name = (user ?? '').trim().split(':')[0]!;
  return name === '' || name === 'root' || /^0+$/.test(name);
}

const rule: ImageRule = {
  meta: {
    id: 'LS-IMG-001',
    kind: 'misconfiguration',
    severity: 'HIGH',
    phase: 'image',
    title: 'Image runs as root',
    aliases: ['dockle:CIS-DI-0001', 'trivy:DS002'],
    tags: ['security', 'best-practice'],
    remediation: 'Create an unprivileged user in the image and switch to it with `USER` (a numeric uid such as `USER 10001` also satisfies Kubernetes `runAsNonRoot`).',
    docs: `The image configuration's \`User\` decides who the container's main process is when nothing
overrides it. Empty (the default), \`root\`, \`0\` or \`0:0\` mean uid 0: a process that is compromised,
or a volume mounted by mistake, is then root inside the container and one kernel or runtime bug away
from root on the host. The check reads the built image, so it also catches a base image's \`USER root\`
that the Dockerfile never undid.

\`\`\`dockerfile
FROM node:22-slim
COPY . /app
CMD ["node", "/app/index.js"]        # fires: User is empty, the process is root
\`\`\`

\`\`\`dockerfile
FROM node:22-slim
COPY . /app
USER node                             # ok
CMD ["node", "/app/index.js"]
\`\`\``,
  },
  check({ metadata }) {
    const user = metadata.config.config?.User ?? '';
    if (!runsAsRoot(user)) return [];
    const shown = user.trim() === '' ? 'no User (the default, root)' : `User "${user}"`;
    return [{ message: `The image configuration has ${shown}: containers run as root unless the runtime overrides it.`, details: { user } }];
  },
};

export default rule;
