import type { Command } from 'commander';
import { allRuleMetas } from '../../rules/index.js';
import { UsageError } from '../../errors.js';
import { JSON_SCHEMA_VERSION } from '../../findings/types.js';
import { emit } from '../output.js';

export function registerRules(program: Command): void {
  program
    .command('rules')
    .description('list every rule: id, kind, severity, title, aliases and docs')
    .option('--format <format>', 'table, json or markdown', 'table')
    .option('-o, --output <file>', 'write to a file (atomically) instead of stdout')
    .action(async (flags: { format: string; output?: string }) => {
      const rules = allRuleMetas();
      const format = flags.format.toLowerCase();
      let content: string;
      if (format === 'json') {
        content = JSON.stringify({
          schemaVersion: JSON_SCHEMA_VERSION,
          rules: rules.map((r) => ({ id: r.id, kind: r.kind, severity: r.severity, phase: r.phase, title: r.title, aliases: r.aliases, docs: r.docs, remediation: r.remediation })),
        }, null, 2) + '\n';
      } else if (format === 'markdown') {
        content = '# leftshift rules\n\n' + rules.map((r) => `## ${r.id}: ${r.title}\n\n*${r.severity} · ${r.kind} · ${r.phase}*${r.aliases.length ? ` · aliases: ${r.aliases.map((a) => '`' + a + '`').join(', ')}` : ''}\n\n${r.docs}\n\n**Remediation:** ${r.remediation}\n`).join('\n');
      } else if (format === 'table') {
        const w = Math.max(...rules.map((r) => r.id.length), 2);
        content = rules.map((r) => `${r.id.padEnd(w)}  ${r.severity.padEnd(8)}  ${r.title}${r.aliases.length ? `  [${r.aliases.join(', ')}]` : ''}`).join('\n') + '\n';
      } else {
        throw new UsageError(`unknown format "${flags.format}"`, 'use table, json or markdown');
      }
      await emit(content, flags.output);
    });
}
