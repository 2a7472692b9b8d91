import { scanText } from '../../analyze/secret/index.js';
import type { Severity } from '../../findings/severity.js';
import { isSecretName, redactValue } from '../../analyze/secret/names.js';

export { isSecretName, redactValue };

/** Why an environment value was judged to be a secret written into the file. */
export type SecretReason = 'credential-format' | 'url-credentials' | 'literal' | 'placeholder';

export interface SecretValueHit {
  severity: Severity;
  reason: SecretReason;
  /** Never the value: the engine's redaction, or at most two characters of each end. */
  redacted: string;
  /** What the engine recognised (`AWS access key ID`), for credential formats. */
  format?: string;
}

const FLAG_VALUE = /^(?:true|false|yes|no|on|off|y|n|0|1|enabled?|disabled?|none|null|nil)$/i;
const PATH_VALUE = /^(?:\/|\.{1,2}\/|~\/|[A-Za-z]:[\\/])\S*$/;
/** Obvious stand-ins; a real value put in their place would be the finding, so they rate lower. */
const PLACEHOLDER = /^(?:x{3,}|\*{3,}|\.{3,}|-{3,}|change[-_]?me|change[-_]?it|placeholder|dummy|example|sample|secret|password|passwd|token|redacted|todo|tbd|<[^>]*>|\[[^\]]*\]|your[-_ ]?\w*|my[-_ ]?(?:password|passwd|secret|token|key))$/i;

/** `scheme://user:password@host` with a literal password (no variable in it); returns the password. */
export function urlPassword(raw: string): string | undefined {
  const re = /[a-z][a-z0-9+.-]*:\/\/[^\s:/@'"]*:([^\s@/'"]+)@[^\s'"]+/gi;
  for (const m of raw.matchAll(re)) {
    const pw = m[1]!;
    if (pw.includes('$') || pw.includes('{{') || PLACEHOLDER.test(pw)) continue;
    return pw;
  }
  return undefined;
}

/** A credential format the secret engine recognises, with its own redaction and rating. */
export function credentialFormat(value: string): { title: string; severity: Severity; redacted: string } | undefined {
  const matches = scanText(value);
  if (matches.length === 0) return undefined;
  const best = matches.find((m) => m.severity === 'CRITICAL') ?? matches[0]!;
  return { title: best.title, severity: best.severity === 'CRITICAL' ? 'CRITICAL' : 'HIGH', redacted: best.redacted };
}

/**
 * Judges one environment variable. `value` is as written (variables kept); `reference` says the
 * value is built from a variable, which is how secrets should arrive. Returns undefined when the
 * pair holds no secret written into the file.
 *
 * - a recognised credential format (engine) → the engine's rating (CRITICAL for live-key formats);
 * - a URL with a literal password → HIGH;
 * - a secret-looking name (`*_PASSWORD`, `*_TOKEN`, `API_KEY`...) with a literal → HIGH;
 *   with an obvious placeholder (`changeme`, `<token>`) → MEDIUM.
 * Empty values, booleans, paths (`/run/secrets/db`) and `*_FILE` names are not secrets.
 */
export function classifyEnvSecret(name: string, value: string | undefined, reference: boolean): SecretValueHit | undefined {
  if (value === undefined) return undefined;
  const trimmed = value.trim();
  if (trimmed === '') return undefined;
  const pw = urlPassword(trimmed);
  if (pw !== undefined) return { severity: 'HIGH', reason: 'url-credentials', redacted: redactValue(pw) };
  if (reference) return undefined;
  if (FLAG_VALUE.test(trimmed) || PATH_VALUE.test(trimmed)) return undefined;
  const format = credentialFormat(trimmed);
  if (format) return { severity: format.severity, reason: 'credential-format', redacted: format.redacted, format: format.title };
  if (!isSecretName(name)) return undefined;
  if (PLACEHOLDER.test(trimmed)) return { severity: 'MEDIUM', reason: 'placeholder', redacted: redactValue(trimmed) };
  return { severity: 'HIGH', reason: 'literal', redacted: redactValue(trimmed) };
}

/** The sentence a rule puts after the variable's name. */
export function describeSecret(hit: SecretValueHit): string {
  switch (hit.reason) {
    case 'credential-format':
      return `holds what looks like a credential (${hit.format}: ${hit.redacted})`;
    case 'url-credentials':
      return `holds a URL with an embedded password (${hit.redacted})`;
    case 'placeholder':
      return `is set to what looks like a placeholder (${hit.redacted}); a real value put here would be committed with the file`;
    default:
      return `sets a secret to a literal value (${hit.redacted})`;
  }
}
