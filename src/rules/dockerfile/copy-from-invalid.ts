import { expandWord } from '../../dockerfile/expand.js';
import type { Dockerfile, Instruction } from '../../dockerfile/model.js';
import type { DockerfileRule, RuleHit } from '../rule.js';
import { mountsOf } from './shared/stages.js';

/** `--from` values of an instruction: COPY's flag and RUN's `--mount=…,from=…`. */
function fromRefs(ins: Instruction): Array<{ raw: string; what: string }> {
  if (ins.keyword === 'COPY') {
    const f = ins.flags.find((x) => x.name === 'from');
    return f?.value !== undefined ? [{ raw: f.value, what: 'COPY --from' }] : [];
  }
  if (ins.keyword === 'RUN') return mountsOf(ins).filter((m) => m.from !== undefined).map((m) => ({ raw: m.from!, what: 'RUN --mount from' }));
  return [];
}

/** Image references contain a tag, digest, registry or path; bare words are meant as stage names. */
const looksLikeImage = (ref: string) => /[:/.@]/.test(ref);

function check(df: Dockerfile, ins: Instruction, raw: string, what: string): RuleHit | undefined {
  const e = expandWord(raw, ins.vars, df.escapeChar);
  if (e.unresolved.length > 0 || e.value === '') return undefined;
  const ref = e.value;
  const here = ins.stage;
  const shown = ref === raw ? `"${ref}"` : `"${raw}" (= "${ref}")`;
  let target: number;
  if (/^\d+$/.test(ref)) {
    target = Number(ref);
    if (target >= df.stages.length) return { line: ins.line, message: `${what}=${shown}: there is no stage ${target} (stages are numbered from 0; this file has ${df.stages.length}).` };
  } else {
    target = df.stages.findIndex((s) => s.name === ref.toLowerCase());
    if (target < 0) {
      if (looksLikeImage(ref) || ref.toLowerCase() === 'scratch') return undefined;
      return {
        line: ins.line,
        message: `${what}=${shown} matches no stage name, so Docker treats it as an image and pulls "${ref}" from Docker Hub; if a stage was meant, this is a typo (stages: ${df.stages.map((s) => s.name ?? String(s.index)).join(', ')}).`,
      };
    }
  }
  if (target === here) {
    return { line: ins.line, severity: 'HIGH', message: `${what}=${shown} refers to the stage it is in; a stage cannot copy from itself and the build fails.` };
  }
  if (target > here) {
    return { line: ins.line, message: `${what}=${shown} refers to a stage defined later (line ${df.stages[target]!.from.line}); only earlier stages can be copied from.` };
  }
  return undefined;
}

const rule: DockerfileRule = {
  meta: {
    id: 'LS-DF-025',
    kind: 'misconfiguration',
    severity: 'MEDIUM',
    phase: 'dockerfile',
    title: 'COPY --from refers to no earlier stage',
    aliases: ['hadolint:DL3022', 'hadolint:DL3023', 'trivy:DS006'],
    tags: ['correctness', 'supply-chain'],
    remediation: 'Point `--from` at the name (or index) of an earlier stage, or at a fully qualified image (`--from=docker.io/library/nginx:1.27`).',
    docs: `\`COPY --from=X\` (and \`RUN --mount=from=X\`) takes files from an earlier build stage named or numbered \`X\`,
otherwise from an image called \`X\`. A misspelt stage name therefore does not fail: Docker pulls whatever
image of that name exists on Docker Hub and copies files out of it into your image.

Fires when \`X\`:

- is the current stage (HIGH: a stage cannot copy from itself, the build fails);
- is a stage defined later, or a stage number that does not exist;
- matches no stage and looks like a stage name rather than an image (no tag, digest, registry or path): most
  likely a typo, and Docker will pull an image of that name.

\`--from\` values with a \`:\`, \`/\`, \`.\` or \`@\` are taken as deliberate image references and not flagged.

\`\`\`dockerfile
FROM golang:1.22 AS builder
RUN go build -o /out/app .
FROM gcr.io/distroless/static
COPY --from=biulder /out/app /app     # fires: no stage "biulder"
\`\`\`

\`\`\`dockerfile
FROM golang:1.22 AS builder
RUN go build -o /out/app .
FROM gcr.io/distroless/static
COPY --from=builder /out/app /app     # ok
\`\`\``,
  },
  check({ dockerfile }): RuleHit[] {
    const hits: RuleHit[] = [];
    for (const ins of dockerfile.instructions) {
      if (ins.stage < 0) continue;
      for (const r of fromRefs(ins)) {
        const hit = check(dockerfile, ins, r.raw, r.what);
        if (hit) hits.push(hit);
      }
    }
    return hits;
  },
};

export default rule;
