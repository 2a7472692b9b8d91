import type { DockerfileRule, RuleHit } from '../rule.js';

const rule: DockerfileRule = {
  meta: {
    id: 'LS-CTX-002',
    kind: 'secret',
    severity: 'HIGH',
    phase: 'context',
    title: '.dockerignore gap: a credential file reaches the image through a broad COPY',
    aliases: [],
    tags: ['security', 'secret', 'dockerignore'],
    remediation: 'Add the file (or a pattern such as `**/.env`, `**/*.pem`, `**/id_rsa`) to .dockerignore, and rotate the credential if an image with it was ever pushed.',
    docs: `A credential file in the build context is not excluded by \`.dockerignore\` and a broad \`COPY . .\` (or \`COPY . /app\`,
\`ADD . .\`) sends it into an image layer. The fix belongs in \`.dockerignore\`, so that no current or future broad copy can
pick it up. A credential that \`.dockerignore\` excludes, or that no COPY reaches, is not reported.

\`\`\`dockerfile
# context contains .env and id_rsa, .dockerignore lists only node_modules
COPY . .          # fires once per credential file
\`\`\`

\`\`\`
# .dockerignore
.env
**/id_rsa
\`\`\``,
  },
  check({ context }): RuleHit[] {
    if (!context) return [];
    const lineage = new Set(context.finalLineage ?? [context.finalStage]);
    const hits: RuleHit[] = [];
    for (const [path, facts] of context.fileSecrets) {
      if (!facts.sensitive) continue;
      const all = context.copies.filter((c) => c.files.includes(path));
      if (all.length === 0 || all.some((c) => !c.broad)) continue;
      const copy = all.find((c) => lineage.has(c.stage)) ?? all[0]!;
      const inFinal = lineage.has(copy.stage);
      hits.push({
        line: copy.instruction.line,
        endLine: copy.instruction.endLine,
        message: `${path} (${facts.sensitive.title}) is not excluded by ${context.ignoreFile ?? 'a .dockerignore (there is none)'} and "${copy.instruction.keyword} ${copy.instruction.body.replace(/\s+/g, ' ')}" on line ${copy.instruction.line} copies it into ${inFinal ? 'the final image' : `build stage ${copy.stage}`}.`,
        severity: inFinal ? facts.sensitive.severity : facts.sensitive.severity === 'CRITICAL' ? 'HIGH' : 'MEDIUM',
        details: { file: path, classification: facts.sensitive.id, ignoreFile: context.ignoreFile ?? null, reachesFinalImage: inFinal },
      });
    }
    return hits;
  },
};

export default rule;
