/** Public API of the secret engine. Other scanners import from here, not from the inner modules. */
export {
  scanText,
  scanBuffer,
  scanTextDetailed,
  scanBufferDetailed,
  scanTextNoPrefilter,
  scanTextWithPrefilter,
  scanBufferNoPrefilter,
  scanBufferWithPrefilter,
  looksBinary,
  decodeText,
  utf16Encoding,
  DEFAULT_MAX_BYTES,
  BINARY_SNIFF_BYTES,
  PREFILTER_STRATEGY,
} from './engine.js';
export { redact, redactLine, MAX_MASK_LENGTH, type LineSpan, type RedactOptions } from './redact.js';
export { SECRET_RULES, secretRuleById } from './rules/index.js';
export {
  classifySensitivePath,
  classifySensitiveFile,
  SENSITIVE_FILE_RULES,
  type SensitiveFileMatch,
  type SensitiveFileRule,
} from './filenames.js';
export { ALLOWED_EXAMPLE_VALUES, allowlistReason, type AllowedExample } from './allowlist.js';
export { shannonEntropy } from './entropy.js';
export type { PrefilterStrategy } from './prefilter.js';
export type {
  SecretRule,
  SecretMatch,
  SecretSeverity,
  ScanOptions,
  SecretScanResult,
  AllowlistedHit,
  ValidationContext,
} from './types.js';
