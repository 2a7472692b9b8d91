import { DockerfileParser, type Heredoc as AstHeredoc, type Instruction as AstInstruction } from 'dockerfile-ast';
import { expandWord, parseKeyValues, splitWords } from './expand.js';
import type { Dockerfile, Heredoc, ImageRef, Instruction, InstructionFlag, ParseProblem, Stage } from './model.js';

const KNOWN = new Set([
  'ADD', 'ARG', 'CMD', 'COPY', 'ENTRYPOINT', 'ENV', 'EXPOSE', 'FROM', 'HEALTHCHECK', 'LABEL',
  'MAINTAINER', 'ONBUILD', 'RUN', 'SHELL', 'STOPSIGNAL', 'USER', 'VOLUME', 'WORKDIR',
]);

/** Instructions whose shell form is run by the stage's shell. */
const SHELL_FORM = new Set(['RUN', 'CMD', 'ENTRYPOINT']);

/** Automatic platform ARGs BuildKit defines in the global scope (for FROM lines). */
const PLATFORM_ARGS: Array<[string, string]> = [
  ['TARGETPLATFORM', 'linux/amd64'], ['TARGETOS', 'linux'], ['TARGETARCH', 'amd64'], ['TARGETVARIANT', ''],
  ['BUILDPLATFORM', 'linux/amd64'], ['BUILDOS', 'linux'], ['BUILDARCH', 'amd64'], ['BUILDVARIANT', ''],
];

/**
 * `# leftshift:ignore=ID[,ID] reason`; hadolint's `# hadolint ignore=DL3008,DL3009` is honoured
 * too, so Dockerfiles annotated for hadolint need no second set of comments.
 */
const SUPPRESS_RE = /^#\s*(?:leftshift:ignore[=\s]|hadolint\s+ignore=)\s*([A-Za-z0-9_\-]+(?:\s*,\s*[A-Za-z0-9_\-]+)*)(?:\s+(.*))?$/;

export interface ParseOptions {
  /** `--build-arg` values, which override ARG defaults. */
  buildArgs?: ReadonlyMap<string, string>;
}

/**
 * Parses a Dockerfile into stages and instructions with exact source lines. Never throws on bad
 * syntax: problems are collected in `problems` so the scanner can report them as findings.
 */
export function parseDockerfile(text: string, path: string, options: ParseOptions = {}): Dockerfile {
  const lines = text.split(/\r?\n/);
  const ast = DockerfileParser.parse(text);
  const escapeChar = ast.getEscapeCharacter() === '`' ? '`' : '\\';
  const problems: ParseProblem[] = [];
  const buildArgs = options.buildArgs ?? new Map<string, string>();

  const globalVars = new Map<string, string>(PLATFORM_ARGS);
  const globalArgs = new Map<string, string | undefined>();
  const stages: Stage[] = [];
  const instructions: Instruction[] = [];
  let stageVars = new Map<string, string>();
  // ENV of each stage at its end, inherited by stages built FROM it.
  const stageEnvAtEnd: Array<Map<string, string>> = [];
  let stageEnv = new Map<string, string>();

  for (const node of ast.getInstructions()) {
    const range = node.getRange();
    const line = range.start.line + 1;
    const endLine = range.end.line + 1;
    const keyword = node.getKeyword().toUpperCase();
    // Heredoc extraction is the parser library's slowest call; skip it when there can be none.
    const mayHaveHeredoc = lines.slice(range.start.line, range.end.line + 1).some((l) => l.includes('<<'));
    const astHeredocs = mayHaveHeredoc ? heredocsOf(node) : [];
    const heredocs = readHeredocs(astHeredocs, lines);
    const heredocLines = new Set<number>();
    for (const h of astHeredocs) {
      const content = h.getContentRange();
      const delim = h.getDelimiterRange();
      const from = content ? content.start.line : h.getStartRange().end.line + 1;
      const to = delim ? delim.end.line : range.end.line;
      for (let l = from; l <= to; l++) heredocLines.add(l);
    }
    const keywordEnd = node.getInstructionRange().end;
    const physical = collectPhysical(lines, range.start.line, range.end.line, keywordEnd.character, heredocLines, escapeChar);
    const { flags, rest } = takeFlags(physical.logical);
    const body = rest.trim();
    const jsonArray = parseJsonArray(body);
    const stageIndex = stages.length - 1;

    const vars: Map<string, string> = keyword === 'FROM' ? new Map(globalVars) : new Map([...stageVars, ...stageEnv]);
    const ins: Instruction = {
      keyword, line, endLine, flags, body,
      jsonForm: jsonArray !== undefined,
      args: jsonArray ?? splitWords(body, escapeChar),
      heredocs,
      stage: keyword === 'FROM' ? stages.length : stageIndex,
      vars,
      suppressions: suppressionsAbove(lines, range.start.line),
    };
    if (!KNOWN.has(keyword)) problems.push({ line, message: `unknown instruction "${node.getKeyword()}"` });
    else {
      const arity = arityProblem(keyword, ins);
      if (arity) problems.push({ line, message: arity });
    }

    if (SHELL_FORM.has(keyword) && !ins.jsonForm) {
      ins.script = scriptOf(physical.script, heredocs, line);
    } else if (keyword === 'HEALTHCHECK') {
      const m = /^((?:\s*--\S+)*)\s*CMD\s+/i.exec(physical.script.text.replace(/\\\n/g, ' \n'));
      const cmdBody = body.replace(/^CMD\s+/i, '');
      if (m && parseJsonArray(cmdBody) === undefined) {
        const idx = physical.script.text.search(/CMD\s+/i);
        const blanked = physical.script.text.slice(0, idx).replace(/[^\n]/g, ' ') + '   ' + physical.script.text.slice(idx + 3);
        ins.script = { text: blanked, line };
      }
    }

    if (keyword === 'FROM') {
      const stage = makeStage(ins, stages, globalVars, escapeChar, problems);
      stageEnvAtEnd[stages.length - 1] = stageEnv;
      stages.push(stage);
      stageVars = new Map();
      stageEnv = stage.base.kind === 'stage' ? new Map(stageEnvAtEnd[stage.base.stage] ?? []) : new Map();
      instructions.push(ins);
      continue;
    }
    if (stages.length === 0) {
      if (keyword === 'ARG') {
        for (const kv of parseKeyValues(body, globalVars, escapeChar, false)) {
          const value = buildArgs.get(kv.key) ?? kv.value;
          globalArgs.set(kv.key, value);
          if (value !== undefined) globalVars.set(kv.key, value);
        }
      } else if (KNOWN.has(keyword)) {
        problems.push({ line, message: `${keyword} before the first FROM (only ARG may come before FROM)` });
      }
      instructions.push(ins);
      continue;
    }
    stages[stages.length - 1]!.instructions.push(ins);
    instructions.push(ins);
    if (keyword === 'ARG') {
      for (const kv of parseKeyValues(body, vars, escapeChar, false)) {
        const value = buildArgs.get(kv.key) ?? kv.value ?? globalArgs.get(kv.key) ?? (PLATFORM_ARGS.find(([k]) => k === kv.key)?.[1]);
        if (value !== undefined) stageVars.set(kv.key, value);
      }
    } else if (keyword === 'ENV') {
      for (const kv of parseKeyValues(body, vars, escapeChar, true)) {
        if (kv.value === undefined) problems.push({ line, message: `ENV ${kv.key} has no value` });
        else stageEnv.set(kv.key, kv.value);
      }
    }
  }
  if (stages.length === 0) problems.push({ line: 1, message: 'no FROM instruction: this is not a buildable Dockerfile' });
  return { path, text, lines, instructions, stages, globalArgs, escapeChar, problems };
}

/**
 * Argument counts BuildKit enforces (it stops the build with "X requires ..."). JSON-form and
 * heredoc arguments count as written.
 */
function arityProblem(keyword: string, ins: Instruction): string | undefined {
  const n = ins.args.length + (ins.jsonForm ? 0 : 0);
  const hasHeredoc = ins.heredocs.length > 0;
  switch (keyword) {
    case 'COPY':
    case 'ADD':
      return n < 2 && !hasHeredoc ? `${keyword} requires at least two arguments (source and destination)` : undefined;
    case 'USER':
    case 'WORKDIR':
    case 'STOPSIGNAL':
      return n !== 1 ? `${keyword} requires exactly one argument` : undefined;
    case 'EXPOSE':
    case 'VOLUME':
    case 'ENV':
    case 'ARG':
    case 'LABEL':
    case 'ONBUILD':
    case 'MAINTAINER':
    case 'SHELL':
      return n < 1 ? `${keyword} requires at least one argument` : keyword === 'SHELL' && !ins.jsonForm ? 'SHELL requires the JSON array form, e.g. SHELL ["/bin/bash", "-c"]' : undefined;
    case 'RUN':
      return n < 1 && !hasHeredoc ? 'RUN requires a command' : undefined;
    case 'HEALTHCHECK': {
      const first = (ins.args[0] ?? '').toUpperCase();
      if (n < 1) return 'HEALTHCHECK requires NONE or CMD followed by a command';
      if (first !== 'NONE' && first !== 'CMD') return `HEALTHCHECK expects NONE or CMD, got "${ins.args[0]}"`;
      if (first === 'CMD' && n < 2) return 'HEALTHCHECK CMD requires a command';
      return undefined;
    }
    default:
      return undefined;
  }
}

interface Physical {
  /** The arguments with continuations joined and interior comment lines dropped (Docker's view). */
  logical: string;
  /** The arguments as shell source, line structure preserved. */
  script: { text: string; line: number };
}

function collectPhysical(lines: string[], start: number, end: number, firstCol: number, heredocLines: Set<number>, esc: string): Physical {
  let logical = '';
  const scriptLines: string[] = [];
  for (let l = start; l <= end; l++) {
    let text = lines[l] ?? '';
    if (l === start) text = ' '.repeat(firstCol) + text.slice(firstCol);
    if (heredocLines.has(l)) {
      scriptLines.push(text);
      continue;
    }
    const trimmed = text.trim();
    if (l > start && (trimmed.startsWith('#') || trimmed === '')) {
      // Docker drops comment and empty lines inside a continuation; keep the line count for the
      // shell by turning it into a bare continuation.
      scriptLines.push('\\');
      continue;
    }
    const continued = text.trimEnd().endsWith(esc) && l < end && !nextIsHeredocOnly(l, end, heredocLines);
    if (continued) {
      const cut = text.trimEnd();
      logical += cut.slice(0, -1);
      scriptLines.push(cut.slice(0, -1) + '\\');
    } else {
      logical += text;
      scriptLines.push(text);
      if (heredocLines.size === 0) continue;
      logical += '\n';
    }
  }
  return { logical: logical.trimEnd(), script: { text: scriptLines.join('\n'), line: start + 1 } };
}

function nextIsHeredocOnly(l: number, _end: number, heredocLines: Set<number>): boolean {
  return heredocLines.has(l + 1);
}

/** Leading `--name[=value]` flags; returns them and the remaining text with flags blanked out. */
function takeFlags(text: string): { flags: InstructionFlag[]; rest: string } {
  const flags: InstructionFlag[] = [];
  let i = 0;
  for (;;) {
    while (i < text.length && /\s/.test(text[i]!)) i++;
    if (!text.startsWith('--', i)) break;
    let j = i;
    let quote: string | undefined;
    while (j < text.length && (quote || !/\s/.test(text[j]!))) {
      const c = text[j]!;
      if (quote) { if (c === quote) quote = undefined; }
      else if (c === '"' || c === "'") quote = c;
      j++;
    }
    const token = text.slice(i + 2, j);
    const eq = token.indexOf('=');
    flags.push(eq < 0 ? { name: token.toLowerCase(), value: undefined } : { name: token.slice(0, eq).toLowerCase(), value: unquote(token.slice(eq + 1)) });
    i = j;
  }
  return { flags, rest: text.slice(i) };
}

function unquote(v: string): string {
  return v.length >= 2 && (v[0] === '"' || v[0] === "'") && v[v.length - 1] === v[0] ? v.slice(1, -1) : v;
}

function parseJsonArray(body: string): string[] | undefined {
  const t = body.trim();
  if (!t.startsWith('[')) return undefined;
  try {
    const v: unknown = JSON.parse(t);
    if (Array.isArray(v) && v.every((x) => typeof x === 'string')) return v as string[];
  } catch {
    /* not JSON: Docker then treats it as shell form */
  }
  return undefined;
}

function scriptOf(physical: { text: string; line: number }, heredocs: Heredoc[], line: number): { text: string; line: number } {
  // Blank out the flags but keep columns and line structure.
  const { rest } = takeFlags(physical.text);
  const offset = physical.text.length - rest.length;
  const text = physical.text.slice(0, offset).replace(/[^\n]/g, ' ') + rest;
  // `RUN <<EOF` with no command: BuildKit runs the heredoc's content as the script.
  const firstLine = rest.split('\n')[0]!.trim();
  if (heredocs.length > 0 && /^<<-?(["']?)[A-Za-z0-9_]+\1(\s+\S+.*)?$/.test(firstLine) && !/^<<-?\S+\s+\S/.test(firstLine) || (heredocs.length > 0 && /^<<-?(["']?)[A-Za-z0-9_]+\1\s+(ba|da|a|z)?sh\b/.test(firstLine))) {
    const h = heredocs[0]!;
    return { text: h.content, line: h.contentLine };
  }
  return { text, line };
}

/** Only RUN/COPY/ADD expose heredocs publicly; the base class keeps the method protected. */
function heredocsOf(node: AstInstruction): AstHeredoc[] {
  const fn = (node as unknown as { getHeredocs?: () => AstHeredoc[] }).getHeredocs;
  return typeof fn === 'function' ? fn.call(node) : [];
}

function readHeredocs(astHeredocs: AstHeredoc[], lines: string[]): Heredoc[] {
  const out: Heredoc[] = [];
  for (const h of astHeredocs) {
    const start = h.getStartRange().start;
    const marker = lines[start.line]?.slice(start.character) ?? '';
    const stripTabs = marker.startsWith('<<-');
    const contentRange = h.getContentRange();
    const delim = h.getDelimiterRange();
    if (!contentRange) {
      out.push({ name: h.getName(), content: '', contentLine: start.line + 2, stripTabs });
      continue;
    }
    const from = contentRange.start.line;
    const to = delim ? delim.start.line - 1 : contentRange.end.line;
    let content = lines.slice(from, to + 1);
    if (stripTabs) content = content.map((l) => l.replace(/^\t+/, ''));
    out.push({ name: h.getName(), content: content.join('\n') + '\n', contentLine: from + 1, stripTabs });
  }
  return out;
}

function suppressionsAbove(lines: string[], startLine: number): Instruction['suppressions'] {
  const out: Instruction['suppressions'] = [];
  for (let l = startLine - 1; l >= 0; l--) {
    const t = (lines[l] ?? '').trim();
    if (!t.startsWith('#')) break;
    const m = SUPPRESS_RE.exec(t);
    if (!m) continue;
    const [ids, reason = ''] = [m[1]!, m[2]];
    for (const id of ids.split(/[,\s]+/).filter(Boolean)) out.push({ ruleId: id.toUpperCase(), reason: reason.trim(), line: l + 1 });
  }
  return out;
}

function makeStage(ins: Instruction, stages: Stage[], globalVars: Map<string, string>, esc: '\\' | '`', problems: ParseProblem[]): Stage {
  const words = splitWords(ins.body, esc);
  const rawImage = words[0] ?? '';
  let name: string | undefined;
  if (words.length >= 3 && words[1]!.toUpperCase() === 'AS') name = words[2]!.toLowerCase();
  else if (words.length > 1) problems.push({ line: ins.line, message: `FROM expects "image [AS name]", got "${ins.body}"` });
  if (!rawImage) problems.push({ line: ins.line, message: 'FROM without an image' });
  const platformFlag = ins.flags.find((f) => f.name === 'platform')?.value;
  const platform = platformFlag === undefined ? undefined : expandWord(platformFlag, globalVars, esc).value;
  const expanded = expandWord(rawImage, globalVars, esc);
  const lower = expanded.value.toLowerCase();
  const index = stages.length;
  let base: Stage['base'];
  const prior = stages.findIndex((s) => s.name !== undefined && s.name === lower);
  if (lower === 'scratch') base = { kind: 'scratch' };
  else if (prior >= 0) base = { kind: 'stage', stage: prior };
  else base = { kind: 'image', image: parseImageRef(rawImage, expanded.value, expanded.unresolved.length > 0) };
  return { index, name, from: ins, base, platform, instructions: [] };
}

/** Splits `registry/repo:tag@digest` the way Docker's reference grammar does. */
export function parseImageRef(raw: string, expanded: string, unresolved = false): ImageRef {
  let rest = expanded;
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
  }
  let registry: string | undefined;
  const slash = rest.indexOf('/');
  if (slash > 0) {
    const first = rest.slice(0, slash);
    if (first.includes('.') || first.includes(':') || first === 'localhost') {
      registry = first;
      rest = rest.slice(slash + 1);
    }
  }
  let tag: string | undefined;
  const colon = rest.lastIndexOf(':');
  if (colon > rest.lastIndexOf('/')) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
  }
  let repository = rest;
  if ((registry === undefined || registry === 'docker.io' || registry === 'index.docker.io') && repository.startsWith('library/')) repository = repository.slice('library/'.length);
  if (registry === 'docker.io' || registry === 'index.docker.io') registry = undefined;
  return { raw, expanded, registry, repository, tag: tag || undefined, digest, unresolved };
}
