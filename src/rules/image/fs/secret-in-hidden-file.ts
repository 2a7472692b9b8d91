import type { ImageRule } from '../rule.js';
import type { RuleHit } from '../../rule.js';
import { IMAGE_SECRETS_ANALYZER, secretsFactsOf } from '../../../analyze/image/secrets.js';
import { secretRuleById } from '../../../analyze/secret/index.js';
import { describeHider, describeLayer, hitLayer, HiderIndex, maxSeverity, secretDetails } from './shared.js';

/**
 * Secrets in files that a later layer deleted or overwrote. The bytes stay in the layer that
 * added them, so deleting is no remedy; at least HIGH because the author clearly believed the
 * secret was gone and will not have rotated it.
 */
const rule: ImageRule = {
  meta: {
    id: 'LS-IMG-102',
    kind: 'secret',
    severity: 'HIGH',
    phase: 'image',
    title: 'Secret in a file deleted or overwritten by a later layer',
    aliases: [],
    tags: ['security', 'secret'],
    remediation:
      'Rotate the credential. Rebuild so that it never reaches a layer: use `RUN --mount=type=secret` (or `--mount=type=ssh`) in the step that needs it instead of COPY followed by `rm`, or copy only the build output from a separate stage.',
    docs: `A layer added a file containing a credential and a later layer deleted it (whiteout, opaque directory)
or overwrote it. The final filesystem no longer shows the file, but the layer that added it is still part of
the image: anyone who pulls the image can extract that layer and read the secret. The finding names the layer
that added the file and the layer that hid it.

Fails (the key stays in the COPY layer):

\`\`\`dockerfile
COPY id_rsa /root/.ssh/id_rsa
RUN git clone git@github.com:org/private.git && rm -rf /root/.ssh
\`\`\`

Passes (the key is mounted for one step and never written to a layer):

\`\`\`dockerfile
RUN --mount=type=ssh git clone git@github.com:org/private.git
\`\`\``,
  },
  check({ walk }): RuleHit[] {
    const hits: RuleHit[] = [];
    const hiders = new HiderIndex(walk);
    // A later layer that rewrote a file unchanged (`chown -R`, `chmod`) leaves the same secret in
    // the final filesystem: LS-IMG-101 reports it there, so it is not reported twice.
    const visible = new Set<string>();
    for (const r of walk.effective) {
      if (r.analyzer !== IMAGE_SECRETS_ANALYZER) continue;
      for (const s of secretsFactsOf(r.output)?.secrets ?? []) visible.add(`${r.path}\0${s.ruleId}\0${s.redacted}`);
    }
    for (const r of walk.shadowed) {
      if (r.analyzer !== IMAGE_SECRETS_ANALYZER) continue;
      const facts = secretsFactsOf(r.output);
      if (!facts || facts.secrets.length === 0) continue;
      const hider = hiders.find(r);
      const hidden = hider ? describeHider(hider) : 'no longer in the final filesystem';
      for (const s of facts.secrets) {
        if (visible.has(`${r.path}\0${s.ruleId}\0${s.redacted}`)) continue;
        const engineRule = secretRuleById(s.ruleId);
        hits.push({
          path: `/${r.path}`,
          line: s.line,
          column: s.column,
          layer: hitLayer(r.layer),
          severity: maxSeverity(s.severity, 'HIGH'),
          message: `${s.title} in /${r.path}:${s.line} (${s.redacted}), added by ${describeLayer(r.layer)} and ${hidden}: still in the image for anyone who pulls it.`,
          details: {
            ...secretDetails(s, r.layer),
            ...(hider ? { hiddenInLayer: hider.layer.index, hiddenBy: hider.how, hiddenPath: `/${hider.by}` } : {}),
            ...(engineRule ? { secretAliases: [...engineRule.aliases], secretRemediation: engineRule.remediation } : {}),
          },
        });
      }
    }
    return hits;
  },
};

export default rule;
