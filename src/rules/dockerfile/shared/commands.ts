import type { Instruction } from '../../../dockerfile/model.js';
import { parseShell, type ShellCommand } from '../../../dockerfile/shell.js';
import { parseArgs, hasOption, type ArgSpec } from './args.js';
import { scriptContext, type CommandContext, type Export, type Substitution } from './shell-context.js';

/**
 * The commands an instruction really runs, as rules need them: wrappers peeled off
 * (`sudo -E apt-get …` is `apt-get …`), and the scripts of `sh -c "…"`, `bash <<EOF` and
 * exec-form `RUN ["sh", "-c", "…"]` parsed as shell too, so a rule looking for `apt-get install`
 * finds it wherever it is.
 */
export interface Command extends ShellCommand {
  /** Wrappers peeled off, outermost first (`['sudo', 'env']`). */
  wrappers: string[];
  /** The command as written, before unwrapping. */
  written: ShellCommand;
  /** How many argv words of `written` the wrappers took. */
  argvOffset: number;
  /** The shells this command was found inside (`['sh -c']`, `['bash <<EOF']`); [] at top level. */
  via: string[];
  /** True inside `( … )`, a substitution or a nested shell: directory changes do not outlive it. */
  subshell: boolean;
  loop: boolean;
  func: boolean;
  /** Set when the command's output is substituted into another command's word or stdin. */
  substitution?: Omit<Substitution, 'host' | 'argIndex'> & {
    host?: Command;
    /** Index into `host.argv` (after unwrapping) of the word holding the substitution. */
    argIndex?: number;
  };
  /** A heredoc fed to the command's stdin. */
  heredoc?: { text: string; line: number };
  stdinRedirect: boolean;
  /** 1-based line of each argv word. */
  wordLines: number[];
}

export interface RunScript {
  commands: Command[];
  /** `export NAME=value` statements (top-level script only), with the command index they precede. */
  exports: Export[];
}

/** Shells whose `-c` string or stdin script rules look into. */
export const SHELLS = new Set(['sh', 'bash', 'dash', 'ash', 'zsh', 'ksh', 'mksh', 'yash']);

/** Option spec for POSIX shells (`bash -euxo pipefail -c "…"`). */
export const SHELL_SPEC: ArgSpec = { shortValue: 'oO', longValue: ['rcfile', 'init-file'], stopAtOperand: true };

interface Wrapper {
  spec: ArgSpec;
  /** Operands before the wrapped command (`timeout 60 cmd`, `gosu user cmd`). */
  skip?: number;
  /** Leading `NAME=value` operands are environment assignments (`env A=1 cmd`). */
  assigns?: boolean;
  /** Options that make it not run a command (`command -v x`). */
  noRun?: string[];
  /** Only a wrapper when one of these options is present (`runuser -u app cmd`). */
  requires?: string[];
}

/** Commands that run another command given as their operands. */
const WRAPPERS: Record<string, Wrapper> = {
  sudo: {
    spec: { shortValue: 'ugCDhprtUTR', longValue: ['user', 'group', 'close-from', 'chdir', 'host', 'prompt', 'role', 'type', 'other-user', 'command-timeout', 'chroot'], stopAtOperand: true },
    noRun: ['-l', '-v', '-k', '-K', '-V', '-e', '--list', '--validate', '--edit'],
    assigns: true,
  },
  doas: { spec: { shortValue: 'uC', stopAtOperand: true } },
  env: { spec: { shortValue: 'uCS', longValue: ['unset', 'chdir', 'split-string'], stopAtOperand: true }, assigns: true },
  nice: { spec: { shortValue: 'n', longValue: ['adjustment'], stopAtOperand: true } },
  nohup: { spec: { stopAtOperand: true } },
  time: { spec: { shortValue: 'fo', longValue: ['format', 'output'], stopAtOperand: true } },
  timeout: { spec: { shortValue: 'sk', longValue: ['signal', 'kill-after'], stopAtOperand: true }, skip: 1 },
  stdbuf: { spec: { shortValue: 'ioe', longValue: ['input', 'output', 'error'], stopAtOperand: true } },
  ionice: { spec: { shortValue: 'cnpPu', longValue: ['class', 'classdata'], stopAtOperand: true } },
  exec: { spec: { shortValue: 'a', stopAtOperand: true } },
  command: { spec: { stopAtOperand: true }, noRun: ['-v', '-V'] },
  builtin: { spec: { stopAtOperand: true } },
  xargs: {
    spec: { shortValue: 'adEILnPs', longValue: ['arg-file', 'delimiter', 'eof', 'replace', 'max-lines', 'max-args', 'max-procs', 'max-chars', 'process-slot-var'], stopAtOperand: true },
  },
  eatmydata: { spec: { stopAtOperand: true } },
  fakeroot: { spec: { shortValue: 'lsi', longValue: ['lib', 'faked'], stopAtOperand: true } },
  unbuffer: { spec: { stopAtOperand: true } },
  tini: { spec: { shortValue: 'pel', stopAtOperand: true } },
  'dumb-init': { spec: { shortValue: 'r', longValue: ['rewrite'], stopAtOperand: true } },
  setsid: { spec: { stopAtOperand: true } },
  nocache: { spec: { stopAtOperand: true } },
  // `busybox wget …` runs the wget applet.
  busybox: { spec: { stopAtOperand: true } },
  gosu: { spec: { stopAtOperand: true }, skip: 1 },
  'su-exec': { spec: { stopAtOperand: true }, skip: 1 },
  chroot: { spec: { longValue: ['userspec', 'groups'], stopAtOperand: true }, skip: 1 },
  runuser: { spec: { shortValue: 'ugGw', longValue: ['user', 'group', 'supp-group', 'whitelist-environment'], stopAtOperand: true }, requires: ['-u', '--user'] },
  setpriv: { spec: { stopAtOperand: true } },
};

/** Unwraps nested wrappers: `sudo -E env A=1 nice apt-get install` → `apt-get install`. */
export function unwrap(cmd: ShellCommand): { argv: string[]; wrappers: string[]; assigns: string[]; offset: number } {
  let argv = cmd.argv;
  let offset = 0;
  const wrappers: string[] = [];
  const assigns = [...cmd.assigns];
  for (let depth = 0; depth < 8 && argv.length > 0; depth++) {
    const name = basename(argv[0]!);
    const w = WRAPPERS[name];
    if (!w) break;
    const parsed = parseArgs(argv, w.spec, 1);
    if (w.noRun && hasOption(parsed, ...w.noRun)) break;
    if (w.requires && !hasOption(parsed, ...w.requires)) break;
    let i = parsed.rest;
    if (w.assigns) {
      while (i < argv.length && /^[A-Za-z_][A-Za-z0-9_]*=/.test(argv[i]!)) assigns.push(argv[i++]!);
    }
    i += w.skip ?? 0;
    if (name === 'env') {
      // `env -S "cmd args"` splits its value into the command line.
      const split = parsed.options.find((o) => o.name === '-S' || o.name === '--split-string');
      if (split?.value !== undefined) {
        wrappers.push(name);
        argv = [...split.value.trim().split(/\s+/), ...argv.slice(i)];
        offset += i; // approximate: the split words are not in the written argv
        continue;
      }
    }
    if (i >= argv.length) break; // e.g. `sudo -i`: nothing wrapped
    wrappers.push(name);
    argv = argv.slice(i);
    offset += i;
  }
  return { argv, wrappers, assigns, offset };
}

/** The command string of `sh -c "…"` (or `su -c "…"`), if the command is one. */
export function shellCString(cmd: { name: string; argv: string[] }): { text: string; index: number } | undefined {
  if (SHELLS.has(cmd.name)) {
    const parsed = parseArgs(cmd.argv, SHELL_SPEC, 1);
    if (!hasOption(parsed, '-c')) return undefined;
    const first = parsed.operands[0];
    return first ? { text: first.value, index: first.index } : undefined;
  }
  if (cmd.name === 'su' || cmd.name === 'runuser') {
    const parsed = parseArgs(cmd.argv, { shortValue: 'cgGsw', longValue: ['command', 'group', 'supp-group', 'shell', 'whitelist-environment'] }, 1);
    const opt = parsed.options.find((o) => o.name === '-c' || o.name === '--command');
    if (opt?.value !== undefined) return { text: opt.value, index: opt.valueIndex ?? opt.index };
  }
  return undefined;
}

/** True when a shell command reads its script from stdin (`sh`, `bash -s`, `bash -`, no script file). */
export function shellReadsStdin(cmd: { name: string; argv: string[] }): boolean {
  if (!SHELLS.has(cmd.name)) return false;
  const parsed = parseArgs(cmd.argv, SHELL_SPEC, 1);
  if (hasOption(parsed, '-c')) return false;
  if (hasOption(parsed, '-s')) return true;
  const first = parsed.operands[0];
  return first === undefined || first.value === '-' || first.value === '/dev/stdin';
}

const cache = new WeakMap<Instruction, RunScript>();

/**
 * Commands of a RUN (or shell-form CMD/ENTRYPOINT/HEALTHCHECK, or exec-form RUN/CMD/ENTRYPOINT),
 * unwrapped, with nested shell scripts expanded after the command that runs them.
 */
export function runScript(ins: Instruction): RunScript {
  const cached = cache.get(ins);
  if (cached) return cached;
  let result: RunScript;
  if (ins.script && nonShellHeredoc(ins)) {
    result = { commands: [], exports: [] };
  } else if (ins.script) {
    result = analyse(ins.script.text, ins.script.line, [], false, 0);
  } else if (ins.jsonForm && ['RUN', 'CMD', 'ENTRYPOINT'].includes(ins.keyword) && ins.args.length > 0) {
    // Exec form: one command, no shell; its words are all on the instruction's line as far as we know.
    const argv = ins.args;
    const written: ShellCommand = { argv, name: basename(argv[0]!), line: ins.line, pipeline: 0, position: 0, pipelineLength: 1, assigns: [] };
    const ctx: CommandContext = { subshell: false, loop: false, func: false, wordLines: argv.map(() => ins.line), stdinRedirect: false };
    const ids = { next: 1 };
    // `RUN ["sh", "-c", "…"]`: the string is the instruction's whole script, not a nested subshell.
    result = { commands: expand([written], [ctx], [], false, 0, ids, false), exports: [] };
  } else {
    result = { commands: [], exports: [] };
  }
  cache.set(ins, result);
  return result;
}

/**
 * `RUN <<EOF` whose body starts with a shebang for another language (`#!/usr/bin/env python3`):
 * BuildKit runs it with that interpreter, but the parser hands the body over as shell script.
 */
function nonShellHeredoc(ins: Instruction): boolean {
  const h = ins.heredocs[0];
  if (!h || ins.script?.text !== h.content) return false;
  const shebang = /^#!\s*(\S+)(?:\s+(\S+))?/.exec(h.content);
  if (!shebang) return false;
  const prog = basename(shebang[1]!) === 'env' && shebang[2] ? shebang[2] : basename(shebang[1]!);
  return !SHELLS.has(basename(prog));
}

/** Shorthand for `runScript(ins).commands`. */
export function runCommands(ins: Instruction): Command[] {
  return runScript(ins).commands;
}

const MAX_DEPTH = 4;

function analyse(text: string, line: number, via: string[], subshell: boolean, depth: number, ids = { next: 0 }): RunScript {
  const parsed = parseShell(text, line);
  const ctx = parsed.error ? undefined : scriptContext(text, line);
  // The two walks must agree; if they do not (they should), rules just lose the context.
  const contexts = ctx && ctx.contexts.length === parsed.commands.length ? ctx.contexts : undefined;
  const fallback = (c: ShellCommand): CommandContext => ({ subshell: false, loop: false, func: false, wordLines: c.argv.map(() => c.line), stdinRedirect: false });
  // Pipeline ids must stay unique across nested scripts so `pipedInto` never mixes them.
  const base = ids.next;
  let maxId = -1;
  const shifted = parsed.commands.map((c) => {
    maxId = Math.max(maxId, c.pipeline);
    return { ...c, pipeline: base + c.pipeline };
  });
  ids.next = base + maxId + 1;
  const commands = expand(shifted, shifted.map((c, i) => contexts?.[i] ?? fallback(c)), via, subshell, depth, ids);
  return { commands, exports: ctx?.exports ?? [] };
}

function expand(written: ShellCommand[], contexts: CommandContext[], via: string[], subshell: boolean, depth: number, ids: { next: number }, nestedIsSubshell = true): Command[] {
  const out: Command[] = [];
  const byIndex: Command[] = [];
  written.forEach((w, i) => {
    const ctx = contexts[i]!;
    const u = unwrap(w);
    const cmd: Command = {
      ...w,
      argv: u.argv,
      name: u.argv.length > 0 ? basename(u.argv[0]!) : '',
      assigns: u.assigns,
      wrappers: u.wrappers,
      written: w,
      argvOffset: u.offset,
      via,
      subshell: subshell || ctx.subshell,
      loop: ctx.loop,
      func: ctx.func,
      heredoc: ctx.heredoc,
      stdinRedirect: ctx.stdinRedirect,
      wordLines: ctx.wordLines.slice(u.offset),
    };
    if (ctx.substitution) {
      const host = ctx.substitution.host === undefined ? undefined : byIndex[ctx.substitution.host];
      const argIndex = host && ctx.substitution.argIndex !== undefined ? ctx.substitution.argIndex - host.argvOffset : undefined;
      cmd.substitution = { kind: ctx.substitution.kind, stdin: ctx.substitution.stdin, host, argIndex: argIndex !== undefined && argIndex >= 0 ? argIndex : undefined };
    }
    byIndex[i] = cmd;
    // `$(...)` in a double-quoted `sh -c "…"` string reaches us as the placeholder text `$(...)`;
    // re-parsed, it yields the commands `$(...)` and `...`. The real substituted command is
    // already in the outer list, so drop the placeholders.
    if (via.length > 0 && (cmd.argv[0] === '...' || cmd.argv[0] === '$(...)')) return;
    out.push(cmd);
    if (depth >= MAX_DEPTH) return;
    const nested = nestedScript(cmd);
    if (nested) {
      const inner = analyse(nested.text, nested.line, [...via, nested.via], nestedIsSubshell || cmd.subshell, depth + 1, ids);
      const seen = new Set(out.map((c) => `${c.line}\0${c.argv.join('\0')}`));
      // An unquoted heredoc's `$(…)` is walked by both parses; keep one.
      for (const c of inner.commands) if (!(nested.heredoc && seen.has(`${c.line}\0${c.argv.join('\0')}`))) out.push(c);
    }
  });
  return out;
}

function nestedScript(cmd: Command): { text: string; line: number; via: string; heredoc: boolean } | undefined {
  const c = shellCString(cmd);
  if (c) return { text: c.text, line: cmd.wordLines[c.index] ?? cmd.line, via: `${cmd.name} -c`, heredoc: false };
  if (cmd.heredoc && shellReadsStdin(cmd)) return { text: cmd.heredoc.text, line: cmd.heredoc.line, via: `${cmd.name} <<EOF`, heredoc: true };
  return undefined;
}

/** Commands in the same pipeline that come after `cmd` (its output flows into them). */
export function downstream(commands: Command[], cmd: Command): Command[] {
  return commands.filter((c) => c.pipeline === cmd.pipeline && c.position > cmd.position);
}

/** Environment assignment given inline to a command (`PIP_NO_CACHE_DIR=1 pip …`, `env A=1 …`). */
export function inlineAssign(cmd: Command, name: string): string | undefined {
  for (const a of cmd.assigns) {
    const eq = a.indexOf('=');
    if (a.slice(0, eq) === name) return a.slice(eq + 1);
  }
  return undefined;
}

export function basename(p: string): string {
  const i = p.lastIndexOf('/');
  return i >= 0 ? p.slice(i + 1) : p;
}

/**
 * Text that instructions write into files: arguments of `echo`/`printf`, heredoc bodies fed to
 * commands (`cat > f <<EOF`), and `COPY <<EOF` heredocs. Used to notice tool configuration made by
 * an earlier instruction (e.g. an apt.conf.d snippet).
 */
export function writtenTexts(instructions: Iterable<Instruction>): string[] {
  const out: string[] = [];
  for (const ins of instructions) {
    if (ins.keyword === 'COPY' || ins.keyword === 'ADD') {
      for (const h of ins.heredocs) out.push(h.content);
      continue;
    }
    if (ins.keyword !== 'RUN') continue;
    for (const c of runCommands(ins)) {
      if (c.name === 'echo' || c.name === 'printf') out.push(c.argv.slice(1).join(' ').replace(/\\n/g, '\n'));
      if (c.heredoc) out.push(c.heredoc.text);
    }
  }
  return out;
}
