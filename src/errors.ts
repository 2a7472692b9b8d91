/**
 * Errors the user can act on. Each has a code; the CLI maps codes to exit status and prints
 * `message` as one line. Anything else thrown is a bug (exit 3).
 */
export type ErrorCode = 'USAGE' | 'INPUT' | 'CONFIG' | 'IO';

export class LeftshiftError extends Error {
  readonly code: ErrorCode;
  /** What the user can do about it, appended to the message on the CLI. */
  readonly hint?: string;
  constructor(code: ErrorCode, message: string, hint?: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'LeftshiftError';
    this.code = code;
    this.hint = hint;
  }
}

export class UsageError extends LeftshiftError {
  constructor(message: string, hint?: string) {
    super('USAGE', message, hint);
    this.name = 'UsageError';
  }
}

export class InputError extends LeftshiftError {
  constructor(message: string, hint?: string, options?: { cause?: unknown }) {
    super('INPUT', message, hint, options);
    this.name = 'InputError';
  }
}

export class ConfigError extends LeftshiftError {
  constructor(message: string, hint?: string) {
    super('CONFIG', message, hint);
    this.name = 'ConfigError';
  }
}

/** Exit codes, documented in docs/exit-codes.md. */
export const EXIT = {
  OK: 0,
  POLICY_FAILED: 1,
  BAD_INPUT: 2,
  BUG: 3,
} as const;
