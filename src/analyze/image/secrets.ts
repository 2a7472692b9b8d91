/**
 * `image-secrets`: runs the shared secret engine and the credential-file classifier over the text
 * files of every layer. Outputs only redacted facts (they are cached per layer and end up in
 * reports), so nothing downstream can print a secret in full.
 *
 * What is skipped, and why (all decided in `wants`, which runs on every tar entry and so only
 * looks at the path and size):
 * - files over `MAX_FILE_BYTES` (10 MiB): huge files are data (databases, bundles, logs); their
 *   first bytes would be scanned for little gain while the walk copies them;
 * - obviously binary files by extension (`.so*`, images, fonts, archives, bytecode...). Binaries
 *   without an extension (`usr/bin/*`) are caught in `analyze` by `looksBinary` (a NUL byte in
 *   the first 8 KiB), which costs one small scan;
 * - trees that hold only distribution data: documentation (`usr/share/doc`, `man`, `info`),
 *   translations (`locale`, `i18n`), time zones (binary TZif), terminfo, MIME data, license
 *   texts, and package-manager databases/indexes (`var/lib/dpkg`, `var/lib/apt/lists`,
 *   `var/cache/apt`, `lib/apk/db`, `var/lib/rpm`). None is written by application builds, and
 *   apt lists alone are tens of MB of text per image. `node_modules` and `site-packages` are NOT
 *   skipped: a published package with a leaked token is a real finding, and the keyword
 *   prefilter keeps them cheap.
 * A file whose *name* marks it as a credential (`id_rsa`, `*.p12`, `.aws/credentials`...) is
 * wanted whatever its extension, size or tree, because its name alone is the finding.
 */
import type { Analyzer, AnalyzerInput, AnalyzerOutput } from '../analyzer.js';
import type { FileInfo } from '../../image/fs-types.js';
import { classifySensitivePath, decodeText, looksBinary, scanBufferDetailed, type SecretSeverity } from '../secret/index.js';

export const IMAGE_SECRETS_ANALYZER = 'image-secrets';
/** Key of the facts this analyzer writes. */
export const IMAGE_SECRETS_FACT = 'imageSecrets';

/** Files larger than this are not scanned for secret content at all. */
export const MAX_FILE_BYTES = 10 * 1024 * 1024;
/** Only the first 2 MiB of a file are scanned: secrets sit in configs, not in the tail of big files. */
export const SCAN_BYTES = 2 * 1024 * 1024;

const BINARY_EXTENSIONS = new Set([
  'png', 'jpg', 'jpeg', 'gif', 'bmp', 'ico', 'webp', 'tif', 'tiff', 'psd',
  'woff', 'woff2', 'ttf', 'otf', 'eot', 'pfb',
  'jar', 'war', 'ear', 'class', 'zip', 'gz', 'tgz', 'bz2', 'xz', 'zst', 'lz4', 'lzma', '7z', 'rar', 'whl', 'egg',
  'pyc', 'pyo', 'o', 'a', 'so', 'dll', 'exe', 'dylib', 'node', 'wasm', 'mo', 'gmo',
  'mp3', 'mp4', 'ogg', 'wav', 'flac', 'avi', 'mkv', 'webm', 'pdf',
  'deb', 'rpm', 'db', 'sqlite', 'sqlite3', 'pack', 'idx', 'cache',
]);

/** Prefixes (no leading `/`) of distribution-data trees; see the file comment. */
const SKIPPED_TREES = [
  'usr/share/doc/', 'usr/share/man/', 'usr/share/info/', 'usr/share/locale/', 'usr/share/i18n/',
  'usr/lib/locale/', 'usr/share/zoneinfo/', 'usr/share/terminfo/', 'lib/terminfo/', 'usr/share/mime/',
  'usr/share/common-licenses/', 'var/lib/dpkg/', 'var/lib/apt/lists/', 'var/cache/apt/', 'lib/apk/db/',
  'var/lib/rpm/', 'usr/lib/sysimage/rpm/',
];

/** `libssl.so.3` and `libfoo.so.1.2.3` have a numeric "extension"; `.so.` anywhere in the base marks them. */
function binaryByName(base: string): boolean {
  if (base.includes('.so.')) return true;
  const dot = base.lastIndexOf('.');
  return dot > 0 && BINARY_EXTENSIONS.has(base.slice(dot + 1).toLowerCase());
}

/** One redacted secret found in a file (JSON-serialisable; `redacted`/`context` never hold it in full). */
export interface ImageSecretFact {
  ruleId: string;
  ruleName: string;
  title: string;
  severity: SecretSeverity;
  line: number;
  column: number;
  redacted: string;
  /** The line with every secret on it masked. */
  context: string;
}

/** A file that is a credential by its name (and, where needed, its content). */
export interface SensitiveFileFact {
  /** `LS-SEC-1xx` from the engine's file-name rules, or `authorized-keys` (our own, see below). */
  id: string;
  name: string;
  title: string;
  severity: SecretSeverity;
  reason: string;
  remediation: string;
  /** True when the rule needs content confirmation and the content confirmed it. */
  confirmed: boolean;
}

export interface ImageSecretsFacts {
  secrets: ImageSecretFact[];
  sensitiveFile?: SensitiveFileFact;
  /** Only the first `SCAN_BYTES` were scanned. */
  truncated?: true;
}

/**
 * `authorized_keys` is not a secret (it holds public keys) so the engine does not classify it; in
 * an image it means whoever holds the matching private keys can log into every container.
 */
const AUTHORIZED_KEYS: SensitiveFileFact = {
  id: 'authorized-keys',
  name: 'ssh-authorized-keys',
  title: 'SSH authorized_keys file',
  severity: 'MEDIUM',
  reason: 'Every container from this image accepts SSH logins from the holders of the listed keys.',
  remediation: 'Do not bake login keys into images; if a container must accept SSH, inject authorized_keys at run time (a mounted secret).',
  confirmed: false,
};

function isAuthorizedKeys(path: string): boolean {
  return /(?:^|\/)\.ssh\/authorized_keys2?$/.test(path);
}

function wantedByName(path: string): boolean {
  return isAuthorizedKeys(path) || classifySensitivePath(path) !== undefined;
}

export function wantsForSecrets(path: string, info: FileInfo): boolean {
  if (info.type !== 'file' && info.type !== 'hardlink') return false;
  if (wantedByName(path)) return true;
  if (info.size === 0 || info.size > MAX_FILE_BYTES) return false;
  if (binaryByName(path.slice(path.lastIndexOf('/') + 1))) return false;
  for (const prefix of SKIPPED_TREES) if (path.startsWith(prefix)) return false;
  return true;
}

function sensitiveFact(path: string, content: Buffer, binary: boolean): SensitiveFileFact | undefined {
  if (isAuthorizedKeys(path)) return content.length > 0 ? AUTHORIZED_KEYS : undefined;
  const match = classifySensitivePath(path);
  if (!match) return undefined;
  const { confirm, ...data } = match;
  if (!confirm) return { ...data, confirmed: false };
  // A rule that needs its content confirmed cannot be confirmed on binary content (a DER `.key`).
  if (binary || !confirm(decodeText(content))) return undefined;
  return { ...data, confirmed: true };
}

export function analyzeSecrets({ path, content, truncated }: AnalyzerInput): AnalyzerOutput | undefined {
  const binary = looksBinary(content);
  const sensitiveFile = sensitiveFact(path, content, binary);
  const secrets: ImageSecretFact[] = [];
  if (!binary) {
    const result = scanBufferDetailed(content, { path, maxBytes: SCAN_BYTES });
    for (const m of result.matches) {
      secrets.push({
        ruleId: m.ruleId,
        ruleName: m.ruleName,
        title: m.title,
        severity: m.severity,
        line: m.line,
        column: m.column,
        redacted: m.redacted,
        context: m.context,
      });
    }
  }
  if (secrets.length === 0 && !sensitiveFile) return undefined;
  const facts: ImageSecretsFacts = { secrets };
  if (sensitiveFile) facts.sensitiveFile = sensitiveFile;
  if (truncated) facts.truncated = true;
  return { facts: { [IMAGE_SECRETS_FACT]: facts } };
}

export const imageSecretsAnalyzer: Analyzer = {
  name: IMAGE_SECRETS_ANALYZER,
  version: 1,
  maxBytes: SCAN_BYTES,
  wants: wantsForSecrets,
  analyze: analyzeSecrets,
};

/** The facts of an `image-secrets` output, if it is one. */
export function secretsFactsOf(output: AnalyzerOutput): ImageSecretsFacts | undefined {
  return output.facts?.[IMAGE_SECRETS_FACT] as ImageSecretsFacts | undefined;
}
