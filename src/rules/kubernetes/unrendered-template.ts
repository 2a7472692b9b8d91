import type { RuleHit } from '../rule.js';
import type { KubernetesRule } from '../../deploy/kubernetes/rule-kit.js';

const rule: KubernetesRule = {
  meta: {
    id: 'LS-K8S-001',
    kind: 'misconfiguration',
    severity: 'LOW',
    phase: 'deploy',
    title: 'Manifest is an unrendered template',
    aliases: [],
    tags: ['correctness', 'kubernetes', 'helm'],
    remediation: 'Render the chart and scan the output: `helm template RELEASE CHART -f values.yaml > rendered.yaml && leftshift scan rendered.yaml` (or `kustomize build`). Exclude the templates directory if it is scanned through the rendered output already.',
    docs: `A Helm (Go template) file such as \`templates/deployment.yaml\` is not a manifest yet: its security
settings depend on values that are only known at render time, so none of the Kubernetes rules can judge
it. The file is not parsed; this finding says so instead of reporting YAML errors that the template
syntax causes.

Fires when the file uses Helm's template objects or functions (\`.Values\`, \`.Release\`, \`.Chart\`,
\`include\`, \`template\`, \`tpl\`, \`toYaml\`, template comments), or when it does not parse as YAML and
contains any \`{{ … }}\` expression. Go-template text that is *data* in rendered manifests (Prometheus
rule annotations like \`{{ $labels.instance }}\`) does not fire.

\`\`\`yaml
apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ include "app.fullname" . }}     # fires
\`\`\`

\`\`\`yaml
apiVersion: apps/v1
kind: Deployment
metadata:
  name: shop-web                         # ok: rendered output
\`\`\``,
  },
  check(model): RuleHit[] {
    const hits: RuleHit[] = [];
    for (const f of model.files) {
      if (!f.template) continue;
      hits.push({
        path: f.path,
        line: f.template.line,
        message: `${f.path} is an unrendered template (${f.template.expression}): render it (helm template / kustomize build) and scan the output; nothing in this file was checked.`,
        details: { expression: f.template.expression },
      });
    }
    return hits;
  },
};

export default rule;
