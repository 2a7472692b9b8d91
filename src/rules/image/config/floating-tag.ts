import type { RuleHit } from '../../rule.js';
import type { ImageRule, ImageRuleContext } from '../rule.js';

/** Sources where the user's reference is an image name (not a file), so its tag is what gets pulled. */
const NAMED_SOURCES = new Set(['docker-engine', 'podman', 'registry']);
const TRANSPORT = /^(?:docker-daemon:|podman:|docker:\/\/|registry:)/;

/**
 * The tag of an image name. `example.com:5000/app:1.2` → `1.2`; `app` → undefined (Docker then
 * means `latest`); a name pinned by digest (`app@sha256:…`) is reported as pinned.
 * A bare word without `/` or `:` in an OCI layout's `ref.name` is the tag itself (image-spec
 * annotations: ref.name is usually just the tag), so `fromOciRefName` reads it that way.
 */
export function tagOf(name: string, options: { fromOciRefName?: boolean } = {}): { tag?: string; pinned: boolean } {
  const n = name.trim().replace(TRANSPORT, '');
  if (n.includes('@')) return { pinned: true };
  if (options.fromOciRefName && !n.includes('/') && !n.includes(':')) return { tag: n, pinned: false };
  const last = n.slice(n.lastIndexOf('/') + 1);
  const colon = last.indexOf(':');
  return colon < 0 ? { pinned: false } : { tag: last.slice(colon + 1), pinned: false };
}

function floating(t: { tag?: string; pinned: boolean }): boolean {
  return !t.pinned && (t.tag === undefined || t.tag === 'latest');
}

const rule: ImageRule = {
  meta: {
    id: 'LS-IMG-005',
    kind: 'misconfiguration',
    severity: 'LOW',
    phase: 'image',
    title: 'Image named by a floating tag',
    aliases: ['dockle:DKL-DI-0006'],
    tags: ['best-practice', 'supply-chain'],
    remediation: 'Tag images with an immutable version (`app:1.4.2`, a git SHA) and deploy them by that tag or, better, by digest (`app@sha256:…`).',
    docs: `\`latest\` (which is also what a name without a tag means) moves with every push: the image scanned now is
not necessarily the one a node pulls later, and a rollback to "the previous latest" is impossible. Fires when
the image was referenced by such a tag (MEDIUM: a pull or run of the same name may get another image) or, for
archives and layouts, when the only names recorded with it are floating (LOW). A reference by digest never
fires.

\`\`\`console
$ leftshift image registry.example.com/shop/api            # fires: no tag means latest
$ docker save shop/api:latest -o api.tar && leftshift image api.tar   # fires (LOW)
\`\`\`

\`\`\`console
$ leftshift image registry.example.com/shop/api:2.8.1      # ok
$ leftshift image registry.example.com/shop/api@sha256:…   # ok
\`\`\``,
  },
  check(ctx: ImageRuleContext) {
    const hits: RuleHit[] = [];
    const kind = ctx.metadata.sourceKind;
    if (NAMED_SOURCES.has(kind)) {
      const t = tagOf(ctx.reference);
      if (floating(t)) {
        hits.push({
          severity: 'MEDIUM',
          message: `The image was referenced as "${ctx.reference}", ${t.tag ? 'the tag `latest`' : 'without a tag (meaning `latest`)'}: the same name can point to a different image tomorrow.`,
          details: { name: ctx.reference, ...(t.tag ? { tag: t.tag } : {}) },
        });
      }
      return hits;
    }
    const names = ctx.metadata.repoTags;
    const oci = kind === 'oci-layout' || kind === 'oci-archive';
    const parsed = names.map((n) => ({ name: n, ...tagOf(n, { fromOciRefName: oci }) }));
    // An archive also tagged with a version is fine: the version names this exact image.
    if (parsed.length === 0 || !parsed.every(floating)) return hits;
    hits.push({
      message: `The image is recorded only under floating names (${names.join(', ')}): the same name can point to a different image tomorrow.`,
      details: { names },
    });
    return hits;
  },
};

export default rule;
