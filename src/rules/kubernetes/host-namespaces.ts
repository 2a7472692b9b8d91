import type { RuleHit } from '../rule.js';
import { hitOn, type KubernetesRule } from '../../deploy/kubernetes/rule-kit.js';
import { podSpecs } from '../../deploy/kubernetes/workloads.js';

const WHAT: Record<string, string> = {
  hostNetwork: "the node's network namespace: it can bind host ports, sniff node traffic and reach services listening on the node's loopback (kubelet, metadata endpoints)",
  hostPID: "the node's process namespace: it can see every process on the node, read their environment and, as root, ptrace or kill them",
  hostIPC: "the node's IPC namespace: it can read and write shared memory of processes on the node",
};

const rule: KubernetesRule = {
  meta: {
    id: 'LS-K8S-011',
    kind: 'misconfiguration',
    severity: 'HIGH',
    phase: 'deploy',
    title: 'Pod shares host namespaces',
    aliases: [
      'kube-linter:host-network', 'kube-linter:host-pid', 'kube-linter:host-ipc',
      'polaris:hostNetworkSet', 'polaris:hostPIDSet', 'polaris:hostIPCSet',
      'checkov:CKV_K8S_17', 'checkov:CKV_K8S_18', 'checkov:CKV_K8S_19',
      'trivy:KSV008', 'trivy:KSV009', 'trivy:KSV010',
      'kubesec:HostNetwork', 'kubesec:HostPID', 'kubesec:HostIPC',
    ],
    tags: ['security', 'isolation', 'kubernetes', 'pod-security-baseline'],
    remediation: 'Remove `hostNetwork`, `hostPID` and `hostIPC` (they default to false). Node agents that truly need them belong in a reviewed DaemonSet in a dedicated namespace.',
    docs: `Namespaces are what make a container a container. \`hostNetwork: true\` puts the pod on the node's network
stack (bypassing NetworkPolicies, exposing node-local services), \`hostPID: true\` lets it see and signal
every process on the node, \`hostIPC: true\` shares the node's System V IPC and POSIX shared memory.

Fires once for each of the three fields set to \`true\`, on its line.

\`\`\`yaml
spec:
  hostPID: true                 # fires
  containers: [...]
\`\`\`

\`\`\`yaml
spec:
  containers: [...]             # ok: host namespaces not shared
\`\`\``,
  },
  check(model): RuleHit[] {
    const hits: RuleHit[] = [];
    for (const pod of podSpecs(model)) {
      for (const field of ['hostNetwork', 'hostPID', 'hostIPC']) {
        const f = pod.doc.at([...pod.path, field]);
        if (f.value === true) hits.push(hitOn(pod.doc, f.line, `The pod of ${pod.doc.ref} sets ${field}: true and shares ${WHAT[field]}.`, { details: { field } }));
      }
    }
    return hits;
  },
};

export default rule;
