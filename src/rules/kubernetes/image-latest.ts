import type { RuleHit } from '../rule.js';
import { hitOn, type KubernetesRule } from '../../deploy/kubernetes/rule-kit.js';
import { parseImage } from '../../deploy/kubernetes/images.js';
import { allContainers, describe } from '../../deploy/kubernetes/workloads.js';

const rule: KubernetesRule = {
  meta: {
    id: 'LS-K8S-020',
    kind: 'misconfiguration',
    severity: 'MEDIUM',
    phase: 'deploy',
    title: 'Image uses the latest tag or no tag',
    aliases: ['kube-linter:latest-tag', 'polaris:tagNotSpecified', 'checkov:CKV_K8S_14', 'trivy:KSV013'],
    tags: ['supply-chain', 'reproducibility', 'kubernetes'],
    remediation: 'Use an explicit version tag, ideally with its digest: `image: ghcr.io/acme/web:1.4.2@sha256:<digest>`.',
    docs: `\`image: nginx\` and \`image: nginx:latest\` name whatever was pushed last. Two replicas can run different
code, a rollback redeploys the same moving tag, and nobody can tell from the manifest what is running or
which vulnerabilities it has.

Fires for containers (all kinds) whose image has no tag or the tag \`latest\`, unless it is pinned by
digest. Version tags without a digest are reported by LS-K8S-021 instead.

\`\`\`yaml
containers:
  - name: web
    image: nginx                      # fires
\`\`\`

\`\`\`yaml
containers:
  - name: web
    image: nginx:1.27.3               # ok here (LS-K8S-021 still asks for a digest)
\`\`\``,
  },
  check(model): RuleHit[] {
    const hits: RuleHit[] = [];
    for (const c of allContainers(model)) {
      const img = parseImage(c.image);
      if (!img?.latest) continue;
      const line = c.pod.doc.lineOf([...c.path, 'image']);
      const what = img.ref.tag === 'latest' ? 'the tag latest' : 'no tag (so latest)';
      hits.push(hitOn(c.pod.doc, line, `The ${describe(c)} uses ${img.raw} with ${what}: what runs changes with every push.`, { container: c, details: { image: img.raw } }));
    }
    return hits;
  },
};

export default rule;
