import type { SecretSeverity } from './types.js';

/**
 * Files that are credentials by their name: SSH keys, `.env`, cloud CLI credential files, Terraform
 * state... Reported even when their content matches no secret rule (a `.p12` is binary; a
 * `.tfstate` holds secrets in shapes no regex knows).
 *
 * Ids share the `LS-SEC-` namespace with the content rules (rules/index.ts): file-name rules use
 * LS-SEC-101 .. LS-SEC-199. Ids are stable and never reused.
 *
 * Some names are only sensitive with the right content (`.npmrc` with a token, a `.pem` holding a
 * private key rather than a certificate): those rules carry `confirm`, which the caller runs on
 * the file's text; without the text, treat the match as "possibly sensitive".
 */

export interface SensitiveFileRule {
  id: string;
  name: string;
  title: string;
  severity: SecretSeverity;
  /** Why such a file matters, one sentence for the report. */
  reason: string;
  remediation: string;
  /** Tests the path (lower-cased, forward slashes, no leading `./` or `/`). */
  matches: (path: string, base: string) => boolean;
  /** When present, the file is only sensitive if this returns true for its text. */
  confirm?: (text: string) => boolean;
}

/** What `classifySensitivePath` returns: the rule's data, without the path matcher. */
export type SensitiveFileMatch = Omit<SensitiveFileRule, 'matches'>;

const PRIVATE_KEY_MARKER = /-----BEGIN[ A-Z0-9]*PRIVATE KEY(?: BLOCK)?-----/;
/** Encrypted-at-rest formats: the file is safe to ship as long as the key is not shipped with it. */
const ENCRYPTED_FILE_MARKERS = /^\s*\$ANSIBLE_VAULT;|^sops:\s*$|"sops"\s*:\s*\{|ENC\[AES256_GCM,/m;

/** An assignment of `key` whose value is neither empty nor a `${VAR}`/`$VAR` reference. */
function hasLiteralValue(text: string, key: RegExp): boolean {
  const re = new RegExp(`(?:^|[\\s:;"'{,])(?:${key.source})\\s*[=:]\\s*["']?([^\\s"'$]\\S*)`, 'im');
  return re.test(text);
}

const notEncrypted = (text: string): boolean => !ENCRYPTED_FILE_MARKERS.test(text);

const ENV_TEMPLATE_SUFFIXES = new Set(['example', 'sample', 'template', 'dist', 'defaults', 'default', 'schema', 'tmpl', 'tpl']);

const SHELL_HISTORIES = new Set([
  '.bash_history',
  '.zsh_history',
  '.sh_history',
  '.ash_history',
  '.history',
  '.python_history',
  '.node_repl_history',
  '.mysql_history',
  '.psql_history',
  '.sqlite_history',
  '.rediscli_history',
  '.irb_history',
  '.lesshst',
  '.viminfo',
]);

const ROTATE_AND_IGNORE =
  'Remove the file from the build context (add it to .dockerignore) or from the image, rotate every credential it held, and provide credentials at build time with `RUN --mount=type=secret` or at run time.';

export const SENSITIVE_FILE_RULES: readonly SensitiveFileRule[] = [
  {
    id: 'LS-SEC-101',
    name: 'dotenv-file',
    title: 'Environment file (.env)',
    severity: 'HIGH',
    reason: '.env files hold the application configuration, usually including passwords and API keys.',
    remediation: ROTATE_AND_IGNORE,
    matches: (_p, base) => {
      if (base === '.env') return true;
      if (!base.startsWith('.env.')) return false;
      const suffix = base.slice('.env.'.length);
      return !ENV_TEMPLATE_SUFFIXES.has(suffix) && !suffix.endsWith('.example') && !suffix.endsWith('.sample');
    },
  },
  {
    id: 'LS-SEC-102',
    name: 'ssh-private-key-file',
    title: 'SSH private key file',
    severity: 'HIGH',
    reason: 'A private SSH key lets anyone who pulls the image authenticate as its owner.',
    remediation:
      'Remove the key from the context/image, replace it (and its entry in authorized_keys or the Git host), and use `RUN --mount=type=ssh` for builds that need SSH.',
    matches: (_p, base) => /^id_(?:rsa|dsa|ecdsa|ed25519|ecdsa_sk|ed25519_sk)$/.test(base),
  },
  {
    id: 'LS-SEC-103',
    name: 'ssh-host-private-key',
    title: 'SSH host private key',
    severity: 'HIGH',
    reason: 'A host key baked into an image is shared by every container from it, so any of them can impersonate the others.',
    remediation: 'Do not ship host keys: generate them when the container first starts (e.g. `ssh-keygen -A` in the entrypoint).',
    matches: (_p, base) => /^ssh_host_[a-z0-9]+_key$/.test(base),
  },
  {
    id: 'LS-SEC-104',
    name: 'pem-private-key-file',
    title: 'PEM or key file with a private key',
    severity: 'HIGH',
    reason: 'The file contains a private key; certificates alone (.pem/.crt without a key) are not reported.',
    remediation: ROTATE_AND_IGNORE,
    matches: (_p, base) => /\.(?:pem|key)$/.test(base),
    confirm: (text) => PRIVATE_KEY_MARKER.test(text),
  },
  {
    id: 'LS-SEC-105',
    name: 'keystore-file',
    title: 'Key store (PKCS#12, Java key store, PuTTY key)',
    severity: 'HIGH',
    reason: 'Key stores bundle private keys; their passwords are often weak or shipped alongside.',
    remediation: ROTATE_AND_IGNORE,
    matches: (_p, base) => /\.(?:p12|pfx|jks|jceks|keystore|bks|ppk)$/.test(base),
  },
  {
    id: 'LS-SEC-106',
    name: 'npmrc-with-credentials',
    title: '.npmrc with registry credentials',
    severity: 'HIGH',
    reason: 'The .npmrc holds a registry token or password, which outlives the build in the image layer.',
    remediation: ROTATE_AND_IGNORE,
    matches: (_p, base) => base === '.npmrc',
    confirm: (text) => hasLiteralValue(text, /[^\s=]*_authToken|[^\s=]*_auth|[^\s=]*_password/),
  },
  {
    id: 'LS-SEC-107',
    name: 'pypirc-with-credentials',
    title: '.pypirc with index credentials',
    severity: 'HIGH',
    reason: 'The .pypirc holds a PyPI password or upload token.',
    remediation: ROTATE_AND_IGNORE,
    matches: (_p, base) => base === '.pypirc',
    confirm: (text) => hasLiteralValue(text, /password/),
  },
  {
    id: 'LS-SEC-108',
    name: 'netrc-file',
    title: '.netrc with machine credentials',
    severity: 'HIGH',
    reason: '.netrc stores logins and passwords used by curl, git and ftp clients.',
    remediation: ROTATE_AND_IGNORE,
    matches: (_p, base) => base === '.netrc' || base === '_netrc',
    confirm: (text) => /\b(?:password|passwd)\s+\S+/.test(text),
  },
  {
    id: 'LS-SEC-109',
    name: 'aws-credentials-file',
    title: 'AWS CLI credentials file',
    severity: 'CRITICAL',
    reason: 'The AWS shared credentials file holds access keys for one or more profiles.',
    remediation: ROTATE_AND_IGNORE,
    matches: (p) => p === '.aws/credentials' || p.endsWith('/.aws/credentials'),
  },
  {
    id: 'LS-SEC-110',
    name: 'git-credentials-file',
    title: 'Git credential store',
    severity: 'HIGH',
    reason: '.git-credentials stores Git host passwords and tokens in plain text.',
    remediation: ROTATE_AND_IGNORE,
    matches: (_p, base) => base === '.git-credentials',
  },
  {
    id: 'LS-SEC-111',
    name: 'docker-config-file',
    title: 'Docker client config with registry logins',
    severity: 'HIGH',
    reason: 'Without a credential helper, `docker login` stores registry passwords base64-encoded in config.json.',
    remediation: ROTATE_AND_IGNORE,
    matches: (p, base) => p === '.docker/config.json' || p.endsWith('/.docker/config.json') || base === '.dockercfg',
    confirm: (text) => /"(?:auth|identitytoken)"\s*:\s*"[^"]+"/.test(text),
  },
  {
    id: 'LS-SEC-112',
    name: 'kubeconfig-file',
    title: 'Kubernetes client config with credentials',
    severity: 'HIGH',
    reason: 'A kubeconfig with an embedded token, client key or password grants access to the cluster.',
    remediation: ROTATE_AND_IGNORE,
    matches: (p, base) =>
      p === '.kube/config' || p.endsWith('/.kube/config') || base === 'kubeconfig' || base.endsWith('.kubeconfig'),
    confirm: (text) => /^\s*(?:token|client-key-data|password)\s*:\s*["']?[^\s"'$]/m.test(text),
  },
  {
    id: 'LS-SEC-113',
    name: 'terraform-state',
    title: 'Terraform state file',
    severity: 'HIGH',
    reason: 'Terraform state stores resource attributes in plain text, including generated passwords and keys.',
    remediation: 'Keep state in an encrypted remote backend, never in the build context; rotate secrets that were in it.',
    matches: (_p, base) => base.endsWith('.tfstate') || base.endsWith('.tfstate.backup'),
  },
  {
    id: 'LS-SEC-114',
    name: 'terraform-variables',
    title: 'Terraform variables file',
    severity: 'MEDIUM',
    reason: '.tfvars files commonly hold provider credentials and passwords for the resources they create.',
    remediation: ROTATE_AND_IGNORE,
    matches: (_p, base) => base.endsWith('.tfvars') || base.endsWith('.tfvars.json'),
  },
  {
    id: 'LS-SEC-115',
    name: 'credentials-file',
    title: 'Credentials or secrets file',
    severity: 'MEDIUM',
    reason: 'Files named credentials/secrets usually hold exactly that; encrypted (SOPS, Ansible Vault) files are not reported.',
    remediation: ROTATE_AND_IGNORE,
    matches: (_p, base) => /^(?:credentials|secrets?)\.(?:ya?ml|json|toml|ini|properties)$/.test(base),
    confirm: notEncrypted,
  },
  {
    id: 'LS-SEC-116',
    name: 'htpasswd-file',
    title: 'htpasswd file',
    severity: 'MEDIUM',
    reason: 'Password hashes in .htpasswd can be cracked offline, and the file often sits next to what it protects.',
    remediation: ROTATE_AND_IGNORE,
    matches: (_p, base) => base === '.htpasswd',
  },
  {
    id: 'LS-SEC-117',
    name: 'openvpn-config-with-key',
    title: 'OpenVPN profile with embedded keys',
    severity: 'HIGH',
    reason: 'An .ovpn profile with inline <key>/<tls-auth> blocks is a complete VPN credential.',
    remediation: ROTATE_AND_IGNORE,
    matches: (_p, base) => base.endsWith('.ovpn'),
    confirm: (text) => /<(?:key|tls-auth|tls-crypt|tls-crypt-v2)>/.test(text),
  },
  {
    id: 'LS-SEC-118',
    name: 'shell-history',
    title: 'Shell or REPL history file',
    severity: 'MEDIUM',
    reason: 'Command histories keep passwords and tokens typed on command lines (`mysql -p...`, `export TOKEN=...`).',
    remediation: 'Remove the history from the image (or build with a clean HOME), and rotate any credential it contains.',
    matches: (_p, base) => SHELL_HISTORIES.has(base),
  },
  {
    id: 'LS-SEC-119',
    name: 'pgpass-file',
    title: 'PostgreSQL password file',
    severity: 'HIGH',
    reason: '.pgpass stores database passwords in plain text.',
    remediation: ROTATE_AND_IGNORE,
    matches: (_p, base) => base === '.pgpass',
  },
  {
    id: 'LS-SEC-120',
    name: 'mysql-client-config',
    title: 'MySQL client config with a password',
    severity: 'HIGH',
    reason: '.my.cnf can hold the password the mysql client logs in with.',
    remediation: ROTATE_AND_IGNORE,
    matches: (_p, base) => base === '.my.cnf',
    confirm: (text) => hasLiteralValue(text, /password/),
  },
  {
    id: 'LS-SEC-121',
    name: 'cloud-cli-credentials',
    title: 'Cloud or tool CLI credential file',
    severity: 'HIGH',
    reason:
      'Credential files of gcloud, Azure, Terraform Cloud, Vault, Cargo, RubyGems and the GitHub CLI hold long-lived tokens.',
    remediation: ROTATE_AND_IGNORE,
    matches: (p, base) =>
      base === 'application_default_credentials.json' ||
      base === 'credentials.tfrc.json' ||
      base === '.vault-token' ||
      base === '.s3cfg' ||
      p.endsWith('.config/gcloud/credentials.db') ||
      p.endsWith('.config/gcloud/access_tokens.db') ||
      p.endsWith('.azure/accesstokens.json') ||
      p.endsWith('.azure/msal_token_cache.json') ||
      p.endsWith('.cargo/credentials') ||
      p.endsWith('.cargo/credentials.toml') ||
      p.endsWith('.gem/credentials') ||
      p.endsWith('.config/gh/hosts.yml'),
  },
];

/** Lower-cases, turns `\` into `/` and drops leading `./` and `/`. */
function normalise(relPath: string): string {
  return relPath.replace(/\\/g, '/').replace(/^(?:\.\/|\/)+/, '').toLowerCase();
}

/**
 * The sensitive-file rule `relPath` falls under, if any (first match wins; rules are ordered from
 * specific to general). Callers with the file's text should run `confirm` when it is present.
 */
export function classifySensitivePath(relPath: string): SensitiveFileMatch | undefined {
  const path = normalise(relPath);
  const base = path.slice(path.lastIndexOf('/') + 1);
  if (base === '' || base.endsWith('.pub')) return undefined;
  for (const rule of SENSITIVE_FILE_RULES) {
    if (rule.matches(path, base)) {
      const { matches: _ignored, ...data } = rule;
      return data;
    }
  }
  return undefined;
}

/**
 * `classifySensitivePath` followed by its `confirm` on `text`: the match when the file is
 * sensitive, undefined when the name is harmless or the content rules it out.
 */
export function classifySensitiveFile(relPath: string, text: string): SensitiveFileMatch | undefined {
  const match = classifySensitivePath(relPath);
  if (!match) return undefined;
  return !match.confirm || match.confirm(text) ? match : undefined;
}
