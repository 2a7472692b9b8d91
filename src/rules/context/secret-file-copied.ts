import type { DockerfileRule, RuleHit } from '../rule.js';
import { oneLevelLower } from '../../findings/severity.js';

/**
 * Credential files (by name, confirmed by content where the name alone is ambiguous) that a COPY
 * or ADD names explicitly. Files that arrive only through a broad `COPY . .` are reported by
 * LS-CTX-002 instead, because the fix there is the `.dockerignore`, not the COPY.
 */
const rule: DockerfileRule = {
  meta: {
    id: 'LS-CTX-001',
    kind: 'secret',
    severity: 'HIGH',
    phase: 'context',
    title: 'Credential file copied into the image',
    aliases: [],
    tags: ['security', 'secret'],
    remediation:
      'Do not COPY credentials. Mount them only while a step needs them (`RUN --mount=type=secret,id=npmrc,target=/root/.npmrc npm ci`) or inject them at run time (Kubernetes Secrets, `docker run --env-file`).',
    docs: `A file whose name marks it as a credential (\`id_rsa\`, \`.env\`, \`*.pem\` with a private key, \`.npmrc\`
with a token, \`.aws/credentials\`, \`*.tfstate\`, kubeconfig...) is selected by a \`COPY\`/\`ADD\` source. Everything
copied becomes part of an image layer and can be read by anyone who can pull the image, even if a later
\`RUN rm\` deletes it. Severity is that of the credential; copies into a build stage that never reaches the final
image are one level lower (they still live in the build cache and in any pushed intermediate image).

\`\`\`dockerfile
COPY .npmrc /root/.npmrc      # fires when .npmrc holds an auth token
RUN npm ci
\`\`\`

\`\`\`dockerfile
RUN --mount=type=secret,id=npmrc,target=/root/.npmrc npm ci   # ok
\`\`\``,
  },
  check({ context }): RuleHit[] {
    if (!context) return [];
    const lineage = new Set(context.finalLineage ?? [context.finalStage]);
    const hits: RuleHit[] = [];
    for (const [path, facts] of context.fileSecrets) {
      if (!facts.sensitive) continue;
      const explicit = context.copies.filter((c) => !c.broad && c.files.includes(path));
      if (explicit.length === 0) continue;
      const copy = explicit[0]!;
      const inFinal = explicit.some((c) => lineage.has(c.stage));
      hits.push({
        line: copy.instruction.line,
        endLine: copy.instruction.endLine,
        message: `${copy.instruction.keyword} on line ${copy.instruction.line} copies ${path} (${facts.sensitive.title}: ${facts.sensitive.reason}) into ${inFinal ? 'the final image' : `build stage ${copy.stage}`}.`,
        severity: inFinal ? facts.sensitive.severity : oneLevelLower(facts.sensitive.severity),
        details: { file: path, classification: facts.sensitive.id, stage: copy.stage, reachesFinalImage: inFinal },
      });
    }
    return hits;
  },
};

export default rule;
