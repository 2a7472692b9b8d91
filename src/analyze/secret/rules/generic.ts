import { characterClassCount, entropyThresholdFor, shannonEntropy } from '../entropy.js';
import { isNonSecretValue } from '../placeholders.js';
import type { SecretRule, ValidationContext } from '../types.js';

/**
 * Key names that contain a secret-ish word but hold something else: the secret's name, location,
 * type or size. Compared against the key lower-cased with separators removed.
 */
const NON_SECRET_KEY_SUFFIXES: readonly string[] = [
  'file',
  'path',
  'dir',
  'url',
  'uri',
  'endpoint',
  'name',
  'ref',
  'type',
  'id',
  'length',
  'size',
  'count',
  'expiry',
  'expires',
  'ttl',
  'header',
  'field',
  'policy',
  'store',
  'env',
  'var',
  'prompt',
  'regex',
  'pattern',
  'format',
  'mode',
  'enabled',
  'required',
  'hash',
  'version',
  'encryption',
  'algorithm',
  'method',
  'provider',
  'strategy',
  'scheme',
  'backend',
  'timeout',
  'prefix',
  'suffix',
];

function keyHoldsNoSecret(key: string | undefined): boolean {
  if (!key) return false;
  const compact = key.toLowerCase().replace(/[^a-z0-9]/g, '');
  return NON_SECRET_KEY_SUFFIXES.some((suffix) => compact.endsWith(suffix));
}

/** Shapes of values that are code rather than a literal credential. */
const MEMBER_ACCESS = /^[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)+$/;
const LOWERCASE_WORDS = /^[a-z]+(?:[-_.][a-z]+)*$/;
/**
 * Letters only (plus `_`/`$`), possibly negated or dereferenced, maybe several words joined by
 * `-`, `.` or `:` (`X-Fake-Connection-Token`, `g:netrw_passwd`), maybe ending in punctuation.
 */
const LETTERS_ONLY = /^[!&*~-]*[A-Za-z_$]+(?:[-.:][A-Za-z_$]+)*[.!?:]?$/;
/** An identifier-shaped value: `previousToken2`, `testP256PrivateKey`. */
const IDENTIFIER = /^[!&*~-]*[A-Za-z_$][\w$]*$/;

/**
 * Average length of the camelCase/digit segments of `s` (`testP256PrivateKey` -> test, P, 256,
 * Private, Key). Identifiers are made of words (average well above 3); random strings break into
 * 1-2 character pieces at every case or digit change (about 2).
 */
function averageSegmentLength(s: string): number {
  const segments = s.match(/[A-Z]+(?![a-z])|[A-Z]?[a-z]+|[0-9]+/g);
  if (!segments) return 0;
  return segments.reduce((n, seg) => n + seg.length, 0) / segments.length;
}

const WORDY_SEGMENTS = 3.2;
const GENERIC_ENTROPY_CAP = 3;
const GENERIC_ENTROPY_FACTOR = 0.75;

/** Source files, where an unquoted value is an expression: a literal would need quotes. */
const CODE_FILE = /\.(?:[cm]?[jt]sx?|go|py|java|kt|kts|scala|rb|php|cs|c|cc|cpp|h|hpp|rs|swift|m|dart|lua|pl|groovy)$/i;

/**
 * Words and identifiers rather than random strings: letters only made of words
 * (`"challengePassword"`, `"_RSAPrivateKey"`, `Required.`), or, unquoted, a camelCase identifier
 * (`previousToken2`), or, unquoted in a source file, any identifier.
 */
function looksLikeWordOrIdentifier(secret: string, quoted: boolean, path: string | undefined): boolean {
  if (LETTERS_ONLY.test(secret) && averageSegmentLength(secret) >= WORDY_SEGMENTS) return true;
  if (quoted || !IDENTIFIER.test(secret)) return false;
  if (path !== undefined && CODE_FILE.test(path)) return true;
  return /[a-z][A-Z]/.test(secret) && averageSegmentLength(secret) >= WORDY_SEGMENTS;
}

/** Cheapest and most frequently decisive checks first: this runs for every `token = ...` in code. */
function isLikelyLiteralSecret(secret: string, ctx: ValidationContext): boolean {
  if (characterClassCount(secret) < 2) return false;
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(secret)) return false; // URLs have their own rule
  if (/&[A-Za-z_]+=/.test(secret)) return false; // a query string (`token=x&token_type=y`), mostly docs
  if (MEMBER_ACCESS.test(secret)) return false; // self.password, config.api.token
  if (LOWERCASE_WORDS.test(secret)) return false; // my-secret-name, bert-base-uncased
  const quote = ctx.groups.q ?? '';
  if (looksLikeWordOrIdentifier(secret, quote !== '', ctx.path)) return false;
  if (/^[A-Za-z_]+[:=]$/.test(secret)) return false; // `password= secretKey=`: the next key, not a value
  // A quoted value must be the whole string: `"Unexpected token."` is prose, not a password.
  if (quote !== '' && ctx.text[ctx.matchStart + ctx.match.length] !== quote) return false;
  if (keyHoldsNoSecret(ctx.groups.key)) return false;
  if (isNonSecretValue(secret)) return false;
  // A lenient bar: Shannon entropy of a 16-character random password varies by +-0.3 bits, and the
  // word/identifier/placeholder filters above do most of the precision work.
  return shannonEntropy(secret) >= entropyThresholdFor(secret.length, GENERIC_ENTROPY_CAP, GENERIC_ENTROPY_FACTOR);
}

export const GENERIC_RULES: readonly SecretRule[] = [
  {
    id: 'LS-SEC-029',
    name: 'generic-secret-assignment',
    title: 'Hard-coded secret in an assignment',
    severity: 'MEDIUM',
    keywords: [
      'password',
      'passwd',
      'pwd',
      'secret',
      'token',
      'api_key',
      'apikey',
      'api-key',
      'access_key',
      'accesskey',
      'access-key',
      'private_key',
      'privatekey',
      'private-key',
    ],
    // `<key containing a secret word> [:=] "value"`. The key may continue (`token_value`) but not
    // start before the word, so the regex never scans long identifiers backwards; `clientSecret`
    // and `DB_PASSWORD` still match from the word on. The value is printable ASCII and must end at
    // a delimiter: prose in other languages ("Neočekávaný token") is not a credential, nor are calls,
    // indexing and templates (`getToken(user)`, `cfg[key]`, `<token>`), which the regex rejects
    // itself because that is cheaper than a validator call per hit.
    pattern:
      /(?<key>(?:passw(?:or)?d|pwd|secret|token|api[_-]?key|access[_-]?key|private[_-]?key)[A-Za-z0-9_.-]{0,32})["']?\s{0,4}(?:=>|:=|[:=])(?![:=])\s{0,4}(?<q>["'`]?)(?<secret>[^\s"'`;,(){}[\]<>\u007f-\uffff]{8,200})(?![^\s"'`;,])/i,
    validate: isLikelyLiteralSecret,
    leftBoundary: false,
    priority: 1,
    aliases: ['gitleaks:generic-api-key'],
    remediation:
      'Move the value out of the file: read it at run time from the environment, a mounted secret or a secret manager, and rotate it since it has been shipped.',
  },
];
