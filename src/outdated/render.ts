/** Output of `leftshift outdated`: a table for people, JSON for tools. */
import picocolors from 'picocolors';
import { padEnd, stripControlCharacters } from '../report/text.js';
import type { EolStatus } from './eol.js';
import type { OutdatedResult, OutdatedStatus, TagInfo } from './check.js';
import type { ImageOccurrence } from './find-images.js';

/** Bumped when the JSON shape changes incompatibly. */
export const OUTDATED_SCHEMA_VERSION = '1.0.0';

export interface OutdatedEntry extends OutdatedResult {
  location: { path: string; line: number };
  via: ImageOccurrence['via'];
}

export interface OutdatedReport {
  schemaVersion: string;
  tool: { name: string; version: string };
  file: string;
  checkedAt: string;
  cooldownDays: number;
  allowMajor: boolean;
  eolTableUpdated: string;
  images: OutdatedEntry[];
}

export function renderJson(report: OutdatedReport): string {
  return JSON.stringify(report, null, 2) + '\n';
}

function ageText(info: TagInfo | undefined): string {
  if (!info) return '';
  return info.ageDays === undefined ? 'age unknown' : `${info.ageDays}d`;
}

function tagCell(info: TagInfo | undefined): string {
  if (!info) return '-';
  const age = ageText(info);
  return `${info.tag}${age ? ` (${age})` : ''}`;
}

/** The most pressing EOL line: past first, else the next upcoming date. */
export function eolText(eol: EolStatus[] | undefined): string {
  if (!eol || eol.length === 0) return '-';
  const past = eol.filter((e) => e.past);
  if (past.length > 0) return `EOL ${past[past.length - 1]!.eolDate} (${past.map((e) => e.product).join(', ')})`;
  return `until ${eol[0]!.eolDate}`;
}

const STATUS_TEXT: Record<OutdatedStatus, string> = {
  'up-to-date': 'up to date',
  outdated: 'outdated',
  'cooling-down': 'cooling down',
  untracked: 'untracked',
  skipped: 'skipped',
  error: 'error',
};

export function renderTable(report: OutdatedReport, color: boolean): string {
  const c = picocolors.createColors(color);
  const paint: Record<OutdatedStatus, (s: string) => string> = {
    'up-to-date': c.green,
    outdated: c.yellow,
    'cooling-down': c.cyan,
    untracked: c.dim,
    skipped: c.dim,
    error: c.red,
  };
  const header = ['LOCATION', 'IMAGE', 'STATUS', 'RECOMMENDED', 'NEWEST ON TRACK', 'EOL'];
  const rows = report.images.map((e) => {
    const clean = (s: string) => stripControlCharacters(s).replace(/\n/g, ' ');
    const image = clean(e.current ? `${e.image} (${ageText(e.current)})` : e.image);
    const recommended = e.status === 'outdated' || e.status === 'cooling-down' || e.status === 'up-to-date' ? tagCell(e.recommended) : e.pin ? `pin ${tagCell(e.pin)}` : '-';
    const newest = e.newest && e.newest.tag !== e.current?.tag ? tagCell(e.newest) : '-';
    const eol = e.current?.eol ? eolText(e.current.eol) : '-';
    // A moving tag can be "up to date" and still not reproducible: say so where the eye lands.
    const status = STATUS_TEXT[e.status] + (e.moving === 'major' || e.moving === 'minor' ? ' (moving)' : '');
    return { cells: [`${e.location.path}:${e.location.line}`, image, status, clean(recommended), clean(newest), eol], entry: e };
  });
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r.cells[i]!.length)));
  const line = (cells: string[], statusPaint?: (s: string) => string) =>
    cells.map((cell, i) => (i === 2 && statusPaint ? statusPaint(padEnd(cell, widths[i]!)) : padEnd(cell, widths[i]!))).join('  ').trimEnd();
  const out: string[] = [c.bold(line(header))];
  for (const r of rows) {
    out.push(line(r.cells, paint[r.entry.status]));
    const details: string[] = [];
    if (r.entry.error) details.push(`${r.entry.error.message}${r.entry.error.hint ? ` (${r.entry.error.hint})` : ''}`);
    if (r.entry.recommended && r.entry.recommended.tag !== r.entry.current?.tag && r.entry.recommended.eol?.some((x) => x.past)) details.push(`recommended tag EOL: ${eolText(r.entry.recommended.eol)}`);
    details.push(...r.entry.notes);
    for (const d of details) out.push(c.dim(`    ${stripControlCharacters(d).replace(/\n/g, ' ')}`));
  }
  const counts = new Map<OutdatedStatus, number>();
  for (const e of report.images) counts.set(e.status, (counts.get(e.status) ?? 0) + 1);
  const summary = [...counts].map(([s, n]) => `${n} ${s === 'error' && n > 1 ? 'errors' : STATUS_TEXT[s]}`).join(', ');
  out.push('');
  out.push(
    report.images.length === 0
      ? `no image references found in ${report.file}`
      : `${report.images.length} image reference${report.images.length === 1 ? '' : 's'}: ${summary} (cool-down ${report.cooldownDays} day${report.cooldownDays === 1 ? '' : 's'}${report.allowMajor ? ', majors allowed' : ''})`,
  );
  return out.join('\n') + '\n';
}
