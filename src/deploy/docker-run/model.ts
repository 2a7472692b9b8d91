import { parseShell } from '../../dockerfile/shell.js';
import type { ContainerSpec, Origin } from '../compose/shared/container.js';
import type { Problem } from '../compose/shared/yaml.js';
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
}

export function parseRunFile(path: string, text: string, source: SourceKind): RunModel {
  const model: RunModel = { path, source, commands: [], problems: [] };
  if (!mentionsRuntime(text)) return model;
  for (const chunk of chunksOf(source, path, text, model.problems)) {
    if (mentionsRuntime(chunk.text)) model.commands.push(...commandsIn(chunk));
  }
  return model;
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
