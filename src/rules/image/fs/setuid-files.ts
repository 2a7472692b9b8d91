import type { ImageRule, ImageRuleContext } from '../rule.js';
import type { RuleHit } from '../../rule.js';
import { resolvePath } from '../../../image/walk.js';
import { hitLayer, describeLayer } from './shared.js';

/**
 * Setuid/setgid files of the final filesystem. Those installed by an OS package are listed in one
 * INFO hit (expected: `su`, `passwd`, `mount`...); those no package owns are MEDIUM each, since
 * a build step put them there on purpose or by accident (`chmod -R 4755`, a copied binary).
 */
const rule: ImageRule = {
  meta: {
    id: 'LS-IMG-108',
    kind: 'misconfiguration',
    severity: 'MEDIUM',
    phase: 'image',
    title: 'Setuid or setgid file',
    aliases: ['dockle:CIS-DI-0008'],
    tags: ['security', 'permissions'],
    remediation:
      'Remove the setuid/setgid bits the container does not need (`RUN chmod a-s /path`, or for all: `find / -xdev -perm /6000 -type f -exec chmod a-s {} +`) and run with `--security-opt no-new-privileges`.',
    docs: `Setuid and setgid executables run with their owner's (usually root's) privileges whoever starts them, so a
bug in any of them is a privilege escalation inside the container. Files installed by an OS package are listed
in one informational finding; files that no package owns (added by a build step) are reported one by one.

Fails:

\`\`\`dockerfile
COPY tool /usr/local/bin/tool
RUN chmod u+s /usr/local/bin/tool
\`\`\`

Passes:

\`\`\`dockerfile
RUN find / -xdev -perm /6000 -type f -exec chmod a-s {} +
\`\`\``,
  },
  check(ctx): RuleHit[] {
    const candidates = [...ctx.walk.filesystem].filter(
      // A hardlink entry shares its target's inode, so its recorded mode bits are the target's.
      ([, e]) => (e.info.type === 'file' || e.info.type === 'hardlink') && (e.info.mode & 0o6000) !== 0,
    );
    if (candidates.length === 0) return [];
    const owned = ownedFiles(ctx);
    const packaged: string[] = [];
    const hits: RuleHit[] = [];
    for (const [path, entry] of candidates) {
      const { info } = entry;
      const bits = [info.mode & 0o4000 ? 'setuid' : '', info.mode & 0o2000 ? 'setgid' : ''].filter(Boolean).join('+');
      if (owned.has(path)) {
        packaged.push(`/${path}`);
        continue;
      }
      hits.push({
        path: `/${path}`,
        layer: hitLayer(entry.layer),
        message: `/${path} is ${bits} (mode ${(info.mode & 0o7777).toString(8)}, owner ${info.uid}:${info.gid}) and no OS package owns it; added by ${describeLayer(entry.layer)}.`,
        details: { mode: (info.mode & 0o7777).toString(8), uid: info.uid, gid: info.gid, bits, packageOwned: false },
      });
    }
    if (packaged.length > 0) {
      packaged.sort();
      hits.push({
        severity: 'INFO',
        message: `${packaged.length} setuid/setgid file${packaged.length === 1 ? '' : 's'} installed by OS packages: ${packaged.slice(0, 20).join(', ')}${packaged.length > 20 ? ', …' : ''}.`,
        details: { files: packaged, packageOwned: true },
      });
    }
    return hits;
  },
};

/**
 * Files the OS packages own, as final-filesystem paths. Package lists name `/bin/su` while on a
 * merged-/usr system the file is `usr/bin/su` (`bin` is a symlink), so parents are resolved.
 */
function ownedFiles(ctx: ImageRuleContext): Set<string> {
  const owned = new Set<string>();
  for (const p of ctx.sbom.packages) {
    for (const f of p.files ?? []) {
      const clean = f.replace(/^\/+/, '');
      owned.add(clean);
      const resolved = resolvePath(ctx.walk.filesystem, clean, { followFinal: false });
      if (resolved !== undefined) owned.add(resolved);
    }
  }
  return owned;
}

export default rule;
