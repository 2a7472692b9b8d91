import { cleanSource, compileSource, isRemote } from '../../dockerfile/copy-trace.js';
import type { DockerfileRule, RuleHit } from '../rule.js';

const rule: DockerfileRule = {
  meta: {
    id: 'LS-CTX-004',
    kind: 'misconfiguration',
    severity: 'MEDIUM',
    phase: 'context',
    title: 'COPY/ADD source not in the build context',
    aliases: [],
    tags: ['correctness', 'dockerignore'],
    remediation: 'Fix the path, or remove the .dockerignore pattern that excludes it. Paths are relative to the build context root; `..` cannot reach outside it.',
    docs: `A \`COPY\`/\`ADD\` source (without \`--from\`) selects no file the builder receives, so the build fails with
"not found". The message says why when it can: the file exists but \`.dockerignore\` excludes it, or the path
climbs out of the context with \`..\`.

\`\`\`dockerfile
COPY config/app.yaml /etc/app/   # fires if config/ is in .dockerignore
\`\`\``,
  },
  check({ context }): RuleHit[] {
    if (!context) return [];
    const hits: RuleHit[] = [];
    for (const copy of context.copies) {
      if (copy.from) continue;
      for (const src of copy.sources) {
        if (isRemote(src) || src.includes('$')) continue;
        const clean = cleanSource(src);
        const matcher = compileSource(clean);
        if (clean === '' || context.files.some((f) => matcher(f.path))) continue;
        const ignored = context.allFiles.some((f) => matcher(f.path));
        const escapes = /(^|\/)\.\.(\/|$)/.test(src.replace(/\\/g, '/'));
        const why = ignored
          ? `it exists but ${context.ignoreFile ?? '.dockerignore'} excludes it`
          : escapes
            ? 'paths cannot leave the build context with ".."'
            : 'no such file in the build context';
        hits.push({ line: copy.instruction.line, endLine: copy.instruction.endLine, message: `${copy.instruction.keyword} source "${src}" selects nothing: ${why}.`, details: { source: src, excludedByDockerignore: ignored } });
      }
    }
    return hits;
  },
};

export default rule;
