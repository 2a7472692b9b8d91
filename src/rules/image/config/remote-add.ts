import { displayUrl, remoteKind } from '../../dockerfile/add-remote-source.js';
import type { RuleHit } from '../../rule.js';
import type { ImageRule } from '../rule.js';
import { historySteps, parseCreatedBy, stepDetails, stepWithExcerpt } from './history.js';

const rule: ImageRule = {
  meta: {
    id: 'LS-IMG-008',
    kind: 'misconfiguration',
    severity: 'MEDIUM',
    phase: 'image',
    title: 'Layer added from a remote URL',
    aliases: [],
    tags: ['security', 'supply-chain'],
    remediation: 'Download in a RUN step and verify a known checksum, or use `ADD --checksum=sha256:<digest> <url> <dest>`; better, copy the artifact from a build stage that verified it.',
    docs: `A history step \`ADD https://…\` (as BuildKit records it) means a layer holds whatever the server returned
at build time: nothing in the image proves which content that was, and a compromised or changed download
silently changes the image. Git sources (\`ADD git@…\`, \`…repo.git\`) are reported too. With \`--checksum\` the
build verified the content and the finding is LOW. The classic builder records only a content hash
(\`ADD file:… in /\`), so such steps cannot be judged and are not reported.

\`\`\`text
history: ADD https://example.com/tool-1.2.tar.gz /opt/ # buildkit        → fires
\`\`\`

\`\`\`text
history: COPY --from=build /out/tool /usr/local/bin/tool # buildkit      → ok
\`\`\``,
  },
  check(ctx) {
    const hits: RuleHit[] = [];
    for (const step of historySteps(ctx)) {
      const ins = parseCreatedBy(step.createdBy).instruction;
      if (ins?.keyword !== 'ADD') continue;
      const words = ins.body.split(/\s+/).filter(Boolean);
      const remote = words.filter((w) => !w.startsWith('--') && remoteKind(w) !== undefined);
      if (remote.length === 0) continue;
      const verified = words.some((w) => w.startsWith('--checksum='));
      hits.push({
        ...(verified ? { severity: 'LOW' as const } : {}),
        ...(step.layer ? { layer: step.layer } : {}),
        message: `${stepWithExcerpt(step)} adds ${remote.map(displayUrl).join(', ')} from the network${verified ? ' (verified with --checksum)' : ' without verifying its content'}.`,
        details: { ...stepDetails(step), sources: remote.map(displayUrl), verified },
      });
    }
    return hits;
  },
};

export default rule;
