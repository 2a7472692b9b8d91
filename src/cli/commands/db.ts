import type { Command } from 'commander';
import { Option } from 'commander';
import { UsageError } from '../../errors.js';
import { importOsv } from '../../vuln/db/import.js';
import { openVulnDb, resolveCacheDir, vulnDbPath, type DbStatus } from '../../vuln/db/store.js';
import { DEFAULT_MAX_BYTES, DEFAULT_SOURCE, updateVulnDb } from '../../vuln/db/update.js';
import { emit } from '../output.js';
import { createProgress } from '../progress.js';

interface CommonFlags {
  cacheDir?: string;
  quiet?: boolean;
}

function list(value: string): string[] {
  return value.split(',').map((s) => s.trim()).filter(Boolean);
}

function mib(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}

function renderStatus(s: DbStatus): string {
  const lines = [
    `database:  ${s.path} (${mib(s.sizeBytes)}, schema ${s.schemaVersion})`,
    `built:     ${s.builtAt} (${s.ageDays.toFixed(1)} days ago)`,
    `source:    ${s.source}`,
    `advisories: ${s.total}`,
  ];
  const width = Math.max(...Object.keys(s.counts).map((k) => k.length), 0);
  for (const [eco, n] of Object.entries(s.counts).sort(([a], [b]) => a.localeCompare(b))) lines.push(`  ${(eco || '(none)').padEnd(width)}  ${n}`);
  if (s.stats) lines.push(`skipped:   ${s.stats.malformed} malformed, ${s.stats.duplicates} duplicate copies; ${s.stats.withdrawn} withdrawn kept`);
  const unknown = Object.entries(s.stats?.unknownEcosystems ?? {});
  if (unknown.length) lines.push(`unknown ecosystems (kept): ${unknown.map(([k, v]) => `${k} ${v}`).join(', ')}`);
  if (s.missingEcosystems?.length) lines.push(`not published by the source: ${s.missingEcosystems.join(', ')}`);
  return lines.join('\n') + '\n';
}

export function registerDb(program: Command): void {
  const db = program.command('db').description('manage the vulnerability database (OSV data in a local SQLite file)');
  const cacheOpt = () => new Option('--cache-dir <dir>', 'cache directory (default $LEFTSHIFT_CACHE_DIR or ~/.cache/leftshift); the DB is <dir>/db/vuln.db');

  db.command('update')
    .description('download OSV all.zip exports and rebuild the database')
    .option('--source <url>', 'base URL serving <Ecosystem>/all.zip', DEFAULT_SOURCE)
    .option('--ecosystems <list>', 'comma-separated ecosystems (default: the OS and language ecosystems leftshift scans)', list)
    .option('--max-download <MiB>', 'per-ecosystem download cap', String(DEFAULT_MAX_BYTES / 1024 / 1024))
    .addOption(cacheOpt())
    .option('-q, --quiet', 'no progress output')
    .action(async (flags: CommonFlags & { source: string; ecosystems?: string[]; maxDownload: string }) => {
      const cap = Number(flags.maxDownload);
      if (!Number.isFinite(cap) || cap <= 0) throw new UsageError(`--max-download "${flags.maxDownload}" is not a positive number`);
      const progress = createProgress(!flags.quiet && !process.env.CI);
      let result;
      try {
        result = await updateVulnDb({
          dbPath: vulnDbPath(resolveCacheDir(flags.cacheDir)),
          source: flags.source,
          ecosystems: flags.ecosystems,
          maxBytes: cap * 1024 * 1024,
          warn: (m) => {
            progress.done();
            process.stderr.write(`warning: ${m}\n`);
          },
          onProgress: (p) =>
            progress.update(p.phase === 'download' ? `downloading ${p.ecosystem}: ${mib(p.bytes)}` : `importing ${p.current}: ${p.records} records (${p.perSecond}/s)`),
        });
      } finally {
        progress.done();
      }
      process.stderr.write(`imported ${result.stats.records} advisories in ${result.seconds.toFixed(1)}s into ${result.dbPath} (${mib(result.sizeBytes)})\n`);
    });

  db.command('import')
    .description('build the database from OSV data on disk: a bucket-style directory (<Ecosystem>/all.zip), one zip, or a directory of .json records')
    .argument('<path...>', 'OSV data to import (several paths build one DB); Alpine secdb JSON files are converted')
    .option('--ecosystems <list>', 'comma-separated ecosystems to keep (default: all)', list)
    .addOption(cacheOpt())
    .option('-q, --quiet', 'no progress output')
    .action((input: string[], flags: CommonFlags & { ecosystems?: string[] }) => {
      const progress = createProgress(!flags.quiet && !process.env.CI);
      let result;
      try {
        result = importOsv(input, {
          dbPath: vulnDbPath(resolveCacheDir(flags.cacheDir)),
          ecosystems: flags.ecosystems,
          onProgress: (p) => progress.update(`importing ${p.current}: ${p.records} records (${p.perSecond}/s)`),
        });
      } finally {
        progress.done();
      }
      const s = result.stats;
      process.stderr.write(
        `imported ${s.records} advisories in ${result.seconds.toFixed(1)}s into ${result.dbPath} (${mib(result.sizeBytes)})` +
          `${s.malformed ? `; skipped ${s.malformed} malformed` : ''}\n`,
      );
    });

  db.command('status')
    .description('show the database age, source and advisory counts per ecosystem')
    .addOption(new Option('-f, --format <format>', 'output format').choices(['text', 'json']).default('text'))
    .addOption(cacheOpt())
    .action(async (flags: CommonFlags & { format: string }) => {
      // openVulnDb throws NoVulnDbError (exit 2, with the "run db update" hint) when there is none.
      const vdb = openVulnDb(vulnDbPath(resolveCacheDir(flags.cacheDir)));
      let s: DbStatus;
      try {
        s = vdb.status();
      } finally {
        vdb.close();
      }
      await emit(flags.format === 'json' ? JSON.stringify(s, null, 2) + '\n' : renderStatus(s), undefined);
    });
}
