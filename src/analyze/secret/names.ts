/**
 * Secret-looking variable names and short redaction of their values: shared by every scanner that
 * sees key/value settings (Dockerfile ENV/ARG, image config, Kubernetes env and ConfigMaps, Compose,
 * Nomad, docker run -e). The content rules of the engine decide what a value is; these decide what a
 * name means.
 */
/**
 * Shows at most the first and last two characters of a value (fewer for short values, whose ends
 * would give away too much of them), never the value itself.
 */
export function redactValue(value: string): string {
  if (value.length >= 12) return `${value.slice(0, 2)}…${value.slice(-2)}`;
  if (value.length >= 6) return `${value.slice(0, 1)}…${value.slice(-1)}`;
  return '…';
}

/** Splits `dbPassword`, `DB_PASSWORD`, `db-password`, `db.password` into upper-case words. */
function nameTokens(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((t) => t.toUpperCase());
}

/** A word that on its own marks a credential (also glued: `APITOKEN`, `DBPASSWORD`). */
const SECRET_WORD = /(?:PASSWORD|PASSWD|PASSPHRASE|SECRETS?|TOKENS?|APIKEY|CREDENTIALS?|PRIVATEKEY|ACCESSKEY|SECRETKEY)$/;
/** `<qualifier>_KEY` pairs that are credentials; a bare `*_KEY` (e.g. `GPG_KEY`, a fingerprint) is not. */
const KEY_QUALIFIERS = new Set(['API', 'ACCESS', 'SECRET', 'PRIVATE', 'ENCRYPTION', 'SIGNING', 'MASTER', 'AUTH', 'HMAC', 'SESSION', 'CRYPT']);
/** Last words of names that hold *about* a secret, not the secret: where it is, how long, which one. */
const NOT_A_SECRET_SUFFIX = new Set([
  'FILE', 'FILES', 'PATH', 'DIR', 'DIRECTORY', 'URL', 'URI', 'ENDPOINT', 'HOST', 'HOSTNAME', 'PORT', 'NAME', 'NAMES',
  'USER', 'USERNAME', 'LENGTH', 'LEN', 'MIN', 'MAX', 'TTL', 'EXPIRY', 'EXPIRES', 'EXPIRATION', 'TIMEOUT', 'LIFETIME',
  'AGE', 'ALGORITHM', 'ALG', 'TYPE', 'HEADER', 'FIELD', 'PARAM', 'PREFIX', 'ENABLED', 'DISABLED', 'REQUIRED', 'POLICY',
  'ROTATION', 'METHOD', 'MODE', 'FORMAT', 'COMPLEXITY', 'STRENGTH', 'COUNT', 'ATTEMPTS', 'RETRIES', 'VERSION',
  'LOCATION', 'ENV', 'VAR', 'REF', 'ISSUER', 'AUDIENCE', 'SCOPE', 'SCOPES', 'REGION', 'PROVIDER', 'SOURCE', 'STORE',
  'BACKEND', 'CACHE', 'DUMMY',
]);
/** Words that turn a name into a switch about secrets: `MYSQL_ALLOW_EMPTY_PASSWORD`, `MYSQL_RANDOM_ROOT_PASSWORD`. */
const FLAG_WORDS = new Set(['ALLOW', 'EMPTY', 'RANDOM', 'SKIP', 'NO', 'DISABLE', 'ENABLE', 'REQUIRE', 'GENERATE', 'USE']);
/** Well-known variables whose value is a path to a credential file. */
const PATH_VALUED = new Set(['GOOGLE_APPLICATION_CREDENTIALS']);

/** True when a variable name says it holds a credential. */
export function isSecretName(name: string): boolean {
  if (PATH_VALUED.has(name.toUpperCase())) return false;
  const tokens = nameTokens(name);
  if (tokens.length === 0 || tokens.includes('PUBLIC')) return false;
  const last = tokens[tokens.length - 1]!;
  let secretAt = -1;
  tokens.forEach((t, i) => {
    const multi = tokens.length > 1;
    if (
      SECRET_WORD.test(t) ||
      (t === 'KEY' && i > 0 && KEY_QUALIFIERS.has(tokens[i - 1]!)) ||
      // `PWD` alone is the shell's working directory; `DB_PWD`, `MYSQL_PWD` are passwords.
      (multi && t === 'PWD') ||
      (multi && i === tokens.length - 1 && (t === 'PASS' || t === 'AUTH'))
    ) {
      secretAt = i;
    }
  });
  if (secretAt < 0) return false;
  if (tokens.slice(0, secretAt).some((t) => FLAG_WORDS.has(t))) return false;
  return secretAt === tokens.length - 1 || !NOT_A_SECRET_SUFFIX.has(last);
}
