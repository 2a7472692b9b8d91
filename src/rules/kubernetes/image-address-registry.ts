import type { RuleHit } from '../rule.js';
import { hitOn, type KubernetesRule } from '../../deploy/kubernetes/rule-kit.js';
import { isAddressRegistry, parseImage } from '../../deploy/kubernetes/images.js';
import { allContainers, describe } from '../../deploy/kubernetes/workloads.js';

const rule: KubernetesRule = {
  meta: {
    id: 'LS-K8S-025',
    kind: 'misconfiguration',
    severity: 'INFO',
    phase: 'deploy',
    title: 'Image from a registry addressed by IP or localhost',
    aliases: [],
    tags: ['supply-chain', 'kubernetes'],
    remediation: 'Serve the registry under a DNS name with a certificate the nodes trust, and reference images by that name.',
    docs: `Whether a registry is reached over plain HTTP is decided by the nodes' runtime configuration, not by the
manifest, so this cannot be known from YAML alone. What the manifest does show is a registry named by an IP
address or \`localhost\`: such registries are usually development setups that nodes are told to treat as
"insecure" (HTTP, or TLS without name verification), and \`localhost\` means a different registry on every
node. The finding is informational for that reason.

Fires for images whose registry is \`localhost[:port]\`, an IPv4 address or a bracketed IPv6 address.

\`\`\`yaml
image: 10.0.0.12:5000/shop/web:1.4.2     # fires (INFO)
\`\`\`

\`\`\`yaml
image: registry.acme.internal/shop/web:1.4.2   # ok
\`\`\``,
  },
  check(model): RuleHit[] {
    const hits: RuleHit[] = [];
    for (const c of allContainers(model)) {
      const img = parseImage(c.image);
      if (!img || !isAddressRegistry(img.ref.registry)) continue;
      hits.push(hitOn(c.pod.doc, c.pod.doc.lineOf([...c.path, 'image']), `The ${describe(c)} pulls ${img.raw} from ${img.ref.registry}, a registry addressed by IP/localhost; nodes often reach such registries without verified TLS.`, { container: c, details: { image: img.raw, registry: img.ref.registry } }));
    }
    return hits;
  },
};

export default rule;
