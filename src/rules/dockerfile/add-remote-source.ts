import { expandWord } from '../../dockerfile/expand.js';
import { hasFlag, type Dockerfile, type Instruction } from '../../dockerfile/model.js';
import type { DockerfileRule, RuleHit } from '../rule.js';

export type RemoteKind = 'url' | 'git';

/**
 * What BuildKit fetches instead of reading from the build context: an HTTP(S) URL, or a Git
 * repository (`git@host:repo`, `git://`, `ssh://`, or an HTTP(S) URL whose path ends in `.git`).
 */
export function remoteKind(source: string): RemoteKind | undefined {
  if (/^git@[^\s:]+:/.test(source) || /^(?:git|ssh):\/\//i.test(source)) return 'git';
  if (/^https?:\/\//i.test(source)) {
    const path = source.split('#')[0]!.split('?')[0]!;
    return /\.git\/?$/i.test(path) ? 'git' : 'url';
  }
  return undefined;
}

/** An ADD/COPY source list after variable expansion; `undefined` entries could not be resolved. */
export interface ExpandedSources {
  sources: Array<string | undefined>;
  dest: string | undefined;
}

/** Splits ADD/COPY arguments into sources and destination, expanding `$VARS` as Docker does. */
export function expandSources(ins: Instruction, escape: Dockerfile['escapeChar']): ExpandedSources {
  const words = ins.args.map((w) => {
    // Heredoc markers are content, not paths; keep them as written.
    if (!ins.jsonForm && w.startsWith('<<')) return w;
    const e = expandWord(w, ins.vars, escape);
    return e.unresolved.length > 0 || e.value === '' ? undefined : e.value;
  });
  if (words.length < 2) return { sources: [], dest: words[0] };
  return { sources: words.slice(0, -1), dest: words[words.length - 1] };
}

/** Hides credentials in a URL (`https://user:pw@host` and query values) before it goes in a message. */
export function displayUrl(source: string): string {
  return source
    .replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/@\s]*@/i, '$1***@')
    .replace(/([?&][^=&#]+)=[^&#]*/g, '$1=…');
}

/** A Git ref pinned to a full commit id (`…repo.git#<40 hex>`), which cannot move. */
function pinnedGitCommit(source: string): boolean {
  return /#[0-9a-f]{40}(?::|$)/i.test(source);
}

const rule: DockerfileRule = {
  meta: {
    id: 'LS-DF-003',
    kind: 'misconfiguration',
    severity: 'MEDIUM',
    phase: 'dockerfile',
    title: 'ADD fetches a remote URL or Git repository',
    aliases: [],
    tags: ['security', 'supply-chain'],
    remediation:
      'Download in a RUN step and verify a known checksum (`curl -fsSLo app.tgz "$URL" && echo "$SHA256  app.tgz" | sha256sum -c -`), or pin the download with `ADD --checksum=sha256:<digest> <url> <dest>` (BuildKit, Dockerfile syntax 1.6+). For Git sources, pin a full commit id and copy from a build stage or a named build context.',
    docs: `\`ADD <url>\` and \`ADD <git repository>\` make the build depend on whatever the remote server returns at
build time. Without a checksum nothing detects that the file was replaced or tampered with, builds are not
reproducible, and a compromised download server compromises the image. (Unlike local archives, a remote
archive is also not extracted, which surprises people who expect \`ADD\` to unpack it.)

Fires on every \`ADD\` with an \`http(s)://\` URL or a Git source (\`git@host:repo\`, \`git://\`, \`ssh://\`,
\`https://…/repo.git\`). With \`--checksum=sha256:…\` (or a Git ref pinned to a full commit id) the content
is verified, so the finding is downgraded to LOW.

\`\`\`dockerfile
FROM debian:12-slim
ADD https://example.com/tool-1.2.tar.gz /opt/           # fires (MEDIUM)
\`\`\`

\`\`\`dockerfile
FROM debian:12-slim
ADD --checksum=sha256:24454f830cdb571e2c4ad15481119c43b3cafd48dd869a9b2945d1036d1dc68d \\
    https://example.com/tool-1.2.tar.gz /opt/           # LOW: verified download
\`\`\``,
  },
  check({ dockerfile }): RuleHit[] {
    const hits: RuleHit[] = [];
    for (const ins of dockerfile.instructions) {
      if (ins.keyword !== 'ADD') continue;
      const { sources } = expandSources(ins, dockerfile.escapeChar);
      const remote = sources.filter((s): s is string => s !== undefined && remoteKind(s) !== undefined);
      if (remote.length === 0) continue;
      const checksum = hasFlag(ins, 'checksum');
      const git = remote.some((s) => remoteKind(s) === 'git');
      const pinned = checksum || (git && remote.every((s) => remoteKind(s) === 'git' && pinnedGitCommit(s)));
      const what = remote.map(displayUrl).join(', ');
      const fetched = git ? `clones the Git repository ${what}` : `downloads ${what}`;
      hits.push(
        pinned
          ? {
              line: ins.line,
              endLine: ins.endLine,
              severity: 'LOW',
              message: `ADD ${fetched} at build time; ${checksum ? '--checksum verifies the content' : 'the ref is a full commit id'}, so this is LOW, but the build still depends on the remote server being available.`,
              details: { sources: remote.map(displayUrl), verified: true },
            }
          : {
              line: ins.line,
              endLine: ins.endLine,
              message: `ADD ${fetched} at build time without verifying it: the content can change or be tampered with between builds. Add --checksum=sha256:… or download and verify it in a RUN step.`,
              details: { sources: remote.map(displayUrl), verified: false },
            },
      );
    }
    return hits;
  },
};

export default rule;
