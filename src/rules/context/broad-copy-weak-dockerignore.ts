import type { DockerfileRule, RuleHit } from '../rule.js';

/** Context content that almost never belongs in an image, and that a broad COPY would take. */
const JUNK: Array<{ test: (p: string) => boolean; what: string; pattern: string }> = [
  { test: (p) => p === '.git' || p.startsWith('.git/'), what: 'the .git directory (history, remotes, possibly tokens in .git/config)', pattern: '.git' },
  { test: (p) => /(^|\/)node_modules\//.test(p), what: 'node_modules (host-built dependencies, possibly for another OS)', pattern: '**/node_modules' },
  { test: (p) => /(^|\/)\.(venv|tox)\//.test(p) || /(^|\/)__pycache__\//.test(p), what: 'Python virtualenvs and caches', pattern: '**/.venv\n**/__pycache__' },
  { test: (p) => /(^|\/)\.terraform\//.test(p), what: 'the .terraform directory', pattern: '**/.terraform' },
];

const rule: DockerfileRule = {
  meta: {
    id: 'LS-CTX-003',
    kind: 'misconfiguration',
    severity: 'MEDIUM',
    phase: 'context',
    title: 'Broad COPY with a missing or weak .dockerignore',
    aliases: [],
    tags: ['security', 'dockerignore', 'best-practice'],
    remediation: 'Add a .dockerignore next to the Dockerfile that excludes at least `.git`, dependency folders, local env files and credentials, or copy only the paths the image needs.',
    docs: `\`COPY . .\` sends the whole build context into the image. Without a \`.dockerignore\`, or with one that leaves
\`.git\`, \`node_modules\` or virtualenvs in, the image grows, builds get slower, caches break on every commit, and
repository history or local credentials end up in a layer.

Fires on a broad COPY/ADD when there is no ignore file (MEDIUM), or when the ignore file lets through one of
\`.git\`, \`node_modules\`, Python virtualenvs/caches or \`.terraform\` that is present in the context (LOW).`,
  },
  check({ context }): RuleHit[] {
    if (!context) return [];
    const broad = context.copies.filter((c) => c.broad && !c.from);
    if (broad.length === 0) return [];
    const hits: RuleHit[] = [];
    const first = broad[0]!;
    if (!context.ignoreFile) {
      hits.push({
        line: first.instruction.line,
        endLine: first.instruction.endLine,
        message: `${first.instruction.keyword} on line ${first.instruction.line} copies the whole build context (${context.files.length} files) and there is no .dockerignore.`,
      });
      return hits;
    }
    const leaked = JUNK.filter((j) => context.files.some((f) => j.test(f.path)));
    if (leaked.length > 0) {
      hits.push({
        line: first.instruction.line,
        endLine: first.instruction.endLine,
        severity: 'LOW',
        message: `${first.instruction.keyword} on line ${first.instruction.line} copies the whole build context, and ${context.ignoreFile} does not exclude ${leaked.map((l) => l.what).join('; ')}.`,
        details: { suggestedPatterns: leaked.map((l) => l.pattern).join('\n').split('\n') },
      });
    }
    return hits;
  },
};

export default rule;
