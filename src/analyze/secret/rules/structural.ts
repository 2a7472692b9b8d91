import { isNonSecretValue } from '../placeholders.js';
import type { SecretRule, ValidationContext } from '../types.js';

/**
 * Credentials recognised by their container rather than a vendor prefix: PEM blocks, JWTs,
 * credentials in URLs, registry auth in Docker and npm config files.
 */

/** Decodes standard or URL-safe base64; undefined when `s` is not base64 at all. */
function decodeBase64(s: string): string | undefined {
  if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(s)) return undefined;
  return Buffer.from(s, s.includes('-') || s.includes('_') ? 'base64url' : 'base64').toString('utf8');
}

/** Printable ASCII only: decoding random base64 gives control bytes, real `user:password` does not. */
const PRINTABLE = /^[\x20-\x7e]+$/;

/** True when a JWT's first segment decodes to a JSON object with a string `alg`. */
function hasJwtHeader(token: string): boolean {
  const header = decodeBase64(token.slice(0, token.indexOf('.')));
  if (header === undefined) return false;
  try {
    const parsed: unknown = JSON.parse(header);
    return typeof parsed === 'object' && parsed !== null && typeof (parsed as { alg?: unknown }).alg === 'string';
  } catch {
    return false;
  }
}

/** `user:password` in base64, as Docker stores registry logins, with a real-looking password. */
function isBasicAuthPair(encoded: string): boolean {
  const decoded = decodeBase64(encoded);
  if (decoded === undefined || !PRINTABLE.test(decoded)) return false;
  const colon = decoded.indexOf(':');
  if (colon <= 0 || colon === decoded.length - 1) return false;
  return !isNonSecretValue(decoded.slice(colon + 1));
}

/** A base64-encoded Docker config (Kubernetes `.dockerconfigjson`) that holds a login. */
function isEncodedDockerConfigWithAuth(encoded: string): boolean {
  const decoded = decodeBase64(encoded.replace(/\s+/g, ''));
  return decoded !== undefined && /"(?:auth|password|identitytoken)"\s*:\s*"[^"]+"/.test(decoded);
}

/** The host name right after a URL match's `@`. */
function hostAfter(ctx: ValidationContext): string {
  const end = ctx.matchStart + ctx.match.length;
  return /^[A-Za-z0-9.-]*/.exec(ctx.text.slice(end, end + 256))?.[0].toLowerCase() ?? '';
}

/** RFC 2606 / 6761 names reserved for documentation and tests: credentials there are examples. */
function isDocumentationHost(host: string): boolean {
  return (
    /^(?:[a-z0-9-]+\.)*example\.(?:com|net|org)$/.test(host) ||
    /\.(?:example|invalid|test)$/.test(host) ||
    host === 'example'
  );
}

/** At least 40 key characters: shorter "bodies" are prose or truncated examples. */
function isSubstantialKeyBody(body: string): boolean {
  return body.replace(/\s+|\\[rn]/g, '').length >= 40;
}

export const STRUCTURAL_RULES: readonly SecretRule[] = [
  {
    id: 'LS-SEC-025',
    name: 'private-key',
    title: 'Private key',
    severity: 'HIGH',
    keywords: ['private key'],
    // PEM (PKCS#1/#8, EC, DSA, OpenSSH, encrypted) and OpenPGP armor. Newlines may be real or JSON
    // escapes (`\n`); armor headers (`Proc-Type:`, `Version:`) may sit between BEGIN and the body.
    // The body is base64 runs separated by whitespace, so the pattern cannot backtrack badly.
    pattern:
      /(?<begin>-----BEGIN[ A-Z0-9]*? PRIVATE KEY(?: BLOCK)?-----)(?:\s|\\[rn])*(?:[A-Za-z][A-Za-z0-9-]*:[^\r\n\\]*(?:\s|\\[rn])+)*(?<secret>[A-Za-z0-9+/=]+(?:(?:\s|\\[rn])+[A-Za-z0-9+/=]+)*)(?:(?:\s|\\[rn])*-----END[ A-Z0-9]*? PRIVATE KEY(?: BLOCK)?-----)?/,
    validate: isSubstantialKeyBody,
    display: 'pem',
    leftBoundary: false,
    priority: 2,
    aliases: ['trivy:private-key', 'gitleaks:private-key'],
    remediation:
      'Treat the key as compromised: revoke or replace it (and any certificate issued for it), remove the file from the build context (add it to .dockerignore), and mount keys at run time.',
  },
  {
    id: 'LS-SEC-026',
    name: 'jwt',
    title: 'JSON Web Token',
    severity: 'MEDIUM',
    // `{"` encodes to `eyJ`, `{ "` to `eyAi`; payloads start the same way (or `ew` for `{\n`).
    keywords: ['eyj', 'eyai'],
    pattern: /(?<secret>ey(?:J|Ai)[A-Za-z0-9_-]{8,}\.e[wy][A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]*)/,
    validate: hasJwtHeader,
    priority: 2,
    aliases: ['trivy:jwt-token', 'gitleaks:jwt'],
    remediation:
      'Invalidate the token (rotate the signing key or revoke the session) and obtain tokens at run time; a JWT stays valid until it expires, wherever it is copied.',
  },
  {
    id: 'LS-SEC-027',
    name: 'url-password',
    title: 'Password in URL',
    severity: 'HIGH',
    keywords: ['://'],
    // `scheme://user:password@host`; the user may be empty (`redis://:password@host`).
    // `:` is excluded from the password although RFC 3986 allows it: real passwords almost never
    // contain one, while `cvs://:pserver:user@host` and similar do.
    pattern: /:\/\/[^\s:@/?#"'<>\\]{0,128}:(?<secret>[^\s:@/?#"'<>\\]{1,256})@(?=[A-Za-z0-9[_])/,
    validate: (secret, ctx) => !isNonSecretValue(secret) && !isDocumentationHost(hostAfter(ctx)),
    leftBoundary: false,
    priority: 2,
    aliases: [],
    remediation:
      'Change the password, and build the connection string at run time from a secret (environment variable from a secret store, mounted file) instead of a literal URL.',
  },
  {
    id: 'LS-SEC-028',
    name: 'docker-config-auth',
    title: 'Docker registry credentials (config.json auth)',
    severity: 'HIGH',
    keywords: ['"auth"'],
    // `"auth": "base64(user:password)"` as written by `docker login` without a credential helper.
    pattern: /"auth"\s*:\s*"(?<secret>[A-Za-z0-9+/]{6,}={0,2})"/,
    validate: isBasicAuthPair,
    leftBoundary: false,
    priority: 2,
    aliases: [],
    remediation:
      'Change the registry password or token, delete the config.json from the build context/image, and use a credential helper or `RUN --mount=type=secret` for pulls during the build.',
  },
  {
    id: 'LS-SEC-039',
    name: 'kubernetes-dockerconfigjson',
    title: 'Base64-encoded Docker config with registry credentials',
    severity: 'HIGH',
    keywords: ['dockerconfigjson', 'dockercfg'],
    // Kubernetes `kubernetes.io/dockerconfigjson` secrets: the value is base64 of a config.json.
    pattern: /\.docker(?:configjson|cfg)["']?\s*:\s*[|>-]*\s*["']?(?<secret>e[wy][A-Za-z0-9+/=]{20,})/,
    validate: isEncodedDockerConfigWithAuth,
    leftBoundary: false,
    priority: 2,
    aliases: ['trivy:dockerconfig-secret'],
    remediation:
      'Rotate the registry credentials, and create the pull secret in the cluster (or from a secret manager) instead of committing it with the manifests.',
  },
  {
    id: 'LS-SEC-023',
    name: 'npmrc-auth',
    title: 'npm registry credentials in .npmrc',
    severity: 'HIGH',
    keywords: ['_auth', '_password'],
    // `//registry/:_authToken=...`, `_auth=base64(user:pass)` and `_password=base64(pass)`. The key
    // starts a line or follows the `:` of a registry scope, which keeps `this._password = x` out.
    // That context is checked by a lookbehind *after* the key, so that every match starts at the
    // key: the engine then tries the pattern only where `_auth`/`_password` occur (anchors.ts).
    // The three keys end differently, so the lookbehind re-reads the key that just matched.
    // Measured over 10 MiB of generateCorpus text, whole-text scans: the former
    // `(?:^[ \t]*|:)(?:_authToken|...)` 14 ms, this 6 ms, a lookbehind *before* the key 64 ms.
    pattern:
      /(?:_authToken|_auth|_password)(?<=(?:^[ \t]*|:)_(?:authToken|auth|password))[ \t]*=[ \t]*["']?(?<secret>[A-Za-z0-9+/=_.~-]{8,})["']?[ \t]*\r?$/m,
    validate: (secret) => !isNonSecretValue(secret),
    leftBoundary: false,
    priority: 2,
    aliases: [],
    remediation:
      'Revoke the token, and write .npmrc at build time from a BuildKit secret (`RUN --mount=type=secret,id=npmrc,target=/root/.npmrc`) or reference `${NPM_TOKEN}` without copying the file into the image.',
  },
];
