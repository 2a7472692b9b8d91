/**
 * Heuristics for values that look like credentials syntactically but are not: references to a
 * variable, template expressions, documentation placeholders, file paths. Keyword/entropy rules
 * (URL passwords, `password = ...` assignments, `.npmrc` auth) are only useful with these filters.
 */

/** Whole-value shapes of variable and template references in the languages we meet in images. */
const REFERENCE_SHAPES: readonly RegExp[] = [
  /^\$[A-Za-z_][A-Za-z0-9_]*$/, // $PASSWORD (shell, Dockerfile)
  /^\$\{[^}]*\}/, // ${PASSWORD}, ${PASSWORD:-x}
  /^\$\([^)]*\)/, // $(cat /run/secrets/x)
  /^%\{[^}]*\}/, // %{password} (Ruby/ERB-ish, RPM macros)
  /^%\([A-Za-z0-9_]+\)[sdr]/, // %(password)s (Python)
  /^%[-+ #]*[sdvqgxXtTp]/, // printf verbs (%s, %v, %-s); not %2F, which is percent-encoding
  /^#\{[^}]*\}/, // #{password} (Ruby, Spring)
  /^<[^<>]*>$/, // <password>
  /^\[[^[\]]*\]$/, // [password]
  /^@[A-Za-z0-9_.-]+@$/, // @PASSWORD@ (autotools substitution)
  /^__[A-Za-z0-9_]+__$/, // __PASSWORD__
  /^\{[^{}]*\}$/, // {password} (Python format, Go templates without the double braces)
];

/** Anywhere in the value: a template expression or an environment lookup means "not a literal". */
const REFERENCE_FRAGMENTS: readonly string[] = [
  '${',
  '{{',
  '}}',
  '{%',
  'process.env',
  'os.environ',
  'getenv(',
  'secretkeyref',
  'valuefrom',
  '/run/secrets/',
];

/** Values people write instead of a real credential. Compared lower-cased, ignoring `-_. `. */
const PLACEHOLDER_WORDS: ReadonlySet<string> = new Set([
  'password',
  'passwd',
  'pass',
  'pwd',
  'secret',
  'secrets',
  'token',
  'apikey',
  'key',
  'changeme',
  'changeit',
  'changethis',
  'example',
  'sample',
  'dummy',
  'placeholder',
  'redacted',
  'masked',
  'hidden',
  'notset',
  'unset',
  'none',
  'null',
  'nil',
  'undefined',
  'empty',
  'default',
  'test',
  'testing',
  'foo',
  'bar',
  'baz',
  'foobar',
  'user',
  'username',
  'value',
  'todo',
  'tbd',
  'fixme',
  'mypassword',
  'yourpassword',
  'secretpassword',
  'supersecret',
  'password123',
  'hunter2',
  'true',
  'false',
]);

/** Substrings that mark documentation or template values. Compared lower-cased. */
const PLACEHOLDER_FRAGMENTS: readonly string[] = [
  'your',
  'example',
  'placeholder',
  'changeme',
  'change-me',
  'change_me',
  'replace',
  'insert',
  'dummy',
  'redacted',
  'xxxx',
  '****',
  '....',
  '<',
  '>',
];

/** True when `value` refers to a variable, template or secret store instead of holding a literal. */
export function isVariableReference(value: string): boolean {
  for (const shape of REFERENCE_SHAPES) if (shape.test(value)) return true;
  const lower = value.toLowerCase();
  for (const fragment of REFERENCE_FRAGMENTS) if (lower.includes(fragment)) return true;
  return false;
}

/** True when `value` is an obvious stand-in for a credential (`changeme`, `xxxxxxxx`, `<token>`...). */
export function isPlaceholderValue(value: string): boolean {
  if (value.length === 0) return true;
  const lower = value.toLowerCase();
  if (PLACEHOLDER_WORDS.has(lower.replace(/[-_. ]/g, ''))) return true;
  for (const fragment of PLACEHOLDER_FRAGMENTS) if (lower.includes(fragment)) return true;
  // One character repeated (`xxxxxxxx`, `00000000`, `********`) carries no secret.
  if (/^(.)\1*$/s.test(value)) return true;
  return false;
}

/** True when `value` is a file-system path (a reference to where a secret lives, not the secret). */
export function looksLikePath(value: string): boolean {
  if (/^(?:\/|\.{1,2}\/|~\/|[A-Za-z]:[\\/])/.test(value)) return true;
  // relative path to a file with a typical extension: `secrets/db.pem`, `conf/app.yaml`
  return /^[\w.-]+(?:\/[\w.-]+)+\.[A-Za-z0-9]{1,5}$/.test(value);
}

/** The three filters above together. */
export function isNonSecretValue(value: string): boolean {
  return isVariableReference(value) || isPlaceholderValue(value) || looksLikePath(value);
}
