import type { NomadModel, NomadTemplate } from '../../deploy/nomad/model.js';
import type { DeployRule } from '../../deploy/types.js';
import { scanText } from '../../analyze/secret/index.js';
import type { RuleHit } from '../rule.js';
import { classifyEnvSecret, describeSecret } from '../container/secrets.js';

/** `KEY=value`, `export KEY=value`, `KEY: value`, `key = "value"`, `"key": "value",` on one line. */
const ASSIGNMENT = /^\s*(?:export\s+)?["']?([A-Za-z_][\w.-]*)["']?\s*(?:=|:)\s*(.*?)\s*,?\s*$/;

function unquote(v: string): string {
  const m = /^(["'])(.*)\1$/.exec(v);
  return m ? m[2]! : v;
}

/** File line of line `i` (0-based) of the template's data. */
function lineOf(t: NomadTemplate, i: number): number {
  return t.multiline ? t.firstLine + i : t.firstLine;
}

function templateHits(t: NomadTemplate, task: string, container: string): RuleHit[] {
  const hits: RuleHit[] = [];
  const seen = new Set<number>();
  const lines = t.data.split('\n');
  lines.forEach((raw, i) => {
    const m = ASSIGNMENT.exec(raw);
    if (!m) return;
    const value = unquote(m[2]!);
    // A value produced by the template engine ({{ with secret }}, {{ key }}, {{ env }}) is not in the file.
    if (value.includes('{{')) return;
    const s = classifyEnvSecret(m[1]!, value, value.includes('${'));
    if (!s) return;
    const line = lineOf(t, i);
    seen.add(line);
    hits.push({ line, severity: s.severity, message: `${task}: the template${t.destination ? ` for ${t.destination}` : ''} writes ${m[1]} inline: it ${describeSecret(s)}. Templates are part of the job, readable by anyone who can read it.`, details: { container, name: m[1], reason: s.reason, redacted: s.redacted } });
  });
  // Credentials that are not `key = value` lines (a PEM key, a token in a URL or a config block).
  const stripped = t.data.replace(/\{\{[\s\S]*?\}\}/g, (x) => x.replace(/[^\n]/g, ' '));
  for (const m of scanText(stripped)) {
    const line = lineOf(t, m.line - 1);
    if (seen.has(line)) continue;
    seen.add(line);
    hits.push({ line, severity: m.severity, message: `${task}: the template${t.destination ? ` for ${t.destination}` : ''} contains ${m.title.replace(/^./, (c) => c.toLowerCase())} (${m.redacted}) written inline.`, details: { container, reason: 'credential-format', ruleId: m.ruleId, redacted: m.redacted } });
  }
  return hits;
}

const rule: DeployRule<NomadModel> = {
  meta: {
    id: 'LS-NOMAD-016',
    kind: 'misconfiguration',
    severity: 'HIGH',
    phase: 'deploy',
    title: 'Credentials written inline in a template',
    aliases: [],
    tags: ['security', 'secrets', 'nomad'],
    remediation: 'Render the value from a secret store inside the template: `{{ with nomadVar "nomad/jobs/app" }}{{ .password }}{{ end }}` or `{{ with secret "kv/data/app" }}{{ .Data.data.password }}{{ end }}`, and write the file under `secrets/`. Rotate the exposed value.',
    docs: `\`template\` blocks exist to pull secrets from Nomad Variables, Vault or Consul at run time; a credential typed
into \`data\` instead is stored in the job like any other text.

Fires for lines of a template's \`data\` (heredoc or string; \`EmbeddedTmpl\` in JSON jobs) of the form
\`KEY=value\`, \`KEY: value\`, \`"key": "value"\` when the value is a literal secret (same judgement as
LS-NOMAD-015), and for anything the secret engine recognises (private keys, tokens, URL passwords). Lines whose
value comes from the template engine (\`{{ ... }}\`) are fine. With heredocs the finding points at the exact line.

\`\`\`hcl
template {
  data = <<EOH
DB_USER=app
DB_PASSWORD=s3cr3t-Pa55word
EOH
  destination = "secrets/db.env"       # fires on the DB_PASSWORD line
  env         = true
}
\`\`\`

\`\`\`hcl
template {
  data = <<EOH
DB_USER=app
DB_PASSWORD={{ with secret "kv/data/api" }}{{ .Data.data.password }}{{ end }}
EOH
  destination = "secrets/db.env"       # ok
  env         = true
}
\`\`\``,
  },
  check: (model) => model.tasks.flatMap((t) => t.templates.flatMap((tpl) => templateHits(tpl, `Task "${t.name}" (group "${t.group}")`, `${t.group}/${t.name}`))),
};

export default rule;
