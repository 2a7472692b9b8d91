/** The parsed Dockerfile as rules see it. Rules depend on this, never on the parser library. */

export interface InstructionFlag {
  name: string;
  /** `undefined` for a bare flag such as `--link`. */
  value: string | undefined;
}

export interface Heredoc {
  /** Delimiter word, e.g. `EOF`. */
  name: string;
  content: string;
  /** 1-based line of the first content line. */
  contentLine: number;
  /** `<<-` strips leading tabs. */
  stripTabs: boolean;
}

export interface Instruction {
  /** Upper-case keyword, e.g. `RUN`. */
  keyword: string;
  /** 1-based first and last source line (continuations and heredocs included). */
  line: number;
  endLine: number;
  /** Flags before the arguments (`--from=build`, `--mount=type=secret,id=x`). */
  flags: InstructionFlag[];
  /** Arguments after the flags, continuation lines joined. */
  body: string;
  /** True for the exec (JSON array) form of RUN/CMD/ENTRYPOINT/COPY/ADD/... */
  jsonForm: boolean;
  /**
   * Arguments after flags: the JSON array elements in exec form; otherwise the whitespace-split
   * words with quotes kept as written (use `expandWord` for values).
   */
  args: string[];
  heredocs: Heredoc[];
  /** Index of the stage this instruction belongs to; -1 for ARGs before the first FROM. */
  stage: number;
  /**
   * Shell source of a RUN (or shell-form CMD/ENTRYPOINT/HEALTHCHECK CMD) with line continuations
   * kept, so a shell parser's line numbers map back: source line = `scriptLine + line - 1`.
   */
  script?: { text: string; line: number };
  /**
   * ARG and ENV values in effect when the instruction runs (FROM sees the global ARGs). Unset ARGs
   * are absent. Used for Docker's variable substitution in COPY/ADD/USER/WORKDIR/EXPOSE/...
   */
  vars: ReadonlyMap<string, string>;
  /** Rule ids suppressed for this instruction by `# leftshift:ignore=ID[,ID] reason` above it. */
  suppressions: Array<{ ruleId: string; reason: string; line: number }>;
}

export interface ImageRef {
  /** As written in FROM, before variable expansion. */
  raw: string;
  /** After ARG expansion. */
  expanded: string;
  /** Registry host when the reference names one (`ghcr.io`), else undefined (Docker Hub). */
  registry?: string;
  /** Repository path without registry, tag or digest (`library/node` is reported as `node`). */
  repository: string;
  tag?: string;
  digest?: string;
  /** True when an ARG in the reference has no value, so the image is not known statically. */
  unresolved: boolean;
}

export interface Stage {
  index: number;
  /** `AS name`, lower-cased as Docker treats stage names case-insensitively. */
  name?: string;
  from: Instruction;
  /** The base image, or the stage it builds on. */
  base: { kind: 'image'; image: ImageRef } | { kind: 'stage'; stage: number } | { kind: 'scratch' };
  platform?: string;
  /** Instructions after FROM up to the next FROM. */
  instructions: Instruction[];
}

export interface ParseProblem {
  line: number;
  message: string;
}

export interface Dockerfile {
  /** Display path relative to the scan root. */
  path: string;
  text: string;
  /** Source lines (without line terminators). */
  lines: string[];
  instructions: Instruction[];
  stages: Stage[];
  /** ARGs declared before the first FROM with their defaults. */
  globalArgs: Map<string, string | undefined>;
  escapeChar: '\\' | '`';
  /** Syntax problems found (unknown instructions, bad JSON form, instruction before FROM...). */
  problems: ParseProblem[];
}

/** The stage Docker builds when no --target is given: the last one. */
export function finalStage(df: Dockerfile): Stage | undefined {
  return df.stages[df.stages.length - 1];
}

export function flagValue(ins: Instruction, name: string): string | undefined {
  for (const f of ins.flags) if (f.name === name) return f.value ?? '';
  return undefined;
}

export function hasFlag(ins: Instruction, name: string): boolean {
  return ins.flags.some((f) => f.name === name);
}
