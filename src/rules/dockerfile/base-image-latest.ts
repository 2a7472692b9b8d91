import { expandWord } from '../../dockerfile/expand.js';
import { parseImageRef } from '../../dockerfile/parse.js';
import { flagValue, type Dockerfile, type ImageRef, type Instruction } from '../../dockerfile/model.js';
import type { DockerfileRule, RuleHit } from '../rule.js';

/** An external image the build pulls: a stage's base, or the source of `COPY --from=<image>`. */
export interface ImageUse {
  instruction: Instruction;
  image: ImageRef;
  via: 'FROM' | 'COPY --from';
  /** Index of the stage the instruction belongs to. */
  stage: number;
}

/**
 * Every external image a Dockerfile pulls. `COPY --from` values that name a stage (by name or
 * index) are not images. Named build contexts (`--build-context name=…`) cannot be told apart from
 * an untagged image name without the build command, so they are reported as images.
 */
export function imageUses(df: Dockerfile): ImageUse[] {
  const out: ImageUse[] = [];
  for (const stage of df.stages) {
    if (stage.base.kind === 'image') out.push({ instruction: stage.from, image: stage.base.image, via: 'FROM', stage: stage.index });
    for (const ins of stage.instructions) {
      if (ins.keyword !== 'COPY') continue;
      const raw = flagValue(ins, 'from');
      if (raw === undefined || raw === '') continue;
      const expanded = expandWord(raw, ins.vars, df.escapeChar);
      const value = expanded.value.trim();
      const lower = value.toLowerCase();
      if (/^\d+$/.test(value) || lower === 'scratch' || df.stages.some((s) => s.name === lower)) continue;
      out.push({ instruction: ins, image: parseImageRef(raw, value, expanded.unresolved.length > 0), via: 'COPY --from', stage: stage.index });
    }
  }
  return out;
}

/** True when the reference is fully known and names a real repository. */
export function isKnownImage(image: ImageRef): boolean {
  return !image.unresolved && image.repository !== '';
}

/**
 * Known images not pinned by digest: what LS-DF-005 (no tag or `:latest`) and LS-DF-006 (a tag
 * but no digest) split between them, so each such reference gets exactly one of the two.
 */
export function undigestedImageUses(df: Dockerfile): ImageUse[] {
  return imageUses(df).filter(({ image }) => isKnownImage(image) && image.digest === undefined);
}

const rule: DockerfileRule = {
  meta: {
    id: 'LS-DF-005',
    kind: 'misconfiguration',
    severity: 'MEDIUM',
    phase: 'dockerfile',
    title: 'Image used without a tag or with :latest',
    aliases: ['hadolint:DL3006', 'hadolint:DL3007', 'trivy:DS001', 'checkov:CKV_DOCKER_7'],
    tags: ['best-practice', 'reproducibility', 'supply-chain'],
    remediation:
      'Name an explicit version tag (`FROM node:22.11-bookworm-slim`), ideally pinned by digest as well (`FROM node:22.11-bookworm-slim@sha256:…`).',
    docs: `An image without a tag means \`:latest\`, and \`:latest\` is whatever was pushed last: a rebuild can
silently switch to a new major version, a different distribution or a broken release, and two builds of
the same commit can produce different images. It also makes vulnerability reports hard to act on, since the
base version is unknown.

Fires for \`FROM\` and \`COPY --from=<image>\` references with no tag or the tag \`latest\`. Not for \`scratch\`,
references to earlier stages, images pinned by digest (\`@sha256:…\`), or references built from a variable
that has no value (the image is then not known statically).

\`\`\`dockerfile
FROM node                          # fires
COPY --from=busybox:latest /bin/busybox /bin/   # fires
\`\`\`

\`\`\`dockerfile
FROM node:22.11-bookworm-slim      # ok
COPY --from=busybox:1.36 /bin/busybox /bin/      # ok
\`\`\``,
  },
  check({ dockerfile }): RuleHit[] {
    const hits: RuleHit[] = [];
    for (const use of undigestedImageUses(dockerfile)) {
      const { image } = use;
      if (image.tag !== undefined && image.tag !== 'latest') continue;
      const name = image.expanded;
      const message =
        image.tag === undefined
          ? `${use.via} ${name} has no tag, so it means ${name}:latest, which can change under you between builds.`
          : `${use.via} ${name} uses the :latest tag, which can change under you between builds.`;
      hits.push({ line: use.instruction.line, endLine: use.instruction.endLine, message, details: { image: name } });
    }
    return hits;
  },
};

export default rule;
