import type { DockerfileRule, RuleHit } from '../rule.js';
import { parseArgs, optionValues } from './shared/args.js';
import { runCommands, type Command } from './shared/commands.js';

/**
 * True when a mode makes files writable by everyone: octal with the "others" write bit (`777`,
 * `0666`, `2777`), or a symbolic clause granting `w` to `o`/`a` (`o+w`, `a+rwx`, `ugo=rwx`).
 * World-writable with the sticky bit (`1777`, as for /tmp) is the intended idiom and not flagged.
 */
export function worldWritable(mode: string): boolean {
  const m = mode.trim();
  if (/^[0-7]{1,4}$/.test(m)) {
    const digits = m.padStart(4, '0');
    const special = Number(digits[0]);
    const others = Number(digits[3]);
    return (others & 2) !== 0 && (special & 1) === 0;
  }
  let sticky = false;
  let writable = false;
  for (const clause of m.split(',')) {
    const c = /^([ugoa]*)([-+=])([rwxXst]*)$/.exec(clause);
    if (!c) return false; // not a mode (e.g. a reference file), leave it alone
    const [, who, op, perms] = c as unknown as [string, string, string, string];
    if (op === '-') continue;
    if ((who.includes('o') || who.includes('a')) && perms.includes('w')) writable = true;
    if (perms.includes('t')) sticky = true;
  }
  return writable && !sticky;
}

/** The mode a command sets, for chmod / mkdir -m / install -m. */
function modeOf(c: Command): string | undefined {
  if (c.name === 'chmod') {
    // chmod's mode is its first operand; `-R`, `-v`… are flags (`--reference=f` replaces the mode).
    const p = parseArgs(c.argv, { longValue: ['reference'] }, 1);
    if (p.options.some((o) => o.name === '--reference')) return undefined;
    // A symbolic mode like `-w` parses as flags; chmod only takes R, v, c, f as letters.
    const symbolicFlag = p.options.find((o) => !/^-[Rvcf]$/.test(o.name) && !o.name.startsWith('--'));
    if (symbolicFlag) return undefined;
    return p.operands[0]?.value;
  }
  if (c.name === 'mkdir' || c.name === 'install') {
    const p = parseArgs(c.argv, { shortValue: c.name === 'install' ? 'mgoSt' : 'm', longValue: ['mode', 'group', 'owner', 'suffix', 'target-directory', 'context'] }, 1);
    return optionValues(p, '-m', '--mode').pop();
  }
  return undefined;
}

const rule: DockerfileRule = {
  meta: {
    id: 'LS-DF-027',
    kind: 'misconfiguration',
    severity: 'MEDIUM',
    phase: 'dockerfile',
    title: 'World-writable permissions set',
    aliases: [],
    tags: ['security', 'file-permissions'],
    remediation:
      'Give ownership to the user that needs to write (`COPY --chown=app:app`, `chown app:app dir`) and use modes like 755/644 (or 775 with a shared group); use 1777 only for /tmp-like directories.',
    docs: `A world-writable file or directory (mode \`777\`, \`666\`, \`o+w\`) can be modified by any user in the
container: an attacker who gets code execution as an unprivileged user can replace binaries, scripts or
configuration that root or the application later runs, turning a small foothold into full control.
\`chmod 777\` is usually a shortcut around an ownership problem that \`chown\` or \`--chown\` solves properly.

Fires on \`chmod\` (also \`-R\`, behind \`sudo\`, in \`sh -c\`), \`mkdir -m\` and \`install -m\` with a mode that
grants write to others: octal \`777\`, \`0777\`, \`666\`, \`2777\`, or symbolic \`o+w\`, \`a+rwx\`, \`ugo+rwx\`,
\`a=rw\`; and on \`COPY --chmod\` / \`ADD --chmod\` with such a mode. Modes with the sticky bit (\`1777\`,
\`+t\`), the usual setting for shared temporary directories, are not flagged.

\`\`\`dockerfile
FROM debian:12-slim
RUN mkdir /data && chmod -R 777 /data        # fires
\`\`\`

\`\`\`dockerfile
FROM debian:12-slim
RUN useradd --uid 10001 app && install -d -o app -g app -m 750 /data   # ok
\`\`\``,
  },
  check({ dockerfile }): RuleHit[] {
    const hits: RuleHit[] = [];
    for (const ins of dockerfile.instructions) {
      if (ins.keyword === 'COPY' || ins.keyword === 'ADD') {
        const mode = ins.flags.find((f) => f.name === 'chmod')?.value;
        if (mode !== undefined && worldWritable(mode)) {
          hits.push({ line: ins.line, message: `${ins.keyword} --chmod=${mode} makes the copied files writable by every user.` });
        }
        continue;
      }
      if (ins.keyword !== 'RUN') continue;
      for (const c of runCommands(ins)) {
        const mode = modeOf(c);
        if (mode === undefined || !worldWritable(mode)) continue;
        hits.push({ line: c.line, message: `\`${c.name}\` sets mode ${mode}, which makes files writable by every user.` });
      }
    }
    return hits;
  },
};

export default rule;
