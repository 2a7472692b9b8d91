import type { Command } from 'commander';
import { Option } from 'commander';
import { EXIT, UsageError } from '../../errors.js';
import { DEFAULTS } from '../../outdated/check.js';
import { renderJson, renderTable } from '../../outdated/render.js';
import { runOutdated } from '../../outdated/run.js';
import { emit, useColor } from '../output.js';
import { createProgress } from '../progress.js';
import { addRegistryOptions, readRegistryCa, registryTimeoutMs, type RegistryFlags, collect } from '../registry-flags.js';

interface OutdatedFlags extends RegistryFlags {
  format: string;
  output?: string;
  cooldown: string;
  allowMajor?: boolean;
  failOnOutdated?: boolean;
  maxLookups: string;
  platform?: string;
  buildArg: string[];
  type?: 'dockerfile' | 'manifest';
  quiet?: boolean;
}


function number(value: string, flag: string, min: number, integer: boolean): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n < min || (integer && !Number.isInteger(n))) {
    throw new UsageError(`${flag} "${value}" is not ${integer ? 'a whole number' : 'a number'} ≥ ${min}`);
  }
  return n;
}

export function registerOutdated(program: Command): void {
  const command = program
    .command('outdated')
    .description('for each image in a Dockerfile or YAML manifest: newer tags on the same track, and the newest one past a cool-down')
    .argument('<file>', 'Dockerfile, or Kubernetes/Compose/Helm-values YAML')
    .addOption(new Option('-f, --format <format>', 'output format').choices(['table', 'json']).default('table'))
    .option('-o, --output <file>', 'write the report to a file (atomically) instead of stdout')
    .option('--cooldown <days>', 'recommend only tags at least this many days old', String(DEFAULTS.cooldownDays))
    .option('--allow-major', 'also consider newer major versions')
    .option('--fail-on-outdated', 'exit 1 when a recommendation differs from the current tag')
    .option('--max-lookups <n>', 'image configs fetched per image to date candidate tags', String(DEFAULTS.maxLookups))
    .option('--platform <os/arch[/variant]>', 'platform whose image dates multi-platform tags (default linux/amd64)');
  addRegistryOptions(command)
    .option('--build-arg <KEY=VALUE>', 'build argument for ARG expansion in FROM (repeatable)', collect, [])
    .addOption(new Option('--type <kind>', 'file kind, when the name does not tell').choices(['dockerfile', 'manifest']))
    .option('-q, --quiet', 'no progress output')
    .action(async (file: string, flags: OutdatedFlags) => {
      process.exitCode = await outdatedCommand(file, flags);
    });
}

async function outdatedCommand(file: string, flags: OutdatedFlags): Promise<number> {
  const cooldownDays = number(flags.cooldown, '--cooldown', 0, false);
  const maxLookups = number(flags.maxLookups, '--max-lookups', 0, true);
  const timeoutMs = registryTimeoutMs(flags.timeout);
  const buildArgs = new Map<string, string>();
  for (const a of flags.buildArg) {
    const eq = a.indexOf('=');
    if (eq <= 0) throw new UsageError(`--build-arg "${a}" is not KEY=VALUE`);
    buildArgs.set(a.slice(0, eq), a.slice(eq + 1));
  }
  const ca = readRegistryCa(flags.registryCa);
  const progress = createProgress(!flags.quiet && flags.format === 'table' && !process.env.CI);
  let report;
  try {
    report = await runOutdated({
      path: file,
      kind: flags.type,
      cooldownDays,
      allowMajor: flags.allowMajor,
      maxLookups,
      platform: flags.platform,
      creds: flags.creds,
      ca,
      insecureRegistries: flags.insecureRegistry,
      timeoutMs,
      buildArgs,
      progress,
      warn: (m) => process.stderr.write(`warning: ${m}\n`),
    });
  } finally {
    progress.done();
  }
  // Machine formats keep stdout clean; per-image errors still reach CI logs through stderr.
  if (flags.format !== 'table' && !flags.quiet) {
    for (const e of report.images) if (e.error) process.stderr.write(`warning: ${e.location.path}:${e.location.line} ${e.image}: ${e.error.message}\n`);
  }
  const content = flags.format === 'json' ? renderJson(report) : renderTable(report, useColor(flags.output));
  await emit(content, flags.output);
  return flags.failOnOutdated && report.images.some((e) => e.status === 'outdated') ? EXIT.POLICY_FAILED : EXIT.OK;
}
