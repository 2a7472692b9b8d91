import type { RuleHit } from '../rule.js';
import { hitOn, type KubernetesRule } from '../../deploy/kubernetes/rule-kit.js';
import { allContainers, describe } from '../../deploy/kubernetes/workloads.js';

const rule: KubernetesRule = {
  meta: {
    id: 'LS-K8S-031',
    kind: 'misconfiguration',
    severity: 'LOW',
    phase: 'deploy',
    title: 'Container has no liveness or readiness probe',
    aliases: ['kube-linter:no-liveness-probe', 'kube-linter:no-readiness-probe', 'polaris:livenessProbeMissing', 'polaris:readinessProbeMissing', 'checkov:CKV_K8S_8', 'checkov:CKV_K8S_9'],
    tags: ['reliability', 'availability', 'kubernetes'],
    remediation: 'Add a `readinessProbe` (is it ready for traffic?) and a `livenessProbe` (is it stuck and must be restarted?), usually HTTP checks on a health endpoint with sensible thresholds.',
    docs: `Without a readiness probe a pod receives traffic as soon as its process starts, before it can serve,
and keeps receiving it when it cannot. Without a liveness probe a deadlocked process is never restarted.
Both turn partial failures into outages (and a hung pod after an attack into a silent one).

Fires for the main containers of long-running workloads (Deployments, StatefulSets, DaemonSets, Pods that
restart...). Jobs, CronJobs and pods with \`restartPolicy\` \`Never\`/\`OnFailure\` run to completion and are
skipped, as are init and ephemeral containers. One finding per container names what is missing.

\`\`\`yaml
containers:
  - name: web                 # fires: no probes
    image: ghcr.io/acme/web:1.4.2
\`\`\`

\`\`\`yaml
containers:
  - name: web
    readinessProbe: {httpGet: {path: /ready, port: 8080}}
    livenessProbe: {httpGet: {path: /healthz, port: 8080}}   # ok
\`\`\``,
  },
  check(model): RuleHit[] {
    const hits: RuleHit[] = [];
    for (const c of allContainers(model, ['container'])) {
      if (c.pod.runsToCompletion) continue;
      const missing = ['livenessProbe', 'readinessProbe'].filter((p) => {
        const n = c.node.entries.get(p);
        return !n || (n.kind === 'scalar' && n.value === null);
      });
      if (missing.length === 0) continue;
      hits.push(hitOn(c.pod.doc, c.line, `The ${describe(c)} has no ${missing.join(' and no ')}.`, { container: c, details: { missing } }));
    }
    return hits;
  },
};

export default rule;
