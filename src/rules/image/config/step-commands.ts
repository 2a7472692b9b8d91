/**
 * The commands a RUN history step ran, for the history rules: the `/bin/sh -c` payload parsed with
 * parseShell, wrappers peeled (`sudo`, `env A=1`), and nested `sh -c "…"` scripts parsed too.
 */
import { parseShell } from '../../../dockerfile/shell.js';
import { basename, shellCString, unwrap } from '../../dockerfile/shared/commands.js';
import type { HistoryStep } from './history.js';
import { parseCreatedBy } from './history.js';

export interface StepCommand {
  /** argv after unwrapping wrappers. */
  argv: string[];
  /** `argv[0]` without its directory. */
  name: string;
  /** Identifies the pipeline (unique across nested scripts) and the position in it. */
  pipeline: string;
  position: number;
}

const MAX_NESTING = 4;

function commandsOfScript(script: string, scope: string, depth: number, out: StepCommand[]): void {
  const parsed = parseShell(script);
  for (const c of parsed.commands) {
    const { argv } = unwrap(c);
    if (argv.length === 0) continue;
    const cmd: StepCommand = { argv, name: basename(argv[0]!), pipeline: `${scope}:${c.pipeline}`, position: c.position };
    out.push(cmd);
    const nested = shellCString(cmd);
    // A `-c` string that is itself a substitution placeholder has nothing of its own to parse; its
    // commands follow in this list already.
    if (nested && !nested.text.includes('(...)') && depth < MAX_NESTING) commandsOfScript(nested.text, `${scope}/${out.length}`, depth + 1, out);
  }
}

/** Commands of a step's shell script; [] for steps that are not RUN steps. */
export function stepCommands(step: Pick<HistoryStep, 'createdBy'>): StepCommand[] {
  const script = parseCreatedBy(step.createdBy).script;
  if (script === undefined) return [];
  const out: StepCommand[] = [];
  commandsOfScript(script, 's', 0, out);
  return out;
}
