/**
 * `accounts`: parses `etc/passwd`, `etc/shadow` and `etc/group` into facts for the account and
 * ownership rules. Password hashes are never stored, not even in the layer cache: only whether
 * a password field is a hash, empty or locked.
 */
import type { Analyzer, AnalyzerInput, AnalyzerOutput } from '../analyzer.js';

export const ACCOUNTS_ANALYZER = 'accounts';
export const ACCOUNTS_FACT = 'accounts';

/**
 * What a password field says, without its value:
 * - `shadow`: `x` in passwd, the password is in /etc/shadow;
 * - `empty`: no password at all (login without one, where PAM allows `nullok`);
 * - `locked`: `!`/`*`-prefixed or `*`-like, no password login possible;
 * - `hash`: a crypt hash (or anything else that could be one).
 */
export type PasswordState = 'shadow' | 'empty' | 'locked' | 'hash';

export interface PasswdEntry {
  name: string;
  uid: number;
  gid: number;
  home: string;
  shell: string;
  password: PasswordState;
  line: number;
}

export interface ShadowEntry {
  name: string;
  password: PasswordState;
  line: number;
}

export interface GroupEntry {
  name: string;
  gid: number;
  line: number;
}

export type AccountsFacts =
  | { file: 'passwd'; entries: PasswdEntry[] }
  | { file: 'shadow'; entries: ShadowEntry[] }
  | { file: 'group'; entries: GroupEntry[] };

export function passwordState(field: string, inPasswd: boolean): PasswordState {
  if (field === '') return 'empty';
  if (inPasswd && field === 'x') return 'shadow';
  // `!hash` / `!!` / `*` / `!*` / `*LK*`: shadow(5) says a field starting with `!` is locked and
  // anything that is not a valid crypt result (e.g. `*`) cannot be matched by any password.
  if (field.startsWith('!') || field.startsWith('*')) return 'locked';
  // A one- or two-character field such as `x` in shadow cannot be a crypt result either.
  if (field.length < 3) return 'locked';
  return 'hash';
}

/** Non-comment, non-empty lines with their 1-based numbers, split on `:`. */
function records(text: string): Array<{ fields: string[]; line: number }> {
  const out: Array<{ fields: string[]; line: number }> = [];
  text.split('\n').forEach((raw, i) => {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (line.trim() === '' || line.startsWith('#')) return;
    out.push({ fields: line.split(':'), line: i + 1 });
  });
  return out;
}

function id(field: string | undefined): number | undefined {
  return field !== undefined && /^\d+$/.test(field) ? Number(field) : undefined;
}

export function parsePasswd(text: string, warnings: string[] = []): PasswdEntry[] {
  const out: PasswdEntry[] = [];
  for (const { fields, line } of records(text)) {
    const uid = id(fields[2]);
    const gid = id(fields[3]);
    // NIS compat lines (`+`, `-user`) carry no local account.
    if (fields[0]!.startsWith('+') || fields[0]!.startsWith('-')) continue;
    if (fields.length < 7 || uid === undefined || gid === undefined) {
      warnings.push(`line ${line}: not a passwd entry`);
      continue;
    }
    out.push({ name: fields[0]!, uid, gid, home: fields[5]!, shell: fields.slice(6).join(':'), password: passwordState(fields[1]!, true), line });
  }
  return out;
}

export function parseShadow(text: string, warnings: string[] = []): ShadowEntry[] {
  const out: ShadowEntry[] = [];
  for (const { fields, line } of records(text)) {
    if (fields.length < 2) {
      warnings.push(`line ${line}: not a shadow entry`);
      continue;
    }
    out.push({ name: fields[0]!, password: passwordState(fields[1]!, false), line });
  }
  return out;
}

export function parseGroup(text: string, warnings: string[] = []): GroupEntry[] {
  const out: GroupEntry[] = [];
  for (const { fields, line } of records(text)) {
    const gid = id(fields[2]);
    if (fields[0]!.startsWith('+') || fields[0]!.startsWith('-')) continue;
    if (fields.length < 3 || gid === undefined) {
      warnings.push(`line ${line}: not a group entry`);
      continue;
    }
    out.push({ name: fields[0]!, gid, line });
  }
  return out;
}

const FILES = new Map<string, AccountsFacts['file']>([
  ['etc/passwd', 'passwd'],
  ['etc/shadow', 'shadow'],
  ['etc/group', 'group'],
]);

export function analyzeAccounts({ path, content, truncated }: AnalyzerInput): AnalyzerOutput | undefined {
  const file = FILES.get(path);
  if (!file) return undefined;
  const warnings: string[] = [];
  const text = content.toString('utf8');
  const facts: AccountsFacts =
    file === 'passwd'
      ? { file, entries: parsePasswd(text, warnings) }
      : file === 'shadow'
        ? { file, entries: parseShadow(text, warnings) }
        : { file, entries: parseGroup(text, warnings) };
  if (truncated) warnings.push('file larger than the analyzer limit; later entries are missing');
  return { facts: { [ACCOUNTS_FACT]: facts }, ...(warnings.length ? { warnings } : {}) };
}

export const accountsAnalyzer: Analyzer = {
  name: ACCOUNTS_ANALYZER,
  version: 1,
  maxBytes: 4 * 1024 * 1024,
  wants: (path, info) => (info.type === 'file' || info.type === 'hardlink') && FILES.has(path),
  analyze: analyzeAccounts,
};

export function accountsFactsOf(output: AnalyzerOutput): AccountsFacts | undefined {
  return output.facts?.[ACCOUNTS_FACT] as AccountsFacts | undefined;
}

/** False for shells that refuse interactive login; an empty shell field means `/bin/sh` (passwd(5)). */
export function isLoginShell(shell: string): boolean {
  const base = shell.slice(shell.lastIndexOf('/') + 1);
  return base !== 'nologin' && base !== 'false' && base !== 'sync' && base !== 'shutdown' && base !== 'halt';
}
