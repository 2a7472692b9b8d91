import { readFile } from 'node:fs/promises';
import { ConfigError } from '../errors.js';

/**
 * `.leftshiftignore`: one entry per line, shared by every scanner.
 *
 *     # comment
 *     LS-DF-001
 *     LS-DF-005  docker/dev/**  exp:2027-01-31  # dev image only, tracked in JIRA-12
 *     DL3007                                    # aliases work too
 *
 * Fields: a rule id (or an alias such as `DL3007`, `CIS-DI-0001`, `CVE-2024-1234`), an optional path
 * glob, an optional `exp:YYYY-MM-DD` after which the entry stops suppressing, and a reason after `#`.
 */
export interface IgnoreEntry {
  id: string;
  path?: string;
  expires?: Date;
  reason: string;
  line: number;
  source: string;
}

export function parseIgnoreFile(text: string, source: string): IgnoreEntry[] {
  const entries: IgnoreEntry[] = [];
  text.split(/\r?\n/).forEach((raw, idx) => {
    const hash = raw.search(/(^|\s)#/);
    const reason = hash >= 0 ? raw.slice(hash).replace(/^\s*#\s*/, '').trim() : '';
    const body = (hash >= 0 ? raw.slice(0, hash) : raw).trim();
    if (!body) return;
    const tokens = body.split(/\s+/);
    const entry: IgnoreEntry = { id: tokens[0]!.toUpperCase(), reason, line: idx + 1, source };
    for (const tok of tokens.slice(1)) {
      if (tok.startsWith('exp:')) {
        const date = tok.slice(4);
        if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || Number.isNaN(Date.parse(date))) {
          throw new ConfigError(`${source}:${idx + 1}: bad expiry "${tok}"`, 'write it as exp:YYYY-MM-DD');
        }
        // The entry is valid through the whole day it names.
        entry.expires = new Date(date + 'T23:59:59.999Z');
      } else if (entry.path === undefined) entry.path = tok;
      else throw new ConfigError(`${source}:${idx + 1}: unexpected "${tok}"`, 'an entry is: RULE-ID [PATH-GLOB] [exp:YYYY-MM-DD] [# reason]');
    }
    entries.push(entry);
  });
  return entries;
}

export async function loadIgnoreFile(path: string): Promise<IgnoreEntry[]> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    throw new ConfigError(`cannot read ignore file ${path}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
  }
  return parseIgnoreFile(text, path);
}
