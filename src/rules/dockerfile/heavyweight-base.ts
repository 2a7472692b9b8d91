import slimData from '../../data/slim-alternatives.json' with { type: 'json' };
import { finalStage, type Dockerfile, type ImageRef, type Stage } from '../../dockerfile/model.js';
import type { DockerfileRule, RuleHit } from '../rule.js';
import { officialName } from './base-image-eol.js';
import { isKnownImage } from './base-image-latest.js';

/** One row of `src/data/slim-alternatives.json`. */
export interface SlimAlternative {
  images: string[];
  /** Tag token prefixes of variants that are already small; empty: never right for a final image. */
  slimTokens: string[];
  /** Replacement templates with `{first}` and `{major}`. */
  suggest: string[];
  reason: string;
}

const ALTERNATIVES: SlimAlternative[] = slimData.entries;

/** The stage the final image's filesystem starts from: follow `FROM <stage>` back to an image. */
export function rootOfFinal(df: Dockerfile): Stage | undefined {
  const seen = new Set<number>();
  let stage = finalStage(df);
  while (stage && stage.base.kind === 'stage' && !seen.has(stage.index)) {
    seen.add(stage.index);
    stage = df.stages[stage.base.stage];
  }
  return stage;
}

/** The entry saying `image` is a full image with a smaller alternative, if any. */
export function heavyweightEntry(image: ImageRef): SlimAlternative | undefined {
  const name = officialName(image);
  if (name === undefined) return undefined;
  const entry = ALTERNATIVES.find((e) => e.images.includes(name));
  if (!entry) return undefined;
  const tokens = (image.tag ?? '').toLowerCase().split('-');
  if (tokens.some((t) => entry.slimTokens.some((s) => t.startsWith(s)))) return undefined;
  return entry;
}

/** Fills a suggestion template from the image's tag. */
export function suggestion(template: string, image: ImageRef): string {
  const first = image.tag?.split('-')[0];
  const major = first === undefined ? undefined : /^v?(\d+)/.exec(first)?.[1];
  return template.replace('{first}', first ?? '<version>').replace('{major}', major ?? '<version>');
}

const rule: DockerfileRule = {
  meta: {
    id: 'LS-DF-008',
    kind: 'misconfiguration',
    severity: 'INFO',
    phase: 'dockerfile',
    title: 'Final image built on a full base where a slim or distroless one exists',
    aliases: [],
    tags: ['best-practice', 'attack-surface', 'image-size'],
    remediation:
      'Base the final stage on the slim, JRE or distroless variant and build in an earlier stage: `FROM node:22 AS build` … `FROM node:22-slim` + `COPY --from=build`; for Go, copy the binary into `gcr.io/distroless/static-debian12` or `scratch`.',
    docs: `Every package in the final image is something to patch, something a vulnerability scanner reports and
something an attacker can use after a compromise. The default tags of language images are "full" images
built for compiling software (compilers, headers, git, curl, hundreds of libraries), and toolchain images
(\`golang\`, \`rust\`, \`maven\`, a JDK) are not needed to run what they built. A slim, JRE or distroless
variant is typically several times smaller with a fraction of the CVEs.

Fires (INFO) only for the image the final stage is built on (following \`FROM <stage>\` chains), using the
mapping in \`src/data/slim-alternatives.json\`. Build stages may use whatever they need.

\`\`\`dockerfile
FROM python:3.13
COPY . /app
CMD ["python", "/app/main.py"]     # fires on line 1
\`\`\`

\`\`\`dockerfile
FROM python:3.13 AS build
RUN pip wheel --wheel-dir /wheels -r requirements.txt
FROM python:3.13-slim             # ok
COPY --from=build /wheels /wheels
\`\`\``,
  },
  check({ dockerfile }): RuleHit[] {
    const root = rootOfFinal(dockerfile);
    if (!root || root.base.kind !== 'image' || !isKnownImage(root.base.image)) return [];
    const image = root.base.image;
    const entry = heavyweightEntry(image);
    if (!entry) return [];
    const options = entry.suggest.map((t) => suggestion(t, image));
    return [
      {
        line: root.from.line,
        endLine: root.from.endLine,
        message: `The final image is based on ${image.expanded}: ${entry.reason}. Consider ${options.join(' or ')}.`,
        details: { image: image.expanded, alternatives: options },
      },
    ];
  },
};

export default rule;
