import { InputError } from '../../errors.js';

/** Result of every comparator: the sign only, so callers can switch on it. */
export type Cmp = -1 | 0 | 1;

export function sign(n: number): Cmp {
  return n < 0 ? -1 : n > 0 ? 1 : 0;
}

/**
 * Compare two runs of ASCII digits numerically without converting them: version components
 * (dates, git timestamps, rpm build numbers) routinely exceed 2^53, and precision loss there
 * would make unequal versions compare equal.
 */
export function cmpDigits(a: string, b: string): Cmp {
  let i = 0;
  while (i < a.length - 1 && a.charCodeAt(i) === 48) i++;
  let j = 0;
  while (j < b.length - 1 && b.charCodeAt(j) === 48) j++;
  const la = a.length - i;
  const lb = b.length - j;
  if (la !== lb) return la < lb ? -1 : 1;
  for (; i < a.length; i++, j++) {
    const d = a.charCodeAt(i) - b.charCodeAt(j);
    if (d !== 0) return d < 0 ? -1 : 1;
  }
  return 0;
}

/** Plain code-unit (ASCII/C `strcmp`-like) string comparison; `localeCompare` would be wrong here. */
export function cmpAscii(a: string, b: string): Cmp {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function isDigitCode(c: number): boolean {
  return c >= 48 && c <= 57;
}

export function isAsciiLetterCode(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

/** A version string the scheme cannot parse; callers decide whether to skip or report. */
export class InvalidVersionError extends InputError {
  readonly scheme: string;
  readonly version: string;
  constructor(scheme: string, version: string, reason: string) {
    super(`invalid ${scheme} version ${JSON.stringify(version)}: ${reason}`);
    this.name = 'InvalidVersionError';
    this.scheme = scheme;
    this.version = version;
  }
}

/** An OSV ecosystem with no known version scheme (so its ranges cannot be evaluated). */
export class UnknownEcosystemError extends InputError {
  readonly ecosystem: string;
  constructor(ecosystem: string) {
    super(`no version scheme known for OSV ecosystem ${JSON.stringify(ecosystem)}`);
    this.name = 'UnknownEcosystemError';
    this.ecosystem = ecosystem;
  }
}
