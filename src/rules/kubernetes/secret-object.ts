import type { RuleHit } from '../rule.js';
import { hitOn, type KubernetesRule } from '../../deploy/kubernetes/rule-kit.js';
import { valueKind } from '../../deploy/kubernetes/secret-values.js';

const rule: KubernetesRule = {
  meta: {
    id: 'LS-K8S-017',
    kind: 'secret',
    severity: 'LOW',
    phase: 'deploy',
    title: 'Secret with data committed to the repository',
    aliases: [],
    tags: ['security', 'secret', 'kubernetes', 'gitops'],
    remediation: 'Do not commit Secret objects with data: commit a SealedSecret (bitnami sealed-secrets), an ExternalSecret (external-secrets operator) or a SOPS-encrypted file instead, and rotate the values that were committed.',
    docs: `A Secret's \`data\` is base64, which is an encoding, not encryption: anyone who can read the repository
(or its history, forks and CI caches) can read the values. Rendered Helm charts often contain such Secrets
too. The rule reports that a Secret with values is committed; it does not judge the values themselves
(credential formats in env vars and ConfigMaps are reported by LS-K8S-015 and LS-K8S-016).

Fires on a \`Secret\` whose \`data\` or \`stringData\` has at least one value that is not empty or an
obvious placeholder, on the \`data:\`/\`stringData:\` line. Values are not shown.

\`\`\`yaml
kind: Secret
stringData:
  password: prod-password-123        # fires
\`\`\`

\`\`\`yaml
kind: SealedSecret                   # ok: encrypted for the cluster's key
spec:
  encryptedData:
    password: AgBy3i4OJSWK+PiTySYZZA9rO43cGDEq...
\`\`\``,
  },
  check(model): RuleHit[] {
    const hits: RuleHit[] = [];
    for (const doc of model.docs) {
      if (doc.kind !== 'Secret') continue;
      for (const field of ['data', 'stringData']) {
        const node = doc.node([field]);
        if (node?.kind !== 'map') continue;
        const keys = [...node.entries].filter(([, v]) => v.kind === 'scalar' && v.value !== null && (field === 'data' ? String(v.value).trim() !== '' : valueKind(String(v.value)) !== 'empty' && valueKind(String(v.value)) !== 'placeholder')).map(([k]) => k);
        if (keys.length === 0) continue;
        const shown = keys.slice(0, 5).join(', ') + (keys.length > 5 ? `, … (${keys.length} keys)` : '');
        hits.push(hitOn(doc, node.line, `${doc.ref} is committed with values in ${field} (${shown}); base64 is not encryption.`, { details: { field, keys } }));
      }
    }
    return hits;
  },
};

export default rule;
