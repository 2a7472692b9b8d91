import { Command, CommanderError, Option } from 'commander';
import { EXIT, LeftshiftError } from '../errors.js';
import { TOOL_NAME, TOOL_VERSION } from '../version.js';
import { registerScan } from './commands/scan.js';
import { registerContext } from './commands/context.js';
import { registerRules } from './commands/rules.js';
import { registerOutdated } from './commands/outdated.js';
import { registerSbom } from './commands/sbom.js';
import { registerDb } from './commands/db.js';

/** Builds the program. Each command lives in its own file under commands/. */
export function buildProgram(): Command {
  const program = new Command(TOOL_NAME)
    .description('Container security from Dockerfile to deployment: misconfigurations, secrets and vulnerabilities.')
    .version(TOOL_VERSION, '-v, --version')
    .addOption(new Option('--debug', 'print stack traces for errors'))
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) });
  registerScan(program);
  registerContext(program);
  registerRules(program);
  registerSbom(program);
  registerDb(program);
  registerOutdated(program);
  return program;
}

/** Runs the CLI and returns the exit status instead of calling process.exit (tests call it too). */
export async function run(argv: string[]): Promise<number> {
  const program = buildProgram();
  const debug = argv.includes('--debug');
  try {
    await program.parseAsync(argv, { from: 'user' });
    return Number(process.exitCode ?? EXIT.OK);
  } catch (e) {
    if (e instanceof CommanderError) {
      // --help and --version end here with code 0; usage errors were already printed by commander.
      return e.exitCode === 0 ? EXIT.OK : EXIT.BAD_INPUT;
    }
    if (e instanceof LeftshiftError) {
      process.stderr.write(`${TOOL_NAME}: ${e.message}${e.hint ? ` (${e.hint})` : ''}\n`);
      if (debug && e.stack) process.stderr.write(e.stack + '\n');
      return EXIT.BAD_INPUT;
    }
    process.stderr.write(`${TOOL_NAME}: internal error: ${(e as Error)?.message ?? String(e)}\n`);
    if (debug) process.stderr.write(String((e as Error)?.stack ?? e) + '\n');
    else process.stderr.write(`${TOOL_NAME}: this is a bug; re-run with --debug and report the output\n`);
    return EXIT.BUG;
  }
}
