import type { RuleHit } from '../rule.js';
import { hitOn, type KubernetesRule } from '../../deploy/kubernetes/rule-kit.js';
import { engineMatches, valueKind } from '../../deploy/kubernetes/secret-values.js';
import { allContainers, describe } from '../../deploy/kubernetes/workloads.js';
import { isSecretName, redactValue } from '../../analyze/secret/names.js';

const rule: KubernetesRule = {
  meta: {
    id: 'LS-K8S-015',
    kind: 'secret',
    severity: 'HIGH',
    phase: 'deploy',
    title: 'Secret value written in a container environment variable',
    aliases: ['kube-linter:env-var-secret', 'polaris:sensitiveContainerEnvVar'],
    tags: ['security', 'secret', 'kubernetes'],
    remediation: 'Move the value into a Secret (created outside the repository: sealed-secrets, external-secrets, SOPS, a CSI secrets store) and reference it with `valueFrom.secretKeyRef`, or mount it as a file. Rotate the exposed credential.',
    docs: `A literal \`env[].value\` is stored in the manifest, in git history, in the object's
\`last-applied-configuration\` annotation and in every \`kubectl get -o yaml\` output, readable by anyone who
can read the workload (a much wider group than who can read Secrets).

Fires on \`env[].value\` of any container when either
- the secret engine recognises a credential format in the value (cloud keys, tokens, private keys,
  URLs with passwords...): the engine's severity is kept (CRITICAL for high-confidence formats), or
- the variable's name says it holds a credential (\`DB_PASSWORD\`, \`API_KEY\`, \`authToken\`, \`*_SECRET\`)
  and the value is a literal (not empty, not a \`$(VAR)\` reference, not a placeholder like \`changeme\`).

The value is never printed: messages show at most its first and last characters.

\`\`\`yaml
env:
  - name: DB_PASSWORD
    value: "s3cr3t-Pr0d-pass"        # fires
\`\`\`

\`\`\`yaml
env:
  - name: DB_PASSWORD
    valueFrom:
      secretKeyRef: {name: db, key: password}   # ok
\`\`\``,
  },
  check(model): RuleHit[] {
    const hits: RuleHit[] = [];
    for (const c of allContainers(model)) {
      const env = c.node.entries.get('env');
      if (env?.kind !== 'seq') continue;
      for (const e of env.items) {
        if (e.kind !== 'map') continue;
        const nameNode = e.entries.get('name');
        const valueNode = e.entries.get('value');
        if (nameNode?.kind !== 'scalar' || valueNode?.kind !== 'scalar' || valueNode.value === null) continue;
        const name = String(nameNode.value);
        const value = String(valueNode.value);
        const kind = valueKind(value);
        if (kind === 'empty' || kind === 'reference') continue;
        const found = engineMatches(value)[0];
        if (found) {
          hits.push(hitOn(c.pod.doc, valueNode.line, `The ${describe(c)} sets ${name} to a literal ${found.title} (${found.redacted}).`, {
            severity: found.severity,
            container: c,
            details: { variable: name, secretRule: found.ruleId, redacted: found.redacted },
          }));
          continue;
        }
        if (kind === 'literal' && isSecretName(name)) {
          hits.push(hitOn(c.pod.doc, valueNode.line, `The ${describe(c)} sets ${name} to a literal value (${redactValue(value)}) in the manifest.`, {
            container: c,
            details: { variable: name, redacted: redactValue(value) },
          }));
        }
      }
    }
    return hits;
  },
};

export default rule;
