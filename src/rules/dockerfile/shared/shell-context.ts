import sh from 'mvdan-sh';

/**
 * Where each command of a script sits in the shell syntax tree: inside a subshell, a loop, a
 * command or process substitution (and which command's word holds it), what feeds its stdin.
 *
 * `parseShell` (src/dockerfile/shell.ts) flattens the tree into a command list and drops this
 * structure, which some rules need (`(cd x && make)` changes nothing for later commands;
 * `bash <(curl …)` runs what curl prints). This walks the same mvdan/sh tree in the same order, so
 * `contexts[i]` describes `parseShell(...).commands[i]`.
 */

export interface Substitution {
  kind: 'command' | 'process';
  /** Index (in the same command list) of the command whose word or redirect holds it. */
  host?: number;
  /** Index of the host's argv word that contains it; absent when it sits in a redirect. */
  argIndex?: number;
  /** True when it is in a redirect that feeds the host's stdin (`< <(…)`, `<<< "$(…)"`, heredoc). */
  stdin: boolean;
}

export interface CommandContext {
  /** Inside `( … )`, `$( … )`, `<( … )` or backquotes: `cd`, `export`, `set` do not outlive it. */
  subshell: boolean;
  /** Inside the body of a `for`/`while`/`until` loop. */
  loop: boolean;
  /** Inside a function body. */
  func: boolean;
  /** Set when the command runs inside a substitution. */
  substitution?: Substitution;
  /** 1-based source line of each argv word (for re-parsing a `sh -c` string at the right line). */
  wordLines: number[];
  /** A heredoc fed to the command's stdin: its body (delimiter line removed) and first line. */
  heredoc?: { text: string; line: number };
  /** Any stdin redirect (`<`, `<<`, `<<<`). */
  stdinRedirect: boolean;
}

export interface Export {
  name: string;
  /** Value as written with simple quotes removed; '' for `export NAME`. */
  value: string;
  /** Number of commands before it in the script: the export is in effect for commands >= this. */
  before: number;
  /** Exported inside a subshell (only affects that subshell). */
  subshell: boolean;
  /** 1-based Dockerfile line of the export. */
  line: number;
}

export interface ScriptContext {
  contexts: CommandContext[];
  exports: Export[];
}

const { syntax } = sh;
const parser = syntax.NewParser(syntax.KeepComments(false), syntax.Variant(syntax.LangBash));

// mvdan-sh is GopherJS output without type declarations; nodes are dynamic objects.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Node = any;

// mvdan/sh RedirOperator values (not exported by the GopherJS build): `<` 56, `<<` 61, `<<-` 62,
// `<<<` 63. ProcOperator: `<(` 66. test/rules/dockerfile/shared/commands.test.ts pins the behaviour.
const STDIN_REDIRECTS = new Set([56, 61, 62, 63]);
const HEREDOC_REDIRECTS = new Set([61, 62]);

interface Frame {
  type: string;
  start: number;
  end: number;
  /** For a Stmt whose command is a CallExpr: its index in the command list. */
  cmdIndex?: number;
  args?: Array<[number, number]>;
  redirs?: Array<{ start: number; end: number; op: number }>;
  substitution?: Substitution;
}

/**
 * Analyses `script`; `firstLine` is the Dockerfile line of its first line. Returns undefined when
 * the script does not parse (rules then get no context, as `parseShell` falls back to splitting).
 */
export function scriptContext(script: string, firstLine = 1): ScriptContext | undefined {
  // Every shell-aware rule asks for the same scripts; the parse dominates rule time, so cache it.
  const key = `${firstLine}\u0000${script}`;
  if (contextCache.has(key)) return contextCache.get(key);
  const result = scriptContextUncached(script, firstLine);
  if (contextCache.size >= 4096) contextCache.clear();
  contextCache.set(key, result);
  return result;
}

const contextCache = new Map<string, ScriptContext | undefined>();

function scriptContextUncached(script: string, firstLine: number): ScriptContext | undefined {
  let file: Node;
  try {
    file = parser.Parse(script, 'RUN');
  } catch {
    return undefined;
  }
  // mvdan/sh offsets are byte offsets into the UTF-8 source.
  const bytes = Buffer.from(script, 'utf8');
  const slice = (a: number, b: number) => bytes.subarray(a, b).toString('utf8');
  const lineOf = (n: Node) => firstLine + Number(n.Pos().Line()) - 1;
  const contexts: CommandContext[] = [];
  const exports: Export[] = [];
  const stack: Frame[] = [];

  const inside = (...types: string[]) => stack.some((f) => types.includes(f.type));

  syntax.Walk(file, (node: Node) => {
    if (!node) {
      stack.pop();
      return true;
    }
    const type = String(syntax.NodeType(node));
    const frame: Frame = { type, start: Number(node.Pos().Offset()), end: Number(node.End().Offset()) };

    if (type === 'CmdSubst' || type === 'ProcSubst') {
      frame.substitution = substitutionFor(frame, type === 'CmdSubst' ? 'command' : 'process', stack);
    }
    if (type === 'DeclClause') exports.push(...declExports(node, contexts.length, inside('Subshell', 'CmdSubst', 'ProcSubst'), lineOf(node), slice));
    if (type === 'Stmt' && node.Cmd && syntax.NodeType(node.Cmd) === 'CallExpr') {
      const args = (node.Cmd.Args as Node[]) ?? [];
      const redirs = (node.Redirs as Node[]) ?? [];
      frame.cmdIndex = contexts.length;
      frame.args = args.map((w: Node) => [Number(w.Pos().Offset()), Number(w.End().Offset())]);
      frame.redirs = redirs.map((r: Node) => ({ start: Number(r.Pos().Offset()), end: Number(r.End().Offset()), op: Number(r.Op) }));
      const heredocRedir = redirs.find((r: Node) => HEREDOC_REDIRECTS.has(Number(r.Op)) && r.Hdoc);
      let heredoc: CommandContext['heredoc'];
      if (heredocRedir) {
        const h = heredocRedir.Hdoc;
        const delim = heredocRedir.Word ? slice(Number(heredocRedir.Word.Pos().Offset()), Number(heredocRedir.Word.End().Offset())).replace(/['"\\]/g, '') : '';
        const lines = slice(Number(h.Pos().Offset()), Number(h.End().Offset())).split('\n');
        if (lines.length > 0 && lines[lines.length - 1]!.trim() === delim) lines.pop();
        heredoc = { text: lines.join('\n') + '\n', line: lineOf(h) };
      }
      const subst = [...stack].reverse().find((f) => f.substitution)?.substitution;
      contexts.push({
        subshell: inside('Subshell', 'CmdSubst', 'ProcSubst'),
        loop: inside('ForClause', 'WhileClause'),
        func: inside('FuncDecl'),
        substitution: subst,
        wordLines: args.map(lineOf),
        heredoc,
        stdinRedirect: redirs.some((r: Node) => STDIN_REDIRECTS.has(Number(r.Op))),
      });
    }
    stack.push(frame);
    return true;
  });
  return { contexts, exports };
}

/** Finds the command whose word or redirect contains a substitution starting at `frame.start`. */
function substitutionFor(frame: Frame, kind: Substitution['kind'], stack: Frame[]): Substitution {
  for (let i = stack.length - 1; i >= 0; i--) {
    const f = stack[i]!;
    if (f.type !== 'Stmt') continue;
    if (f.cmdIndex === undefined) return { kind, stdin: false };
    const argIndex = f.args!.findIndex(([a, b]) => frame.start >= a && frame.start < b);
    if (argIndex >= 0) return { kind, host: f.cmdIndex, argIndex, stdin: false };
    const redir = f.redirs!.find((r) => frame.start >= r.start && frame.start < r.end);
    return { kind, host: f.cmdIndex, stdin: redir !== undefined && STDIN_REDIRECTS.has(redir.op) };
  }
  return { kind, stdin: false };
}

/** `export A=1 B`, `declare -x A=1`, `typeset -x`: variables exported to later commands. */
function declExports(node: Node, before: number, subshell: boolean, line: number, slice: (a: number, b: number) => string): Export[] {
  const variant = String(node.Variant?.Value ?? '');
  const assigns = (node.Args as Node[]) ?? [];
  const words = assigns.map((a: Node) => ({
    name: a.Name ? String(a.Name.Value) : undefined,
    raw: a.Value ? slice(Number(a.Value.Pos().Offset()), Number(a.Value.End().Offset())) : undefined,
  }));
  const exported = variant === 'export' || ((variant === 'declare' || variant === 'typeset') && words.some((w) => w.name === undefined && /^-[a-zA-Z]*x/.test(w.raw ?? '')));
  if (!exported) return [];
  return words
    .filter((w) => w.name !== undefined)
    .map((w) => ({ name: w.name!, value: unquote(w.raw ?? ''), before, subshell, line }));
}

function unquote(raw: string): string {
  if (raw.length >= 2 && (raw[0] === '"' || raw[0] === "'") && raw[raw.length - 1] === raw[0]) return raw.slice(1, -1);
  return raw;
}
