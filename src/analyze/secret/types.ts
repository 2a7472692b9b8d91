import type { Severity } from '../../findings/severity.js';

/**
 * Severities a secret rule may carry. INFO is deliberately excluded: a credential is either worth
 * reporting or it is skipped (see the allow list), never "informational".
 */
export type SecretSeverity = Exclude<Severity, 'INFO'>;

/** What a validator can look at besides the captured secret. */
export interface ValidationContext {
  /** The whole scanned text (possibly truncated by the size cap). */
  text: string;
  /** Offset of the full regex match in `text`. */
  matchStart: number;
  /** The full regex match (the secret plus whatever context the pattern needed). */
  match: string;
  /** Named groups of the match, e.g. `begin` for private keys. */
  groups: Readonly<Record<string, string | undefined>>;
  /** The scanned file's path when the caller gave one (heuristics may depend on the file type). */
  path?: string;
}

/**
 * One detection rule, as plain data plus an optional validator. Rules never carry state; the engine
 * compiles its own copy of `pattern` with the flags it needs.
 */
export interface SecretRule {
  /** Stable id, `LS-SEC-NNN`. Never reused for a different check. */
  id: string;
  /** Stable kebab-case name, e.g. `aws-access-key-id`; handy in docs and config. */
  name: string;
  title: string;
  severity: SecretSeverity;
  /**
   * Lower-case literals; at least one must occur in the lower-cased text for `pattern` to run.
   * This is the keyword prefilter: the cheapest way to not run 40 regexes over every file.
   */
  keywords: readonly string[];
  /**
   * The detector. Must contain a named group `secret` (the part that is redacted). Flags other
   * than `i`, `m`, `s` and `u` are ignored: the engine adds `g` and `d` itself.
   */
  pattern: RegExp;
  /** Extra check on a candidate (checksum, decoding, placeholder filtering). False drops it. */
  validate?: (secret: string, ctx: ValidationContext) => boolean;
  /** Minimum Shannon entropy (bits per character) of the secret; lower is dropped. */
  minEntropy?: number;
  /**
   * Require that the character before the match is not a letter or digit (the engine checks it,
   * which is cheaper than a lookbehind at the start of every pattern). Default true.
   */
  leftBoundary?: boolean;
  /**
   * Matches (anchored with `^`) the public, fixed type marker a secret starts with (`ghp_`, `AKIA`).
   * Redaction shows it and applies its 25% budget to the rest only.
   */
  publicPrefix?: RegExp;
  /**
   * `pem`: the secret is a key body; the match is reported from the BEGIN marker and shown only as
   * its BEGIN line (captured in the named group `begin`).
   */
  display?: 'token' | 'pem';
  /**
   * De-duplication rank when two matches overlap: 3 provider-specific format, 2 structural
   * (private key, JWT, URL credentials...), 1 generic keyword/entropy heuristics. Higher wins.
   */
  priority: 1 | 2 | 3;
  /** Ids of equivalent rules in other tools: `trivy:github-pat`, `gitleaks:github-pat`. */
  aliases: readonly string[];
  remediation: string;
}

/** One secret found in a text. No field ever holds the secret in full. */
export interface SecretMatch {
  ruleId: string;
  /** The rule's kebab-case name. */
  ruleName: string;
  title: string;
  severity: SecretSeverity;
  /** 1-based line of the first character of the reported span. */
  line: number;
  /** 1-based line of the last character of the reported span. */
  endLine: number;
  /** 1-based column (UTF-16 code units) of the first character. */
  column: number;
  /** 1-based column just past the last character (exclusive), on `endLine`. */
  endColumn: number;
  /** The secret with most of it masked, e.g. `AKIAIO************LE`; for keys the BEGIN line. */
  redacted: string;
  /** The line of `line`, with every secret on it masked and long lines clipped around the match. */
  context: string;
  aliases: readonly string[];
  remediation: string;
  /** Shannon entropy of the secret in bits per character (rounded to 2 decimals). */
  entropy: number;
}

export interface ScanOptions {
  /**
   * Path of the scanned content. Returned with the result, and used by a few heuristics (e.g. the
   * generic rule treats unquoted identifiers in source files as code, not literals).
   */
  path?: string;
  /** Bytes (for buffers) or UTF-16 units (for strings) scanned at most; default 10 MiB. */
  maxBytes?: number;
  /** Restrict the rule set (default: all built-in rules). */
  rules?: readonly SecretRule[];
}

/** Full result of one scan, for callers that need to know what was skipped. */
export interface SecretScanResult {
  path?: string;
  matches: SecretMatch[];
  /** Set when the content was not scanned at all. */
  skipped?: 'binary';
  /** True when the content was longer than `maxBytes` and only its start was scanned. */
  truncated: boolean;
  /** How much was scanned (bytes for buffers, UTF-16 units for strings). */
  scannedSize: number;
  /** Hits on documented example values (e.g. AWS's `AKIAIOSFODNN7EXAMPLE`), dropped from `matches`. */
  allowlisted: AllowlistedHit[];
}

export interface AllowlistedHit {
  ruleId: string;
  line: number;
  redacted: string;
  /** Why the value is allowed, e.g. "AWS documentation example key". */
  reason: string;
}
