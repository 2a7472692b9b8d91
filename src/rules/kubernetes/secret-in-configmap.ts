import type { RuleHit } from '../rule.js';
import { hitOn, type KubernetesRule } from '../../deploy/kubernetes/rule-kit.js';
import { engineMatches, valueKind } from '../../deploy/kubernetes/secret-values.js';
import type { KScalar } from '../../deploy/kubernetes/node.js';
import { isSecretName, redactValue } from '../../analyze/secret/names.js';

/**
 * Source line of line `n` (1-based) of a scalar's text. Exact for literal blocks (`|`) and
 * single-line values; folded and multi-line quoted scalars fall back to the key's line.
 */
function sourceLine(node: KScalar, n: number): number {
  if (n === 1 && !node.literalBlock) return node.line;
  return node.literalBlock ? node.textLine + n - 1 : node.line;
}

const rule: KubernetesRule = {
  meta: {
    id: 'LS-K8S-016',
    kind: 'secret',
    severity: 'HIGH',
    phase: 'deploy',
    title: 'Secret value stored in a ConfigMap',
    aliases: ['trivy:KSV109', 'kube-linter:configmap-with-credentials'],
    tags: ['security', 'secret', 'kubernetes'],
    remediation: 'Move credentials out of the ConfigMap into a Secret that is not committed (sealed-secrets, external-secrets, SOPS) and reference it from the pod; keep only non-secret settings in the ConfigMap. Rotate the exposed credential.',
    docs: `ConfigMaps are meant for non-confidential data: they are not encrypted at rest even where Secrets are,
RBAC roles commonly grant read access to all ConfigMaps, and they are printed in full by debugging tools.
A committed ConfigMap also puts the value in git history.

Fires on \`data\` entries of a ConfigMap when
- the secret engine finds a credential anywhere in the value (embedded config files included, pointing at
  the line inside a \`|\` block), with the engine's severity, or
- the key's name says it holds a credential (\`password\`, \`api_key\`, \`client-secret\`...) and its value is a
  single literal (not empty, a \`\${VAR}\` reference, or a placeholder).

Values are always redacted in messages.

\`\`\`yaml
kind: ConfigMap
data:
  DB_PASSWORD: hunter2-but-longer     # fires
\`\`\`

\`\`\`yaml
kind: ConfigMap
data:
  DB_HOST: postgres.shop.svc          # ok
  LOG_LEVEL: info
\`\`\``,
  },
  check(model): RuleHit[] {
    const hits: RuleHit[] = [];
    for (const doc of model.docs) {
      if (doc.kind !== 'ConfigMap') continue;
      const data = doc.node(['data']);
      if (data?.kind !== 'map') continue;
      for (const [key, node] of data.entries) {
        if (node.kind !== 'scalar' || node.value === null) continue;
        const value = String(node.value);
        const lines = new Set<number>();
        for (const m of engineMatches(value)) {
          const line = sourceLine(node, m.line);
          if (lines.has(line)) continue;
          lines.add(line);
          hits.push(hitOn(doc, line, `${doc.ref} key "${key}" contains a ${m.title} (${m.redacted}).`, { severity: m.severity, details: { key, secretRule: m.ruleId, redacted: m.redacted } }));
        }
        if (lines.size > 0) continue;
        if (!value.includes('\n') && valueKind(value) === 'literal' && isSecretName(key)) {
          hits.push(hitOn(doc, node.line, `${doc.ref} key "${key}" holds a literal credential (${redactValue(value)}).`, { details: { key, redacted: redactValue(value) } }));
        }
      }
    }
    return hits;
  },
};

export default rule;
