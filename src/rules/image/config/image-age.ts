import type { ImageRule } from '../rule.js';

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * The creation time of an image, or undefined when it says nothing: missing, unparsable, or a
 * reproducible-build placeholder (Go's zero time `0001-01-01`, or the Unix epoch that tools such
 * as ko, Bazel/distroless and Nix write) — their age is not the age of their contents.
 */
export function creationTime(created: string | undefined): Date | undefined {
  if (!created) return undefined;
  const t = Date.parse(created);
  if (Number.isNaN(t) || t <= 0) return undefined;
  return new Date(t);
}

const rule: ImageRule = {
  meta: {
    id: 'LS-IMG-006',
    kind: 'misconfiguration',
    severity: 'LOW',
    phase: 'image',
    title: 'Image is old',
    aliases: [],
    tags: ['best-practice', 'maintenance'],
    remediation: 'Rebuild the image regularly (for example weekly, in CI) so it picks up the base image\'s and the packages\' security fixes, and redeploy it.',
    docs: `An image only gets security fixes when it is rebuilt. The check compares the configuration's \`created\`
time with today and fires when it is older than the limit (\`maxAgeDays\`, 90 days by default), saying how old
it is. Images without a creation time, or with a placeholder one (\`0001-01-01\` or \`1970-01-01\`, written by
reproducible builds), are not judged.

\`\`\`console
$ leftshift image app:1.0      # fires: "created": "2025-01-10T08:00:00Z", 323 days ago
\`\`\`

\`\`\`console
$ leftshift image app:1.7      # ok: built last week
\`\`\``,
  },
  check({ metadata, now, options }) {
    const created = creationTime(metadata.config.created);
    if (!created) return [];
    const ageDays = Math.floor((now.getTime() - created.getTime()) / DAY_MS);
    if (ageDays <= options.maxAgeDays) return [];
    return [
      {
        message: `The image was built ${ageDays} days ago (${created.toISOString().slice(0, 10)}), more than the ${options.maxAgeDays} days allowed: it lacks every fix published since.`,
        details: { created: metadata.config.created, ageDays, maxAgeDays: options.maxAgeDays },
      },
    ];
  },
};

export default rule;
