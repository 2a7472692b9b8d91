import { scanText, type SecretMatch } from '../../analyze/secret/index.js';

/**
 * What a literal configuration value is, for the "secret in a manifest" rules. Only `literal`
 * values can be credentials: the others are empty, point elsewhere, or are obviously fake.
 */
export type ValueKind = 'empty' | 'reference' | 'flag' | 'path' | 'placeholder' | 'literal';

const FLAG = /^(?:true|false|yes|no|on|off|y|n|0|1|enabled?|disabled?|none|null|nil)$/i;
const PLACEHOLDER =
  /^(?:x+|\*+|\.+|-+|changeme|change[-_]?me|changeit|placeholder|dummy|example|sample|secret|password|passwd|token|redacted|todo|tbd|<[^>]*>|\[[^\]]*\]|\{[^}]*\}|your[-_ ]?\w*|my[-_ ]?(?:password|passwd|secret|token|key))$/i;

export function valueKind(value: string): ValueKind {
  const v = value.trim();
  if (v === '') return 'empty';
  // `$(OTHER_VAR)` is expanded by the kubelet from another env var; `${X}` by the app or envsubst.
  if (/\$\([A-Za-z_][A-Za-z0-9_]*\)|\$\{[^}]+\}/.test(v)) return 'reference';
  if (FLAG.test(v)) return 'flag';
  if (/^(?:\/|\.{1,2}\/|~\/)\S*$/.test(v)) return 'path';
  if (PLACEHOLDER.test(v)) return 'placeholder';
  return 'literal';
}

/** Values longer than this are not run through the engine here (a ConfigMap can embed whole files; 1 MiB is the object limit anyway). */
const MAX_SCAN = 1024 * 1024;

/** Secret-engine matches in a value, strongest first. */
export function engineMatches(value: string): SecretMatch[] {
  if (value.length === 0 || value.length > MAX_SCAN) return [];
  const rank = { CRITICAL: 3, HIGH: 2, MEDIUM: 1, LOW: 0 } as const;
  return scanText(value).sort((a, b) => rank[b.severity] - rank[a.severity] || a.line - b.line);
}
