import type { DockerfileRule, RuleHit } from '../rule.js';
import { expandSources, remoteKind } from './add-remote-source.js';

/**
 * Names of archives ADD may unpack. Docker decides by content (tar, optionally gzip/bzip2/xz
 * compressed), so a bare `.gz`/`.xz`/`.bz2` might be a compressed tar too: those count as archives
 * rather than risk telling someone to replace an ADD that really extracts.
 */
const ARCHIVE_RE = /\.(?:tar|tgz|taz|tbz|tbz2|tb2|txz|tlz|tzst|gz|bz2|xz|zst|lz|lzma|lz4|z)$/i;

export function looksLikeArchive(source: string): boolean {
  return ARCHIVE_RE.test(source.replace(/\/+$/, ''));
}

const rule: DockerfileRule = {
  meta: {
    id: 'LS-DF-002',
    kind: 'misconfiguration',
    severity: 'LOW',
    phase: 'dockerfile',
    title: 'ADD used to copy local files',
    aliases: ['hadolint:DL3020', 'trivy:DS005', 'dockle:CIS-DI-0009', 'checkov:CKV_DOCKER_4'],
    tags: ['best-practice', 'security'],
    remediation: 'Replace `ADD` with `COPY` (same flags: `--chown`, `--chmod`, `--link`). Keep `ADD` only to unpack a local tar archive.',
    docs: `\`ADD\` does more than copy: it unpacks local tar archives and fetches URLs. When a plain copy is
meant, those extras are surprises waiting to happen — a file that happens to be a tarball gets extracted,
and a source later turned into a variable can start pulling from the network. \`COPY\` does only the copy.

Fires when every source of an \`ADD\` is a local path (or heredoc) and none looks like a tar archive
(\`.tar\`, \`.tar.gz\`/\`.tgz\`, \`.tar.bz2\`, \`.tar.xz\`, \`.tar.zst\`, …), which is the one local case where
\`ADD\` is the right tool. URLs and Git sources are covered by LS-DF-003. Sources built from an unset
variable are not guessed.

\`\`\`dockerfile
FROM alpine:3.20
ADD app/ /srv/app/            # fires
\`\`\`

\`\`\`dockerfile
FROM alpine:3.20
COPY app/ /srv/app/           # ok
ADD rootfs.tar.gz /           # ok: ADD extracts the archive
\`\`\``,
  },
  check({ dockerfile }): RuleHit[] {
    const hits: RuleHit[] = [];
    for (const ins of dockerfile.instructions) {
      if (ins.keyword !== 'ADD') continue;
      const { sources } = expandSources(ins, dockerfile.escapeChar);
      const known = sources.filter((s): s is string => s !== undefined);
      // An unresolved source might be a URL or an archive: do not guess.
      if (known.length === 0 || known.length !== sources.length) continue;
      if (known.some((s) => remoteKind(s) !== undefined || looksLikeArchive(s))) continue;
      const shown = known.map((s) => (s.startsWith('<<') ? 'a heredoc' : `"${s}"`)).join(', ');
      hits.push({
        line: ins.line,
        endLine: ins.endLine,
        message: `ADD only copies ${shown} from the build context here: use COPY, which has no archive-extraction or URL-fetching side effects.`,
        details: { sources: known },
      });
    }
    return hits;
  },
};

export default rule;
