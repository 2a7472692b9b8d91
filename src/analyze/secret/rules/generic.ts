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
];

function keyHoldsNoSecret(key: string | undefined): boolean {
  if (!key) return false;
  const compact = key.toLowerCase().replace(/[^a-z0-9]/g, '');
  return NON_SECRET_KEY_SUFFIXES.some((suffix) => compact.endsWith(suffix));
}

/** Shapes of values that are code rather than a literal credential. */
const MEMBER_ACCESS = /^[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)+$/;
const LOWERCASE_WORDS = /^[a-z]+(?:[-_.][a-z]+)*$/;
const BARE_IDENTIFIER = /^[A-Za-z_]+$/;

function isLikelyLiteralSecret(secret: string, ctx: ValidationContext): boolean {
  if (isNonSecretValue(secret)) return false;
  if (/[(){}[\]]/.test(secret)) return false; // calls, indexing, templates
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(secret)) return false; // URLs have their own rule
  if (MEMBER_ACCESS.test(secret)) return false; // self.password, config.api.token
  if (LOWERCASE_WORDS.test(secret)) return false; // my-secret-name, bert-base-uncased
  if (ctx.groups.q === '' && BARE_IDENTIFIER.test(secret)) return false; // token = accessToken
  if (keyHoldsNoSecret(ctx.groups.key)) return false;
  if (characterClassCount(secret) < 2) return false;
  return shannonEntropy(secret) >= entropyThresholdFor(secret.length);
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
    // and `DB_PASSWORD` still match from the word on.
    pattern:
      /(?<key>(?:passw(?:or)?d|pwd|secret|token|api[_-]?key|access[_-]?key|private[_-]?key)[A-Za-z0-9_.-]{0,32})["']?\s{0,4}(?:=>|:=|[:=])\s{0,4}(?<q>["'`]?)(?<secret>[^\s"'`;,]{8,200})/i,
    validate: isLikelyLiteralSecret,
    leftBoundary: false,
    priority: 1,
    aliases: ['gitleaks:generic-api-key'],
    remediation:
      'Move the value out of the file: read it at run time from the environment, a mounted secret or a secret manager, and rotate it since it has been shipped.',
  },
];
