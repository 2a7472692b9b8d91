import type { RuleHit } from '../rule.js';
import { hitOn, type KubernetesRule } from '../../deploy/kubernetes/rule-kit.js';
import { parseImage } from '../../deploy/kubernetes/images.js';
import { allContainers, describe } from '../../deploy/kubernetes/workloads.js';

/** `20`, `v3`, `16-alpine`, `3-slim-bookworm`: a major version that follows every release of it. */
const MAJOR_ONLY = /^v?\d+(?:[-_][a-z][\w.-]*)?$/i;
/** Channel tags that move by design. */
const CHANNELS = new Set(['stable', 'lts', 'current', 'mainline', 'edge', 'nightly', 'dev', 'main', 'master', 'rolling', 'alpine', 'slim']);

export function isMovingTag(tag: string): boolean {
  return MAJOR_ONLY.test(tag) || CHANNELS.has(tag.toLowerCase());
}

const rule: KubernetesRule = {
  meta: {
    id: 'LS-K8S-024',
    kind: 'misconfiguration',
    severity: 'INFO',
    phase: 'deploy',
    title: 'Production image uses a moving major-version tag',
    aliases: [],
    tags: ['supply-chain', 'reproducibility', 'kubernetes'],
    remediation: 'Use a full version tag with a digest (`postgres:16.4-bookworm@sha256:<digest>`) and let an update bot propose upgrades.',
    docs: `Tags like \`node:20\`, \`postgres:16\` or \`nginx:stable\` are re-pointed on every release of that line.
That is convenient in development and surprising in production: a reschedule pulls a newer minor or patch
release that nobody tested, and two pods of one Deployment can run different versions.

Only runs with the production setting (\`--production\`); it is informational. Fires for images without
a digest whose tag is a bare major version (optionally with a variant: \`20\`, \`v3\`, \`16-alpine\`) or a
channel name (\`stable\`, \`lts\`, \`mainline\`, \`edge\`...).

\`\`\`yaml
image: node:20-alpine                 # fires (production only)
\`\`\`

\`\`\`yaml
image: node:20.18.1-alpine3.20@sha256:…   # ok
\`\`\``,
  },
  check(model, options): RuleHit[] {
    const hits: RuleHit[] = [];
    if (!options.production) return hits;
    for (const c of allContainers(model)) {
      const img = parseImage(c.image);
      if (!img || img.ref.digest !== undefined || img.ref.tag === undefined || !isMovingTag(img.ref.tag)) continue;
      hits.push(hitOn(c.pod.doc, c.pod.doc.lineOf([...c.path, 'image']), `The ${describe(c)} uses ${img.raw}: the tag "${img.ref.tag}" moves to every new release of that line.`, { container: c, details: { image: img.raw } }));
    }
    return hits;
  },
};

export default rule;
