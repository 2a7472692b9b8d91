import type { RuleHit } from '../rule.js';
import { hitOn, type KubernetesRule } from '../../deploy/kubernetes/rule-kit.js';
import { parseImage } from '../../deploy/kubernetes/images.js';
import { allContainers, describe } from '../../deploy/kubernetes/workloads.js';

const rule: KubernetesRule = {
  meta: {
    id: 'LS-K8S-021',
    kind: 'misconfiguration',
    severity: 'LOW',
    phase: 'deploy',
    title: 'Image not pinned by digest',
    aliases: ['kube-linter:image-not-pinned-by-digest', 'checkov:CKV_K8S_43'],
    tags: ['supply-chain', 'reproducibility', 'kubernetes'],
    remediation: 'Append the digest of the tested image: `image: ghcr.io/acme/web:1.4.2@sha256:<digest>` (`crane digest` or `docker buildx imagetools inspect` prints it) and let Renovate/Dependabot update it.',
    docs: `A tag is a pointer the publisher (or whoever compromises the registry account) can move. Only a digest
names exact content: every node pulls the same bytes, and a replaced upstream image is not deployed
silently. Keep the tag next to the digest so humans and update bots still see the version.

Fires for images with a version tag and no digest. Untagged and \`:latest\` images are reported by
LS-K8S-020.

\`\`\`yaml
image: postgres:16.4                  # fires
\`\`\`

\`\`\`yaml
image: postgres:16.4@sha256:4ec37d2a07a0067f176fdcc9d4bb633a5724d2cc4f892c7a2046d054bb6939e5   # ok
\`\`\``,
  },
  check(model): RuleHit[] {
    const hits: RuleHit[] = [];
    for (const c of allContainers(model)) {
      const img = parseImage(c.image);
      if (!img?.tagOnly) continue;
      hits.push(hitOn(c.pod.doc, c.pod.doc.lineOf([...c.path, 'image']), `The ${describe(c)} uses ${img.raw} without a digest: the tag can be moved to different content.`, { container: c, details: { image: img.raw } }));
    }
    return hits;
  },
};

export default rule;
