import type { RuleHit } from '../rule.js';
import type { KubernetesRule } from '../../deploy/kubernetes/rule-kit.js';

const rule: KubernetesRule = {
  meta: {
    id: 'LS-K8S-000',
    kind: 'misconfiguration',
    severity: 'MEDIUM',
    phase: 'deploy',
    title: 'Manifest cannot be parsed',
    aliases: [],
    tags: ['correctness', 'kubernetes'],
    remediation: 'Fix the YAML/JSON at the reported line (`kubectl apply --dry-run=client -f FILE` shows the same problem), remove alias bombs, and split generated files larger than 10 MiB.',
    docs: `A manifest that does not parse cannot be checked, and \`kubectl apply\` rejects it too (or, worse, a
tool in the pipeline reads it differently). leftshift reports bad input as a finding rather than a
warning so it shows up in every report format and can fail CI like any other problem; the rest of the
file's documents and all other files are still checked.

Fires, with the line where known, for:
- YAML or JSON syntax errors, including duplicate keys (which parsers resolve differently);
- documents whose aliases expand far beyond their source (the "billion laughs" alias bomb) or refer to
  themselves (anchor loops): they are not expanded at all;
- files over 10 MiB (not parsed) and documents nested too deeply to parse.

\`\`\`yaml
apiVersion: v1
kind: Pod
metadata:
  name: web
   labels: {app: web}     # fires: bad indentation
\`\`\`

\`\`\`yaml
apiVersion: v1
kind: Pod
metadata:
  name: web
  labels: {app: web}      # ok
\`\`\``,
  },
  check(model): RuleHit[] {
    const hits: RuleHit[] = [];
    for (const f of model.files) {
      for (const p of f.problems) {
        const where = p.document !== undefined ? ` (document ${p.document + 1})` : '';
        const h: RuleHit = { path: f.path, message: `${f.path}${where} cannot be parsed: ${p.message}.`, details: { problem: p.problem } };
        if (p.line !== undefined) h.line = p.line;
        if (p.document !== undefined) h.details!.document = p.document;
        hits.push(h);
      }
    }
    return hits;
  },
};

export default rule;
