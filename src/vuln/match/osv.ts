/**
 * The OSV record shape matching reads: the same types the vulnerability DB stores and returns
 * (src/vuln/db/types.ts), so records flow from the store to the matcher without conversion.
 */
export type { OsvAffected, OsvEvent, OsvRange, OsvRangeType, OsvRecord, OsvReference, OsvSeverity } from '../db/types.js';
