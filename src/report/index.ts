import { jsonWriter } from './json.js';
import { markdownWriter } from './markdown.js';
import { sarifWriter } from './sarif.js';
import { tableWriter } from './table.js';
import type { ReportWriter } from './types.js';

export type { ReportContext, ReportWriter } from './types.js';
export { writeOutputAtomically } from './atomic-write.js';

/** Every output format, in the order `--help` lists them. Adding a format: one file, one line here. */
export const writers: ReportWriter[] = [tableWriter, jsonWriter, sarifWriter, markdownWriter];

/** The writer for a `--format` value (case-insensitive), or undefined when there is none. */
export function getWriter(name: string): ReportWriter | undefined {
  const wanted = name.trim().toLowerCase();
  return writers.find((w) => w.name === wanted);
}
