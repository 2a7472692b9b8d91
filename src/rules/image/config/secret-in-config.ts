import { scanText } from '../../../analyze/secret/index.js';
import { isSecretName } from '../../../analyze/secret/names.js';
import type { Severity } from '../../../findings/severity.js';
import type { RuleHit } from '../../rule.js';
import type { ImageRule } from '../rule.js';
import { historySteps, isInertValue, redactValue, secretNamedPairs, stepDetails, stepLabel } from './history.js';

/** One secret found in a text: what it looks like and how bad; never the value, only its redacted form. */
interface Found {
  name?: string;
  what: string;
  redacted: string;
  severity: Severity;
  secretRule?: string;
}

/** Values people put in secret-named variables that are not secrets. */
const PLACEHOLDER = /^(?:x+|\*+|changeme|change[-_]?me|changeit|placeholder|dummy|example|redacted|todo|<[^>]*>|\{[^}]*\})$/i;

/**
 * Secrets in one text: the secret engine's matches (CRITICAL when the engine rates the format so,
 * else HIGH) plus literal values of `KEY=value` pairs whose key names a credential (HIGH), skipping
 * pairs the engine already reported (their key then names the engine's finding).
 */
export function secretsIn(text: string): Found[] {
  const engine = scanText(text).map((m) => ({
    found: { what: m.title, redacted: m.redacted, severity: m.severity === 'CRITICAL' ? 'CRITICAL' : 'HIGH', secretRule: m.ruleId } as Found,
    line: m.line,
    start: m.column - 1,
    // A multi-line match covers the rest of its first line.
    end: m.line === m.endLine ? m.endColumn - 1 : Infinity,
  }));
  const found: Found[] = engine.map((e) => e.found);
  text.split('\n').forEach((line, i) => {
    for (const p of secretNamedPairs(line)) {
      if (isInertValue(p.value) || PLACEHOLDER.test(p.value)) continue;
      const same = engine.find((e) => e.line === i + 1 && e.start < p.end && p.start < e.end);
      if (same) {
        same.found.name ??= p.key;
        continue;
      }
      found.push({ name: p.key, what: 'a literal value in a variable named like a credential', redacted: redactValue(p.value), severity: 'HIGH' });
    }
  });
  return found;
}

/** Secrets in one `NAME=value` item (an Env entry or a label): the whole value, spaces included. */
function secretsInPair(name: string, value: string): Found[] {
  if (value.trim() === '') return [];
  // The engine is given `NAME=value` because some formats need the name (AWS secret keys).
  const engine = scanText(`${name}=${value}`).map<Found>((m) => ({ name, what: m.title, redacted: m.redacted, severity: m.severity === 'CRITICAL' ? 'CRITICAL' : 'HIGH', secretRule: m.ruleId }));
  if (engine.length > 0) return engine;
  if (isSecretName(name) && !isInertValue(value) && !PLACEHOLDER.test(value.trim())) {
    return [{ name, what: 'a literal value in a variable named like a credential', redacted: redactValue(value), severity: 'HIGH' }];
  }
  return [];
}

function describe(f: Found): string {
  return f.secretRule ? `what looks like a ${f.what} (${f.redacted})` : `a literal secret (${f.redacted})`;
}

const rule: ImageRule = {
  meta: {
    id: 'LS-IMG-002',
    kind: 'secret',
    severity: 'HIGH',
    phase: 'image',
    title: 'Secret in image configuration or history',
    aliases: ['dockle:CIS-DI-0010'],
    tags: ['security', 'secrets'],
    remediation:
      'Revoke the credential, then rebuild without it: pass build-time secrets with `RUN --mount=type=secret` (never `ARG`/`ENV`) and inject runtime secrets when the container starts (`docker run --env-file`, Kubernetes Secrets, a secrets manager). Deleting it in a later step does not remove it from the configuration or history.',
    docs: `Whoever can pull an image can read its configuration and history (\`docker inspect\`,
\`docker history --no-trunc\`). \`ENV\` values sit in \`Env\`, \`LABEL\`s in \`Labels\`, and every \`ARG\` used by a
\`RUN\` is recorded in that step's \`created_by\` (\`|1 NPM_TOKEN=… /bin/sh -c npm ci\`), together with any
secret written into the command itself.

The check runs the secret engine over \`Env\`, \`Labels\` and every \`history[].created_by\` (CRITICAL for
formats the engine is sure of, such as GitHub or AWS keys, else HIGH) and also reports literal values of
variables named like credentials (\`*_PASSWORD\`, \`*_TOKEN\`, \`*_API_KEY\`…; HIGH) unless the value is empty, a
\`$reference\`, a path or a placeholder. History findings name the step and the layer it produced. Values are
shown redacted.

\`\`\`dockerfile
FROM node:22-slim
ARG NPM_TOKEN=npm_s3cr3tT0kenValue123   # fires: recorded in the history of the RUN below
ENV DB_PASSWORD=Sup3rS3cret!            # fires: stored in Env
RUN npm ci
\`\`\`

\`\`\`dockerfile
FROM node:22-slim
ENV DB_PASSWORD_FILE=/run/secrets/db    # ok: a path, the secret is mounted at run time
RUN --mount=type=secret,id=npm,env=NPM_TOKEN npm ci
\`\`\``,
  },
  check(ctx) {
    const hits: RuleHit[] = [];
    const cfg = ctx.metadata.config.config ?? {};
    for (const entry of cfg.Env ?? []) {
      const eq = entry.indexOf('=');
      const name = eq < 0 ? entry : entry.slice(0, eq);
      for (const f of secretsInPair(name, eq < 0 ? '' : entry.slice(eq + 1))) {
        hits.push({
          severity: f.severity,
          message: `Env ${name} holds ${describe(f)}; anyone who can pull the image reads it with docker inspect.`,
          details: { source: 'env', name, redacted: f.redacted, ...(f.secretRule ? { secretRule: f.secretRule } : {}) },
        });
      }
    }
    for (const [name, value] of Object.entries(cfg.Labels ?? {})) {
      if (typeof value !== 'string') continue;
      for (const f of secretsInPair(name, value)) {
        hits.push({
          severity: f.severity,
          message: `Label ${name} holds ${describe(f)}; labels are readable by anyone who can pull the image.`,
          details: { source: 'label', name, redacted: f.redacted, ...(f.secretRule ? { secretRule: f.secretRule } : {}) },
        });
      }
    }
    for (const step of historySteps(ctx)) {
      if (step.createdBy === '') continue;
      for (const f of secretsIn(step.createdBy)) {
        hits.push({
          severity: f.severity,
          ...(step.layer ? { layer: step.layer } : {}),
          message: `${stepLabel(step)} records ${f.name ? `${f.name} with ` : ''}${describe(f)} in created_by; docker history shows it to anyone who can pull the image.`,
          details: { source: 'history', ...stepDetails(step), ...(f.name ? { name: f.name } : {}), redacted: f.redacted, ...(f.secretRule ? { secretRule: f.secretRule } : {}) },
        });
      }
    }
    return hits;
  },
};

export default rule;
