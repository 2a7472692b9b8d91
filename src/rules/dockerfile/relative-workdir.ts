import { expandWord } from '../../dockerfile/expand.js';
import type { Dockerfile, Instruction } from '../../dockerfile/model.js';
import type { DockerfileRule, RuleHit } from '../rule.js';
import { instructionsBefore } from './shared/stages.js';

/** Absolute on Linux (`/app`) or Windows (`C:\\app`, `C:/app`, `\\app`). */
function isAbsolute(p: string): boolean {
  return p.startsWith('/') || /^[A-Za-z]:[\\/]/.test(p) || p.startsWith('\\');
}

function workdirValue(ins: Instruction, df: Dockerfile): { value: string; unresolved: boolean } {
  const e = expandWord(ins.body.trim(), ins.vars, df.escapeChar);
  return { value: e.value, unresolved: e.unresolved.length > 0 };
}

/** The directory a relative WORKDIR resolves against, when an earlier WORKDIR makes it known. */
function knownBase(df: Dockerfile, ins: Instruction): string | undefined {
  let base: string | undefined;
  for (const i of instructionsBefore(df, ins)) {
    if (i.keyword !== 'WORKDIR') continue;
    const w = workdirValue(i, df);
    if (w.unresolved) base = undefined;
    else if (isAbsolute(w.value)) base = w.value;
    else if (base !== undefined) base = `${base.replace(/\/+$/, '')}/${w.value}`;
  }
  return base;
}

const rule: DockerfileRule = {
  meta: {
    id: 'LS-DF-021',
    kind: 'misconfiguration',
    severity: 'MEDIUM',
    phase: 'dockerfile',
    title: 'WORKDIR with a relative path',
    aliases: ['hadolint:DL3000', 'trivy:DS009', 'checkov:CKV_DOCKER_10'],
    tags: ['best-practice', 'reliability'],
    remediation: 'Use an absolute path: `WORKDIR /app`.',
    docs: `A relative WORKDIR is resolved against the previous WORKDIR, which may come from the base image: the same
Dockerfile then puts files in a different place when the base image changes its WORKDIR, and later COPY, RUN
and the container's start directory follow it.

Fires on a WORKDIR whose path, after ARG/ENV substitution, is not absolute. When an earlier WORKDIR of the
stage (or of a stage it is built on) is absolute, the result is known and the hit is reported as LOW; when
the base image decides, it is MEDIUM. A path built from a variable with no value (e.g. \`$HOME\`, which Docker
does not set at build time) is not flagged, since its value cannot be known.

\`\`\`dockerfile
FROM node:20-slim
WORKDIR app          # fires
\`\`\`

\`\`\`dockerfile
FROM node:20-slim
WORKDIR /app         # ok
\`\`\``,
  },
  check({ dockerfile }): RuleHit[] {
    const hits: RuleHit[] = [];
    for (const ins of dockerfile.instructions) {
      if (ins.keyword !== 'WORKDIR' || ins.stage < 0) continue;
      const w = workdirValue(ins, dockerfile);
      if (w.unresolved || w.value === '' || isAbsolute(w.value)) continue;
      const base = knownBase(dockerfile, ins);
      hits.push(
        base === undefined
          ? { line: ins.line, message: `WORKDIR "${w.value}" is relative, so it depends on the base image's working directory; use an absolute path.` }
          : { line: ins.line, severity: 'LOW', message: `WORKDIR "${w.value}" is relative (it resolves to ${base.replace(/\/+$/, '')}/${w.value} here); use the absolute path.` },
      );
    }
    return hits;
  },
};

export default rule;
