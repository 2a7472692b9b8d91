import type { RuleHit } from '../rule.js';
import { hitOn, type KubernetesRule } from '../../deploy/kubernetes/rule-kit.js';
import { parseImage } from '../../deploy/kubernetes/images.js';
import { registryAllowed } from '../../deploy/shared/registry-allowlist.js';
import { allContainers, describe } from '../../deploy/kubernetes/workloads.js';

const rule: KubernetesRule = {
  meta: {
    id: 'LS-K8S-022',
    kind: 'misconfiguration',
    severity: 'HIGH',
    phase: 'deploy',
    title: 'Image from a registry outside the allow list',
    aliases: [],
    tags: ['supply-chain', 'policy', 'kubernetes'],
    remediation: 'Mirror the image into an allowed registry (and reference it there), or add the registry to `registry-allowlist` in .leftshift.yaml after reviewing it.',
    docs: `Organisations restrict where images may come from so that every image passes their scanning, signing
and retention. This rule applies the \`registry-allowlist\` of \`.leftshift.yaml\`; without an allow list it
does nothing.

An entry is a registry host (\`ghcr.io\`, \`registry.example.com:5000\`), a repository prefix matched by
whole path segments (\`ghcr.io/acme\` allows \`ghcr.io/acme/api\`, not \`ghcr.io/acme-evil/api\`) or a
wildcard host (\`*.dkr.ecr.eu-west-1.amazonaws.com\`); \`docker.io\` stands for Docker Hub however it is
written (\`nginx\` is \`docker.io/library/nginx\`). Fires per container whose image matches no entry.

\`\`\`yaml
# registry-allowlist: [ghcr.io/acme]
image: docker.io/bitnami/redis:7.4    # fires
\`\`\`

\`\`\`yaml
image: ghcr.io/acme/redis:7.4         # ok
\`\`\``,
  },
  check(model, options): RuleHit[] {
    const hits: RuleHit[] = [];
    if (options.allowedRegistries.length === 0) return hits;
    for (const c of allContainers(model)) {
      const img = parseImage(c.image);
      if (!img || registryAllowed(img.ref, options.allowedRegistries)) continue;
      hits.push(hitOn(c.pod.doc, c.pod.doc.lineOf([...c.path, 'image']), `The ${describe(c)} uses ${img.raw} from ${img.ref.registry}, which is not in the registry allow list (${options.allowedRegistries.join(', ')}).`, { container: c, details: { image: img.raw, registry: img.ref.registry } }));
    }
    return hits;
  },
};

export default rule;
