import type { RuleMeta } from '../findings/rule-meta.js';
import type { ScanReport } from '../findings/types.js';

/** What a writer needs besides the report itself. The CLI builds it once per run. */
export interface ReportContext {
  /** Every rule known to the scanner; SARIF takes rule metadata (docs, tags) from here. */
  rules: RuleMeta[];
  /** Emit ANSI colours. The CLI sets it only when stdout is a TTY and NO_COLOR is unset. */
  color: boolean;
  /** Show suppressed findings in human formats (table, markdown). JSON and SARIF always carry them. */
  showSuppressed?: boolean;
}

/**
 * One output format. Writers are pure: they turn a report into a string and never print,
 * so the CLI decides where the bytes go (stdout or a file written atomically).
 */
export interface ReportWriter {
  /** The `--format` value, lower case. */
  name: string;
  /** One line for `--help`. */
  description: string;
  mediaType: string;
  /** Without the leading dot. */
  fileExtension: string;
  render(report: ScanReport, ctx: ReportContext): string;
}
