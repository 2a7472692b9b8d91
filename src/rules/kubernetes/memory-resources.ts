import type { RuleHit } from '../rule.js';
import type { KubernetesRule } from '../../deploy/kubernetes/rule-kit.js';
import { resourceHits } from '../../deploy/kubernetes/resources.js';

const rule: KubernetesRule = {
  meta: {
    id: 'LS-K8S-030',
    kind: 'misconfiguration',
    severity: 'MEDIUM',
    phase: 'deploy',
    title: 'Container has no memory request or limit',
    aliases: [
      'kube-linter:unset-memory-requirements', 'polaris:memoryRequestsMissing', 'polaris:memoryLimitsMissing',
      'checkov:CKV_K8S_12', 'checkov:CKV_K8S_13', 'trivy:KSV016', 'trivy:KSV018', 'kubesec:RequestsMemory', 'kubesec:LimitsMemory',
    ],
    tags: ['reliability', 'availability', 'kubernetes'],
    remediation: 'Set `resources.requests.memory` and `resources.limits.memory` (often to the same value), or give the namespace a LimitRange with memory defaults.',
    docs: `Memory cannot be throttled: a container without a memory limit that leaks (or is made to allocate by an
attacker) pushes the whole node into memory pressure, and the kernel's OOM killer or the kubelet's eviction
then kill *other* pods. Without a request the scheduler cannot place the pod sensibly.

Fires for containers and init containers with neither a memory request nor a limit, and with a request
but no limit. A limit alone passes (it becomes the request), as does a LimitRange with memory defaults for
containers in the same namespace among the scanned files.

\`\`\`yaml
resources:
  requests:
    cpu: 100m                 # fires: no memory request or limit
\`\`\`

\`\`\`yaml
resources:
  requests: {memory: 256Mi}
  limits: {memory: 256Mi}     # ok
\`\`\``,
  },
  check(model): RuleHit[] {
    return resourceHits(model, 'memory', { none: 'MEDIUM', noLimit: 'MEDIUM' });
  },
};

export default rule;
