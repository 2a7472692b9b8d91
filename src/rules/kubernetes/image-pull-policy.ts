import type { RuleHit } from '../rule.js';
import { hitOn, type KubernetesRule } from '../../deploy/kubernetes/rule-kit.js';
import { parseImage } from '../../deploy/kubernetes/images.js';
import { allContainers, describe } from '../../deploy/kubernetes/workloads.js';

const rule: KubernetesRule = {
  meta: {
    id: 'LS-K8S-023',
    kind: 'misconfiguration',
    severity: 'MEDIUM',
    phase: 'deploy',
    title: 'Image pull policy keeps a stale moving tag',
    aliases: [],
    tags: ['supply-chain', 'reliability', 'kubernetes'],
    remediation: 'Pin the image to a version tag and digest (then `IfNotPresent` is right), or use `imagePullPolicy: Always` while the tag moves.',
    docs: `With \`imagePullPolicy: IfNotPresent\` (or \`Never\`) a node reuses whatever image it cached under the
tag. For \`:latest\` or an untagged image that means different nodes run different builds, and a security
fix pushed under the same tag never reaches nodes that already have the old one. (Kubernetes defaults to
\`Always\` for \`:latest\` exactly for this reason; setting the policy explicitly overrides that.)

Fires when the policy is \`IfNotPresent\` or \`Never\` and the image is untagged or \`:latest\` without a
digest, on the \`imagePullPolicy\` line. \`Always\` is fine with any reference, and any policy is fine with a
digest.

\`\`\`yaml
image: acme/worker:latest
imagePullPolicy: IfNotPresent         # fires
\`\`\`

\`\`\`yaml
image: acme/worker:2.3.1@sha256:9b2a2e1d…
imagePullPolicy: IfNotPresent         # ok
\`\`\``,
  },
  check(model): RuleHit[] {
    const hits: RuleHit[] = [];
    for (const c of allContainers(model)) {
      const img = parseImage(c.image);
      if (!img?.latest) continue;
      const policy = c.pod.doc.at([...c.path, 'imagePullPolicy']);
      if (policy.value !== 'IfNotPresent' && policy.value !== 'Never') continue;
      hits.push(hitOn(c.pod.doc, policy.line, `The ${describe(c)} uses imagePullPolicy ${String(policy.value)} with the moving image ${img.raw}: nodes keep running whatever they cached.`, { container: c, details: { image: img.raw, imagePullPolicy: policy.value } }));
    }
    return hits;
  },
};

export default rule;
