import { parseShell } from '../../dockerfile/shell.js';
import type { ContainerSpec, Origin } from '../shared/container.js';
import type { Problem } from '../shared/yaml.js';
import { parseRunCommand, runSpec } from './flags.js';
import { chunksOf, mentionsRuntime, type ScriptChunk, type SourceKind } from './sources.js';

export interface RunCommand {
  tool: 'docker' | 'podman';
  subcommand: 'run' | 'create';
  /** First and last file line of the command (continuation lines included). */
  line: number;
  endLine: number;
  spec: ContainerSpec;
}

/** The `docker run` / `podman run` commands of one file, as the rules see them. */
export interface RunModel {
  path: string;
  source: SourceKind;
  commands: RunCommand[];
  problems: Problem[];
  /** What was not checked and why (the scanner turns these into warnings). */
  notes: string[];
}

export function parseRunFile(path: string, text: string, source: SourceKind): RunModel {
  const model: RunModel = { path, source, commands: [], problems: [], notes: [] };
  if (!mentionsRuntime(text)) return model;
  for (const chunk of chunksOf(source, path, text, model.problems)) {
    if (!mentionsRuntime(chunk.text)) continue;
    let pieces = [chunk];
    if (chunk.text.length > FULL_PARSE_LIMIT) {
      pieces = runtimeLines(chunk);
      if (pieces.length > MAX_PIECES) {
        model.notes.push(`${path}: only the first ${MAX_PIECES} of ${pieces.length} lines mentioning docker or podman were checked`);
        pieces = pieces.slice(0, MAX_PIECES);
      }
    }
    for (const piece of pieces) model.commands.push(...commandsIn(piece));
  }
  return model;
}

/**
 * Scripts up to this size are parsed whole. The shell parser (mvdan/sh compiled to JavaScript)
 * needs about a millisecond per command, so a generated multi-megabyte script would take tens of
 * seconds; above the limit only the logical lines (with their continuation lines) that mention
 * docker or podman are parsed. That can misread a run command inside a heredoc or a multi-line
 * string, an acceptable price for a bounded scan of files that size.
 */
const FULL_PARSE_LIMIT = 256 * 1024;
/** In such files, at most this many command lines are parsed (a couple of seconds' work). */
const MAX_PIECES = 2000;

function runtimeLines(chunk: ScriptChunk): ScriptChunk[] {
  const lines = chunk.text.split('\n');
  const out: ScriptChunk[] = [];
  for (let i = 0; i < lines.length; i++) {
    let end = i;
    while (end < lines.length - 1 && /\\\s*$/.test(lines[end]!)) end++;
    const text = lines.slice(i, end + 1).join('\n');
    if (mentionsRuntime(text) && !/^\s*#/.test(lines[i]!)) {
      const firstLine = chunk.singleLine ? chunk.firstLine : chunk.firstLine + i;
      out.push({ text, firstLine, singleLine: chunk.singleLine, lastLine: chunk.singleLine ? chunk.firstLine : chunk.firstLine + end });
    }
    i = end;
  }
  return out;
}

function commandsIn(chunk: ScriptChunk): RunCommand[] {
  const out: RunCommand[] = [];
  const lines = chunk.text.split('\n');
  const fileLine = (idx: number) => (chunk.singleLine ? chunk.firstLine : chunk.firstLine + idx);
  // mvdan/sh falls back to a word split when a script does not parse; commands are still found.
  for (const cmd of parseShell(chunk.text, chunk.firstLine).commands) {
    const run = parseRunCommand(cmd.argv);
    if (!run) continue;
    const start = chunk.singleLine ? 0 : Math.max(0, Math.min(lines.length - 1, cmd.line - chunk.firstLine));
    let end = start;
    while (end < lines.length - 1 && /\\\s*$/.test(lines[end]!)) end++;
    const wordLines = locateWords(cmd.argv, lines, start, end);
    const originOf = (index: number): Origin => ({ line: fileLine(wordLines[index] ?? start) });
    out.push({ tool: run.tool, subcommand: run.subcommand, line: fileLine(start), endLine: fileLine(end), spec: runSpec(run, { line: fileLine(start) }, originOf) });
  }
  return out;
}

/**
 * The line (index into `lines`) of each word of a command that spans continuation lines. The shell
 * parser reports only where a command starts; words are found in order in the source lines, so a
 * flag on the fourth line of a `docker run \` block is reported there. Words that do not appear
 * literally (expanded or unusually quoted) take the line of the word before them.
 */
function locateWords(argv: readonly string[], lines: readonly string[], start: number, end: number): number[] {
  const at: number[] = [];
  let cursor = start;
  for (const word of argv) {
    if (word.length >= 2 && !word.includes('$(') && start !== end) {
      for (let l = cursor; l <= end; l++) {
        if (lines[l]!.includes(word)) {
          cursor = l;
          break;
        }
      }
    }
    at.push(cursor);
  }
  return at;
}
