import type { ImageRule } from '../rule.js';
import type { RuleHit } from '../../rule.js';
import { IMAGE_SECRETS_ANALYZER, secretsFactsOf } from '../../../analyze/image/secrets.js';
import { secretRuleById } from '../../../analyze/secret/index.js';
import { describeLayer, hitLayer, maxSeverity, isDependencyFixture, secretDetails } from './shared.js';

/**
 * Secrets (by content) in files of the final filesystem. Severity is the engine rule's; private
 * keys are at least HIGH whatever the rule says, except among a dependency's tests/examples
 * (LOW, see `isDependencyFixture`).
 */
const rule: ImageRule = {
  meta: {
    id: 'LS-IMG-101',
    kind: 'secret',
    severity: 'HIGH',
    phase: 'image',
    title: 'Secret in a file of the image',
    aliases: [],
    tags: ['security', 'secret'],
    remediation:
      'Rotate the credential, then remove the file from the image: provide secrets at build time with `RUN --mount=type=secret` and at run time through the orchestrator (Kubernetes Secrets, `docker run --env-file`), never in a layer.',
    docs: `A file in the image's final filesystem contains a credential recognised by the secret engine
(\`LS-SEC-*\` content rules: cloud keys, tokens, private keys, passwords in URLs...). Anyone who can pull the
image can read it. The finding names the file, the line, the engine rule and the layer (history step) that
added the file; the value is always redacted.

Fails (the key is in \`/app/config/.env\`):

\`\`\`dockerfile
COPY .env /app/config/.env
\`\`\`

Passes (the value exists only at run time):

\`\`\`dockerfile
# docker run --env-file ./prod.env image
CMD ["node", "server.js"]
\`\`\``,
  },
  check({ walk }): RuleHit[] {
    const hits: RuleHit[] = [];
    for (const r of walk.effective) {
      if (r.analyzer !== IMAGE_SECRETS_ANALYZER) continue;
      const facts = secretsFactsOf(r.output);
      for (const s of facts?.secrets ?? []) {
        const engineRule = secretRuleById(s.ruleId);
        const fixture = isDependencyFixture(r.path);
        const severity = fixture ? 'LOW' : engineRule?.display === 'pem' ? maxSeverity(s.severity, 'HIGH') : s.severity;
        hits.push({
          path: `/${r.path}`,
          line: s.line,
          column: s.column,
          layer: hitLayer(r.layer),
          severity,
          message: `${s.title} in /${r.path}:${s.line} (${s.redacted}), added by ${describeLayer(r.layer)}${fixture ? '; it sits among a dependency\'s test or example files, so it is likely a fixture' : ''}.`,
          details: {
            ...secretDetails(s, r.layer),
            ...(fixture ? { likelyDependencyFixture: true } : {}),
            ...(engineRule ? { secretAliases: [...engineRule.aliases], secretRemediation: engineRule.remediation } : {}),
            ...(facts?.truncated ? { truncated: true } : {}),
          },
        });
      }
    }
    return hits;
  },
};

export default rule;
