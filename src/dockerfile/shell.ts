import sh from 'mvdan-sh';

/**
 * A shell command line as rules need it. RUN instructions are parsed with mvdan/sh (the parser
 * behind shfmt, compiled to JS) so that quoting, `&&` chains, pipes, subshells and heredocs are
 * understood; rules never pattern-match the raw line.
 */
export interface ShellCommand {
  /** Words with quotes removed; parameter expansions kept as `$NAME`, substitutions as `$(...)`. */
  argv: string[];
  /** `argv[0]` without a leading path (`/usr/bin/curl` → `curl`); '' for assignments only. */
  name: string;
  /** 1-based line in the Dockerfile. */
  line: number;
  /** Index of the pipeline this command is in, and its position inside it. */
  pipeline: number;
  position: number;
  /** Number of commands in the pipeline (1 when not piped). */
  pipelineLength: number;
  /** Environment assignments before the command (`DEBIAN_FRONTEND=noninteractive apt-get ...`). */
  assigns: string[];
}

export interface ParsedShell {
  commands: ShellCommand[];
  /** Set when the script does not parse; `commands` then holds a best-effort word split. */
  error?: string;
}

const { syntax } = sh;
const parser = syntax.NewParser(syntax.KeepComments(false), syntax.Variant(syntax.LangBash));

// mvdan-sh is GopherJS output without type declarations; nodes are dynamic objects.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Node = any;

/**
 * Parsing is by far the most expensive step of the Dockerfile rules (the GopherJS parser allocates
 * heavily), and every shell-aware rule asks for the same RUN. Results are cached by script text and
 * start line, and frozen so no caller can change what another one sees.
 */
const cache = new Map<string, ParsedShell>();
const CACHE_LIMIT = 4096;

export function parseShell(script: string, firstLine = 1): ParsedShell {
  const key = `${firstLine}\u0000${script}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const parsed = deepFreeze(parseShellUncached(script, firstLine));
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(key, parsed);
  return parsed;
}

function deepFreeze(p: ParsedShell): ParsedShell {
  for (const c of p.commands) {
    Object.freeze(c.argv);
    Object.freeze(c.assigns);
    Object.freeze(c);
  }
  Object.freeze(p.commands);
  return Object.freeze(p);
}

function parseShellUncached(script: string, firstLine: number): ParsedShell {
  let file: Node;
  try {
    file = parser.Parse(script, 'RUN');
  } catch (e) {
    return { commands: fallbackSplit(script, firstLine), error: shellErrorMessage(e, firstLine) };
  }
  const commands: ShellCommand[] = [];
  const src = sourceOf(script);
  let pipelineCounter = 0;
  // Pipelines are BinaryCmd nodes with op `|` or `|&`; flatten them left to right.
  // Keyed by source offsets: GopherJS hands out a new wrapper object on every field access.
  const pipelineOf = new Map<string, { id: number; position: number; length: number }>();
  const key = (n: Node) => `${n.Pos().Offset()}:${n.End().Offset()}`;
  const PIPE = undefined;
  syntax.Walk(file, (node: Node) => {
    if (!node) return true;
    const type = syntax.NodeType(node);
    if (type === 'BinaryCmd' && isPipe(node, PIPE) && !pipelineOf.has(key(node.X))) {
      const parts: Node[] = [];
      flattenPipe(node, parts, PIPE);
      const id = pipelineCounter++;
      parts.forEach((stmt, i) => pipelineOf.set(key(stmt), { id, position: i, length: parts.length }));
    }
    if (type === 'Stmt') {
      const cmd = node.Cmd;
      if (cmd && syntax.NodeType(cmd) === 'CallExpr') {
        const argv = (cmd.Args as Node[]).map((w) => wordText(w, src));
        const assigns = ((cmd.Assigns as Node[]) ?? []).map((a: Node) => `${a.Name?.Value ?? ''}=${a.Value ? wordText(a.Value, src) : ''}`);
        const pipe = pipelineOf.get(key(node));
        const name = argv.length > 0 ? basename(argv[0]!) : '';
        commands.push({
          argv, name, assigns,
          line: firstLine + Number(node.Pos().Line()) - 1,
          pipeline: pipe ? pipe.id : pipelineCounter++,
          position: pipe ? pipe.position : 0,
          pipelineLength: pipe ? pipe.length : 1,
        });
      }
    }
    return true;
  });
  return { commands };
}

// mvdan/sh's BinCmdOperator values (AndStmt=10, OrStmt=11, Pipe=12, PipeAll=13); the GopherJS
// build does not export the constants. test/dockerfile/shell.test.ts pins them.
const OP_PIPE = 12;
const OP_PIPE_ALL = 13;

function isPipe(node: Node, _PIPE?: string): boolean {
  const op = Number(node.Op);
  return op === OP_PIPE || op === OP_PIPE_ALL;
}

function flattenPipe(node: Node, out: Node[], PIPE: string | undefined): void {
  const x = node.X;
  const y = node.Y;
  if (x?.Cmd && syntax.NodeType(x.Cmd) === 'BinaryCmd' && isPipe(x.Cmd, PIPE)) flattenPipe(x.Cmd, out, PIPE);
  else out.push(x);
  if (y?.Cmd && syntax.NodeType(y.Cmd) === 'BinaryCmd' && isPipe(y.Cmd, PIPE)) flattenPipe(y.Cmd, out, PIPE);
  else out.push(y);
}

function wordText(word: Node, src: Source): string {
  return ((word?.Parts as Node[]) ?? []).map((p) => partText(p, src, false)).join('');
}

/** The script as UTF-8 bytes: mvdan/sh positions are byte offsets. */
interface Source {
  slice(node: Node): string;
}

function sourceOf(script: string): Source {
  const bytes = Buffer.from(script, 'utf8');
  return { slice: (n: Node) => bytes.subarray(Number(n.Pos().Offset()), Number(n.End().Offset())).toString('utf8') };
}

function partText(part: Node, src: Source, inDoubleQuotes: boolean): string {
  switch (syntax.NodeType(part)) {
    case 'Lit':
      // Outside quotes a backslash escapes any character; inside double quotes only \\ \" \$ \`.
      return inDoubleQuotes ? String(part.Value).replace(/\\([\\"$`])/g, '$1') : String(part.Value).replace(/\\(.)/g, '$1');
    case 'SglQuoted':
      return String(part.Value);
    case 'DblQuoted':
      return ((part.Parts as Node[]) ?? []).map((p) => partText(p, src, true)).join('');
    case 'ParamExp': {
      // `$X` and `${X}` stay `$X` (rules expand them from ARG/ENV); anything with an operator
      // (`${X:-def}`, `${#X}`, `${X/a/b}`) is kept as written so defaults are not lost.
      const text = src.slice(part);
      return /^\$\{?[A-Za-z_][A-Za-z0-9_]*\}?$/.test(text) || /^\$[0-9@*#?$!-]$/.test(text) ? '$' + String(part.Param?.Value ?? '') : text;
    }
    case 'CmdSubst':
      return '$(...)';
    case 'ArithmExp':
      return '$((...))';
    case 'ProcSubst':
      return src.slice(part).startsWith('>') ? '>(...)' : '<(...)';
    default:
      return '';
  }
}

function basename(p: string): string {
  const i = p.lastIndexOf('/');
  return i >= 0 ? p.slice(i + 1) : p;
}

/** mvdan/sh reports `RUN:1:5: msg` relative to the script; report the Dockerfile line instead. */
function shellErrorMessage(e: unknown, firstLine: number): string {
  const msg = e instanceof Error ? e.message : String((e as { Error?: () => string })?.Error?.() ?? e);
  const m = /^RUN:(\d+):(\d+):\s*(.*)$/s.exec(msg);
  return m ? `line ${firstLine + Number(m[1]) - 1} column ${m[2]}: ${m[3]}` : msg.replace(/^RUN:\s*/, '');
}

/** When the shell parser gives up, split on operators so rules still see something sensible. */
function fallbackSplit(script: string, firstLine: number): ShellCommand[] {
  const out: ShellCommand[] = [];
  let pipeline = 0;
  script.split('\n').forEach((text, lineIdx) => {
    if (text.trimStart().startsWith('#')) return;
    for (const seq of text.split(/&&|\|\||;/)) {
      const parts = seq.split('|');
      parts.forEach((p, position) => {
        const argv = p.trim().split(/\s+/).filter(Boolean).map((w) => w.replace(/^["']|["']$/g, ''));
        if (argv.length === 0) return;
        out.push({ argv, name: basename(argv[0]!), assigns: [], line: firstLine + lineIdx, pipeline, position, pipelineLength: parts.length });
      });
      pipeline++;
    }
  });
  return out;
}

/** Commands of a RUN instruction (or shell-form CMD/ENTRYPOINT/HEALTHCHECK). */
export function commandsOf(ins: { script?: { text: string; line: number } }): ShellCommand[] {
  if (!ins.script) return [];
  return parseShell(ins.script.text, ins.script.line).commands;
}

/** Commands in the same pipeline that come after `cmd`. */
export function pipedInto(commands: ShellCommand[], cmd: ShellCommand): ShellCommand[] {
  return commands.filter((c) => c.pipeline === cmd.pipeline && c.position > cmd.position);
}
