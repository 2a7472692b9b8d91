import type { ImageRule } from '../rule.js';
import type { RuleHit } from '../../rule.js';
import type { LayerRef } from '../../../image/fs-types.js';
import type { ImageWalkResult } from '../../../image/walk.js';
import { IMAGE_SECRETS_ANALYZER, secretsFactsOf } from '../../../analyze/image/secrets.js';
import { describeHider, describeLayer, hitLayer, HiderIndex, isDependencyFixture } from './shared.js';

/**
 * Files that are credentials by name (confirmed by content where the name is ambiguous) in any
 * layer, plus `.git` directories. Complements LS-IMG-101/102: a `.p12`, a `.tfstate` or a shell
 * history holds secrets in shapes no content rule knows.
 */
const rule: ImageRule = {
  meta: {
    id: 'LS-IMG-103',
    kind: 'secret',
    severity: 'HIGH',
    phase: 'image',
    title: 'Credential file in the image',
    aliases: [],
    tags: ['security', 'secret'],
    remediation:
      'Remove the file from every layer (exclude it with .dockerignore, or build in a separate stage and copy only the output), rotate what it held, and mount credentials with `RUN --mount=type=secret` when a step needs them.',
    docs: `A layer contains a file that is a credential by its name: SSH private keys and \`authorized_keys\` under
home directories, \`.aws/credentials\`, \`.docker/config.json\` with registry logins, \`.npmrc\`/\`.pypirc\` with
tokens, kubeconfigs, \`.env\`, shell histories, \`*.tfstate\`, key stores... (the engine's \`LS-SEC-1xx\`
file-name rules; names that are only sensitive with the right content are confirmed on the content). \`.git\`
directories are reported too (with their file count): history and \`.git/config\` often hold what the
working tree no longer does. Files deleted by a later layer are reported as well, naming both layers:
deletion does not remove them from the image.

Fails:

\`\`\`dockerfile
COPY . /app          # with /app/.git and /app/.env in the build context
\`\`\`

Passes:

\`\`\`dockerfile
# .dockerignore lists .git and .env
COPY . /app
\`\`\``,
  },
  check({ walk }): RuleHit[] {
    const hits: RuleHit[] = [];
    const hiders = new HiderIndex(walk);
    // An older version of a credential file that is still in the final filesystem (rewritten by
    // `chown -R`, or edited) is the same finding as the final one: reported once, there.
    const visible = new Set<string>();
    for (const r of walk.effective) {
      const file = r.analyzer === IMAGE_SECRETS_ANALYZER ? secretsFactsOf(r.output)?.sensitiveFile : undefined;
      if (file) visible.add(`${r.path}\0${file.id}`);
    }
    for (const [r, shadowed] of [...walk.effective.map((r) => [r, false] as const), ...walk.shadowed.map((r) => [r, true] as const)]) {
      if (r.analyzer !== IMAGE_SECRETS_ANALYZER) continue;
      const file = secretsFactsOf(r.output)?.sensitiveFile;
      if (!file || (shadowed && visible.has(`${r.path}\0${file.id}`))) continue;
      const hider = shadowed ? hiders.find(r) : undefined;
      const fixture = isDependencyFixture(r.path);
      const where = shadowed
        ? `, ${hider ? describeHider(hider) : 'no longer in the final filesystem'}: still in the image for anyone who pulls it`
        : '';
      hits.push({
        path: `/${r.path}`,
        layer: hitLayer(r.layer),
        severity: fixture ? 'LOW' : file.severity,
        message: `/${r.path}: ${file.title}, added by ${describeLayer(r.layer)}${where}. ${file.reason}${fixture ? ' It sits among a dependency\'s test or example files, so it is likely a fixture.' : ''}`,
        details: {
          classification: file.id,
          classificationName: file.name,
          confirmedByContent: file.confirmed,
          addedInLayer: r.layer.index,
          inFinalFilesystem: !shadowed,
          ...(fixture ? { likelyDependencyFixture: true } : {}),
          ...(hider ? { hiddenInLayer: hider.layer.index, hiddenBy: hider.how } : {}),
          fileRemediation: file.remediation,
        },
      });
    }
    hits.push(...gitDirectories(walk));
    return hits;
  },
};

/** `app/.git` for `app/.git/config`, `.git` for `.git/HEAD`; undefined outside a `.git` tree. */
function gitRoot(path: string): string | undefined {
  if (path === '.git' || path.startsWith('.git/')) return '.git';
  const i = path.indexOf('/.git/');
  if (i >= 0) return path.slice(0, i + 5);
  return path.endsWith('/.git') ? path : undefined;
}

function gitDirectories(walk: ImageWalkResult): RuleHit[] {
  const repos = new Map<string, { layer: LayerRef; files: number }>();
  for (const l of walk.layers) {
    for (const f of l.files) {
      const root = gitRoot(f.path);
      if (root === undefined) continue;
      let repo = repos.get(root);
      if (!repo) repos.set(root, (repo = { layer: l.layer, files: 0 }));
      if (f.type === 'file') repo.files++;
    }
  }
  const hits: RuleHit[] = [];
  for (const [root, repo] of repos) {
    if (repo.files === 0) continue;
    const final = walk.filesystem.get(root)?.info.type === 'dir';
    hits.push({
      path: `/${root}`,
      layer: hitLayer(repo.layer),
      severity: 'MEDIUM',
      message: `/${root}: Git directory with ${repo.files} file${repo.files === 1 ? '' : 's'} added by ${describeLayer(repo.layer)}${final ? '' : ', deleted later but still in the image'}; its history and config may hold credentials and code the image does not need.`,
      details: { classification: 'git-directory', files: repo.files, addedInLayer: repo.layer.index, inFinalFilesystem: final },
    });
  }
  return hits;
}

export default rule;
