import type { Command } from 'commander';
import { resolve } from 'node:path';
import { statSync } from 'node:fs';
import { listContextFiles } from '../../source/context.js';
import { InputError, UsageError } from '../../errors.js';
import { emit } from '../output.js';
import { createProgress } from '../progress.js';

interface ContextFlags {
  file?: string;
  format: string;
  output?: string;
  quiet?: boolean;
}

export function registerContext(program: Command): void {
  program
    .command('context')
    .description('list the files the builder would receive from a build context, after .dockerignore')
    .argument('<dir>', 'build context directory')
    .option('-f, --file <dockerfile>', 'Dockerfile (its <name>.dockerignore takes precedence over .dockerignore)')
    .option('--format <format>', 'text (one path per line) or json', 'text')
    .option('-o, --output <file>', 'write to a file (atomically) instead of stdout')
    .option('-q, --quiet', 'no progress output')
    .action(async (dir: string, flags: ContextFlags) => {
      const format = flags.format.toLowerCase();
      if (format !== 'json' && format !== 'text' && format !== 'table') throw new UsageError(`unknown format "${flags.format}"`, 'use text or json');
      const abs = resolve(dir);
      let isDir = false;
      try {
        isDir = statSync(abs).isDirectory();
      } catch {
        /* reported below */
      }
      if (!isDir) throw new InputError(`${dir}: not a directory`, 'pass the build context directory');
      const dockerfile = flags.file ? resolve(flags.file) : undefined;
      const progress = createProgress(!flags.quiet && format !== 'json' && !process.env.CI);
      let listed;
      try {
        listed = await listContextFiles(abs, { dockerfile, onProgress: (n: number) => progress.update(`walking build context: ${n} files`) });
      } finally {
        progress.done();
      }
      for (const w of listed.warnings) process.stderr.write(`warning: ${w}\n`);
      const files = listed.files.map((f) => f.path).sort();
      const content = format === 'json' ? JSON.stringify({ files }, null, 2) + '\n' : files.map((f) => f + '\n').join('');
      await emit(content, flags.output);
    });
}
