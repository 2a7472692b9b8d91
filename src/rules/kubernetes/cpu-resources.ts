import type { RuleHit } from '../rule.js';
import type { KubernetesRule } from '../../deploy/kubernetes/rule-kit.js';
import { resourceHits } from '../../deploy/kubernetes/resources.js';

const rule: KubernetesRule = {
  meta: {
    id: 'LS-K8S-029',
    kind: 'misconfiguration',
    severity: 'LOW',
    phase: 'deploy',
    title: 'Container has no CPU request or limit',
    aliases: [
      'kube-linter:unset-cpu-requirements', 'polaris:cpuRequestsMissing', 'polaris:cpuLimitsMissing',
      'checkov:CKV_K8S_10', 'checkov:CKV_K8S_11', 'trivy:KSV011', 'trivy:KSV015', 'kubesec:RequestsCPU', 'kubesec:LimitsCPU',
    ],
    tags: ['reliability', 'availability', 'kubernetes'],
    remediation: 'Set `resources.requests.cpu` to what the container needs under normal load and `resources.limits.cpu` to what it may burst to (or give the namespace a LimitRange with defaults).',
    docs: `Without a CPU request the scheduler places the pod as if it used nothing, so nodes get overcommitted and
latency-sensitive pods starve; without a limit a runaway or abused process (a crypto miner after a
compromise) can take every core of the node.

Fires for containers and init containers with neither a CPU request nor a CPU limit, and (same severity)
with a request but no limit. A limit alone passes, because Kubernetes then uses it as the request; so does
a LimitRange with CPU defaults for containers in the same namespace among the scanned files.

\`\`\`yaml
resources:
  requests:
    memory: 128Mi             # fires: no CPU request or limit
\`\`\`

\`\`\`yaml
resources:
  requests: {cpu: 100m}
  limits: {cpu: 500m}         # ok
\`\`\``,
  },
  check(model): RuleHit[] {
    return resourceHits(model, 'cpu', { none: 'LOW', noLimit: 'LOW' });
  },
};

export default rule;
