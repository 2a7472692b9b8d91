import { scanText } from '../../analyze/secret/index.js';
import { expandWord, parseKeyValues } from '../../dockerfile/expand.js';
import type { Dockerfile, Instruction } from '../../dockerfile/model.js';
import type { Severity } from '../../findings/severity.js';
import type { DockerfileRule, RuleHit } from '../rule.js';
import { isSecretName, redactValue } from '../../analyze/secret/names.js';

type ValueKind = 'none' | 'empty' | 'reference' | 'flag' | 'path' | 'placeholder' | 'literal';

const FLAG_VALUE = /^(?:true|false|yes|no|on|off|y|n|0|1|enabled?|disabled?|none|null)$/i;
const PLACEHOLDER = /^(?:x+|\*+|\.+|-+|changeme|change[-_]?me|changeit|placeholder|dummy|example|sample|secret|password|passwd|token|redacted|todo|tbd|<[^>]*>|\[[^\]]*\]|\{[^}]*\}|your[-_ ]?\w*|my[-_ ]?(?:password|passwd|secret|token|key))$/i;

/** What kind of value a pair has; `raw` is as written (quotes kept), `value` after expansion. */
function valueKind(raw: string | undefined, value: string | undefined, escape: Dockerfile['escapeChar']): ValueKind {
  if (raw === undefined || value === undefined) return 'none';
  // A value built from `$VAR` is a copy of another variable, not a literal in this file.
  if (expandWord(raw, new Map(), escape).unresolved.length > 0) return 'reference';
  if (value.trim() === '') return 'empty';
  if (FLAG_VALUE.test(value)) return 'flag';
  if (/^(?:\/|\.{1,2}\/|~\/)\S*$/.test(value)) return 'path';
  if (PLACEHOLDER.test(value.trim())) return 'placeholder';
  return 'literal';
}

/** `scheme://user:password@host` with a literal password; returns the password. */
function urlPassword(raw: string): string | undefined {
  const re = /[a-z][a-z0-9+.-]*:\/\/[^\s:/@'"]*:([^\s@/'"]+)@[^\s'"]+/gi;
  for (const m of raw.matchAll(re)) {
    const pw = m[1]!;
    if (pw.includes('$') || PLACEHOLDER.test(pw)) continue;
    return pw;
  }
  return undefined;
}

/**
 * A credential format the secret engine recognises (checksummed tokens, vendor key formats...).
 * The engine rates its high-confidence formats CRITICAL; that rating is kept, anything else is HIGH.
 */
function credentialFormat(value: string): { title: string; critical: boolean } | undefined {
  const matches = scanText(value);
  if (matches.length === 0) return undefined;
  const best = matches.find((m) => m.severity === 'CRITICAL') ?? matches[0]!;
  return { title: best.title, critical: best.severity === 'CRITICAL' };
}

/** The physical line of a multi-line ENV/ARG that declares `key`. */
function lineOfKey(df: Dockerfile, ins: Instruction, key: string): number {
  const escaped = key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const re = new RegExp(`(?:^|\\s)["']?${escaped}["']?(?:=|\\s|$)`);
  for (let l = ins.line; l <= ins.endLine; l++) {
    const text = l === ins.line ? (df.lines[l - 1] ?? '').replace(/^\s*\S+/, ' ') : (df.lines[l - 1] ?? '');
    if (re.test(text)) return l;
  }
  return ins.line;
}

const REMEDY = 'Use `RUN --mount=type=secret,id=…` for build-time secrets and inject runtime secrets when the container starts (`docker run -e`/`--env-file`, Kubernetes Secrets, a secrets manager).';

const rule: DockerfileRule = {
  meta: {
    id: 'LS-DF-004',
    kind: 'misconfiguration',
    severity: 'HIGH',
    phase: 'dockerfile',
    title: 'Secret in ENV or ARG',
    aliases: ['dockle:CIS-DI-0010', 'trivy:DS031'],
    tags: ['security', 'secrets'],
    remediation: REMEDY,
    docs: `\`ENV\` values are stored in the image configuration: anyone who can pull the image reads them with
\`docker inspect\`. \`ARG\` values are recorded in the image history of every \`RUN\` that follows
(\`docker history\`) and in BuildKit's provenance attestations. A secret written into the Dockerfile is also
in version control. Build-time secrets belong in secret mounts, runtime secrets in the runtime environment.

Fires for \`ENV\` and \`ARG\` pairs when
- the name says it is a credential (\`*PASSWORD*\`, \`*PASSWD*\`, \`*SECRET*\`, \`*TOKEN*\`, \`*API_KEY*\`,
  \`*ACCESS_KEY*\`, \`*PRIVATE_KEY*\`, \`*CREDENTIALS*\`, \`*_PWD\`, \`*_PASS\`, \`*_AUTH\`…) — but not names about a
  secret (\`*_FILE\`, \`*_PATH\`, \`*_DIR\`, \`*_URL\`, \`*_NAME\`, \`PASSWORD_MIN_LENGTH\`, \`TOKEN_TTL\`…), switches
  (\`MYSQL_ALLOW_EMPTY_PASSWORD\`), or public keys — and
  - it is an \`ARG\` without a literal default: MEDIUM (the value passed with \`--build-arg\` lands in the history);
  - it is set to a literal: HIGH, or CRITICAL when the value has the format of a real credential;
  - it is an \`ENV\` copying another variable (\`ENV NPM_TOKEN=$NPM_TOKEN\`): HIGH, the value is baked into the image;
  - the value is an obvious placeholder (\`changeme\`, \`<token>\`, \`xxxx\`): MEDIUM;
- whatever the name, the value is a recognised credential (AWS key id, Stripe/Slack/GitHub tokens, … — CRITICAL)
  or a URL with an embedded password (\`postgres://user:pass@host/db\`, HIGH).
Empty values, paths (\`/run/secrets/db\`) and booleans are not secrets. Messages show at most the first and
last two characters of a value.

\`\`\`dockerfile
FROM node:22-slim
ARG NPM_TOKEN                                   # fires (MEDIUM)
ENV DATABASE_URL=postgres://app:pa55w0rd@db/app # fires (HIGH)
RUN echo "//registry.npmjs.org/:_authToken=\${NPM_TOKEN}" > .npmrc && npm ci
\`\`\`

\`\`\`dockerfile
FROM node:22-slim
ENV DATABASE_PASSWORD_FILE=/run/secrets/db_password   # ok
RUN --mount=type=secret,id=npm,env=NPM_TOKEN npm ci   # ok
\`\`\``,
  },
  check({ dockerfile }): RuleHit[] {
    const hits: RuleHit[] = [];
    for (const ins of dockerfile.instructions) {
      if (ins.keyword !== 'ENV' && ins.keyword !== 'ARG') continue;
      const kw = ins.keyword;
      const pairs = parseKeyValues(ins.body, ins.vars, dockerfile.escapeChar, kw === 'ENV');
      for (const pair of pairs) {
        const raw = pair.rawValue;
        const kind = valueKind(raw, pair.value, dockerfile.escapeChar);
        const secretName = isSecretName(pair.key);
        const where = kw === 'ENV' ? 'the image configuration (docker inspect)' : 'the image history (docker history)';
        let hit: { severity: Severity; message: string; redacted?: string; reason: string } | undefined;

        // Credentials recognisable by their value, whatever the variable is called.
        const literal = kind === 'literal' || kind === 'placeholder' ? pair.value! : undefined;
        const format = literal !== undefined ? credentialFormat(literal) : undefined;
        const urlPw = raw !== undefined ? urlPassword(raw) : undefined;
        if (urlPw !== undefined) {
          hit = {
            severity: 'HIGH',
            redacted: redactValue(urlPw),
            reason: 'url-credentials',
            message: `${kw} ${pair.key} holds a URL with an embedded password (${redactValue(urlPw)}); it is stored in the Dockerfile and in ${where}.`,
          };
        } else if (format && literal !== undefined) {
          hit = {
            severity: format.critical ? 'CRITICAL' : 'HIGH',
            redacted: redactValue(literal),
            reason: 'credential-format',
            message: `${kw} ${pair.key} holds what looks like a credential (${format.title}: ${redactValue(literal)}); it is stored in the Dockerfile and in ${where}.`,
          };
        } else if (secretName) {
          if (kind === 'literal') {
            hit = { severity: 'HIGH', redacted: redactValue(literal!), reason: 'literal', message: `${kw} ${pair.key} sets a secret to a literal value (${redactValue(literal!)}); it is stored in the Dockerfile and in ${where}.` };
          } else if (kind === 'placeholder') {
            hit = { severity: 'MEDIUM', redacted: redactValue(literal!), reason: 'placeholder', message: `${kw} ${pair.key} is set to what looks like a placeholder (${redactValue(literal!)}); a real value put here ends up in ${where}.` };
          } else if (kw === 'ARG' && (kind === 'none' || kind === 'empty' || kind === 'reference')) {
            // A global ARG without a value only reaches FROM lines; a stage must declare it to use it.
            if (ins.stage >= 0 || kind === 'reference') {
              hit = { severity: 'MEDIUM', reason: 'build-arg', message: `ARG ${pair.key} looks like a secret: the value passed with --build-arg is recorded in the image history (docker history) and in build provenance.` };
            }
          } else if (kw === 'ENV' && kind === 'reference') {
            hit = { severity: 'HIGH', reason: 'env-copy', message: `ENV ${pair.key} copies a secret from another variable into the image configuration, where anyone who can pull the image can read it (docker inspect).` };
          }
        }
        if (!hit) continue;
        const line = lineOfKey(dockerfile, ins, pair.key);
        hits.push({
          line,
          severity: hit.severity,
          message: hit.message,
          details: { instruction: kw, name: pair.key, reason: hit.reason, ...(hit.redacted !== undefined ? { redacted: hit.redacted } : {}) },
        });
      }
    }
    return hits;
  },
};

export default rule;
