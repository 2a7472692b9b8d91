import type { DockerfileRule, RuleHit } from '../rule.js';
import type { Dockerfile } from '../../dockerfile/model.js';
import { parseShell } from '../../dockerfile/shell.js';

const INSTRUCTIONS = [
  'ADD', 'ARG', 'CMD', 'COPY', 'ENTRYPOINT', 'ENV', 'EXPOSE', 'FROM', 'HEALTHCHECK', 'LABEL',
  'MAINTAINER', 'ONBUILD', 'RUN', 'SHELL', 'STOPSIGNAL', 'USER', 'VOLUME', 'WORKDIR',
];

/** Edit distance, to suggest `FROM` for `FORM`. Inputs are short keywords. */
function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const cur = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = cur;
    }
  }
  return row[b.length]!;
}

/** A close known instruction for an unknown one, if there is exactly one obvious candidate. */
export function suggestInstruction(word: string): string | undefined {
  const upper = word.toUpperCase();
  const close = INSTRUCTIONS.filter((k) => distance(upper, k) <= (k.length <= 3 ? 1 : 2));
  return close.length === 1 ? close[0] : undefined;
}

/**
 * RUN scripts that do not parse as POSIX/bash shell. Only for stages whose SHELL is the default or
 * a POSIX-like shell: a PowerShell or cmd SHELL has its own syntax.
 */
function shellSyntaxHits(df: Dockerfile): RuleHit[] {
  const hits: RuleHit[] = [];
  for (const stage of df.stages) {
    let posix = true;
    for (const ins of stage.instructions) {
      if (ins.keyword === 'SHELL') posix = ins.jsonForm && /(^|\/)(ba|da|a|z|k|mk)?sh$/.test(ins.args[0] ?? '');
      if (!posix || ins.keyword !== 'RUN' || !ins.script) continue;
      const parsed = parseShell(ins.script.text, ins.script.line);
      if (parsed.error) hits.push({ line: ins.line, endLine: ins.endLine, message: `Dockerfile syntax: RUN does not parse as shell: ${parsed.error}.`, details: { problem: parsed.error } });
    }
  }
  return hits;
}

const rule: DockerfileRule = {
  meta: {
    id: 'LS-DF-029',
    kind: 'misconfiguration',
    severity: 'MEDIUM',
    phase: 'dockerfile',
    title: 'Dockerfile syntax error',
    aliases: [],
    tags: ['correctness'],
    remediation: 'Fix the reported line so the Dockerfile builds; see the Dockerfile reference (https://docs.docker.com/reference/dockerfile/).',
    docs: `The parser found something Docker will reject or silently misread: an unknown instruction (often a typo
such as \`FORM\` or a stray line of a broken continuation), an instruction before the first \`FROM\` (only
\`ARG\` may come first), no \`FROM\` at all, an \`ENV\` without a value, or a malformed \`FROM\`. The build fails,
and other rules cannot judge the parts they cannot parse.

Fires once per problem, on its line.

\`\`\`dockerfile
FORM alpine:3.20         # fires: unknown instruction (did you mean FROM?)
ENV DEBUG                # fires: ENV without a value
\`\`\`

\`\`\`dockerfile
ARG VERSION=3.20
FROM alpine:\${VERSION}   # ok
ENV DEBUG=0              # ok
\`\`\``,
  },
  check({ dockerfile }): RuleHit[] {
    return [...dockerfile.problems.map((p) => {
      const unknown = /^unknown instruction "([^"]+)"$/.exec(p.message);
      const hint = unknown ? suggestInstruction(unknown[1]!) : undefined;
      return {
        line: p.line,
        message: `Dockerfile syntax: ${p.message}${hint ? ` (did you mean ${hint}?)` : ''}.`,
        details: { problem: p.message },
      };
    }), ...shellSyntaxHits(dockerfile)];
  },
};

export default rule;
