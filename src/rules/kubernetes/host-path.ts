import { posix } from 'node:path';
import type { Severity } from '../../findings/severity.js';
import { severityRank } from '../../findings/severity.js';
import type { RuleHit } from '../rule.js';
import { hitOn, type KubernetesRule } from '../../deploy/kubernetes/rule-kit.js';
import { containersOf, podSpecs, type PodSpecRef } from '../../deploy/kubernetes/workloads.js';

interface Sensitive {
  path: string;
  /** Severity when the mount is this path or one of its ancestors (mounting `/var` exposes `/var/run/docker.sock`). */
  severity: Severity;
  /** Severity for paths below it (`/var/lib/kubelet/pods/...`); undefined = not sensitive below. */
  below?: Severity;
  why: string;
}

const SOCKET = 'the container runtime socket: whoever can write to it can start a privileged container on the node';

const SENSITIVE: Sensitive[] = [
  { path: '/', severity: 'CRITICAL', why: "the node's whole filesystem" },
  { path: '/var/run/docker.sock', severity: 'CRITICAL', why: SOCKET },
  { path: '/run/docker.sock', severity: 'CRITICAL', why: SOCKET },
  { path: '/run/containerd/containerd.sock', severity: 'CRITICAL', why: SOCKET },
  { path: '/var/run/containerd/containerd.sock', severity: 'CRITICAL', why: SOCKET },
  { path: '/run/crio/crio.sock', severity: 'CRITICAL', why: SOCKET },
  { path: '/var/run/crio/crio.sock', severity: 'CRITICAL', why: SOCKET },
  { path: '/var/lib/kubelet', severity: 'CRITICAL', below: 'HIGH', why: "the kubelet's directory, with its credentials and every pod's mounted Secrets" },
  { path: '/etc/kubernetes', severity: 'CRITICAL', below: 'HIGH', why: 'the node\'s Kubernetes configuration and credentials' },
  { path: '/etc', severity: 'CRITICAL', why: "the node's configuration (users, shadow passwords, SSH keys, and the kubelet's credentials in /etc/kubernetes)" },
  { path: '/proc', severity: 'HIGH', below: 'HIGH', why: "the node's processes and kernel interfaces" },
  { path: '/sys', severity: 'HIGH', below: 'MEDIUM', why: "the node's kernel and device interfaces" },
  { path: '/root', severity: 'HIGH', below: 'HIGH', why: "root's home directory on the node (SSH keys, kubeconfig)" },
  { path: '/dev', severity: 'HIGH', why: "the node's devices" },
  { path: '/boot', severity: 'HIGH', below: 'HIGH', why: "the node's kernel and boot loader" },
  { path: '/var/lib/docker', severity: 'HIGH', below: 'HIGH', why: "the container runtime's storage (every container's filesystem)" },
  { path: '/var/lib/containerd', severity: 'HIGH', below: 'HIGH', why: "the container runtime's storage (every container's filesystem)" },
];

function normalise(p: string): string {
  const n = posix.normalize(p.trim());
  return n.length > 1 ? n.replace(/\/+$/, '') : n;
}

function isUnder(child: string, parent: string): boolean {
  return parent === '/' ? child !== '/' : child.startsWith(parent + '/');
}

/** The most severe match for a host path, or undefined when it is not a known sensitive path. */
export function classifyHostPath(path: string): { severity: Severity; why: string } | undefined {
  const p = normalise(path);
  let best: { severity: Severity; why: string } | undefined;
  const consider = (severity: Severity, why: string): void => {
    if (!best || severityRank(severity) > severityRank(best.severity)) best = { severity, why };
  };
  for (const s of SENSITIVE) {
    if (p === s.path || isUnder(s.path, p)) consider(s.severity, p === s.path ? s.why : `a directory containing ${s.path} (${s.why})`);
    else if (s.below && isUnder(p, s.path)) consider(s.below, `inside ${s.path} (${s.why})`);
  }
  return best;
}

/** Containers of the pod that mount volume `name`, and whether all of them mount it read-only. */
function mountsOf(pod: PodSpecRef, name: string): { containers: string[]; readOnly: boolean } {
  const containers: string[] = [];
  let readOnly = true;
  for (const c of containersOf(pod)) {
    const mounts = c.node.entries.get('volumeMounts');
    if (mounts?.kind !== 'seq') continue;
    for (const m of mounts.items) {
      if (m.kind !== 'map') continue;
      const n = m.entries.get('name');
      if (n?.kind !== 'scalar' || String(n.value) !== name) continue;
      containers.push(c.name);
      const ro = m.entries.get('readOnly');
      if (!(ro?.kind === 'scalar' && ro.value === true)) readOnly = false;
    }
  }
  return { containers, readOnly };
}

const rule: KubernetesRule = {
  meta: {
    id: 'LS-K8S-012',
    kind: 'misconfiguration',
    severity: 'HIGH',
    phase: 'deploy',
    title: 'Pod mounts a host path',
    aliases: ['trivy:KSV023'],
    tags: ['security', 'isolation', 'kubernetes', 'pod-security-baseline'],
    remediation: 'Replace the `hostPath` volume with an `emptyDir`, a ConfigMap/Secret, a PersistentVolumeClaim or a CSI driver. Node agents that must read host files should mount the narrowest path, read-only.',
    docs: `A \`hostPath\` volume gives the pod a piece of the node's filesystem. Some pieces are the node: the
container runtime socket lets the pod start a privileged container, \`/var/lib/kubelet\` holds every
pod's Secrets, \`/etc\` holds the node's users and credentials. Host paths also survive the pod and leak
data between workloads scheduled on the same node.

Fires on every \`hostPath\` volume, on its \`path\` line. Severity follows the path (after normalising
\`..\`, \`//\` and trailing slashes; a directory *containing* a sensitive path counts as that path):
- CRITICAL: \`/\`, the Docker/containerd/CRI-O sockets (\`/var/run/docker.sock\`,
  \`/run/containerd/containerd.sock\`, ...), \`/var/lib/kubelet\`, \`/etc\` and \`/etc/kubernetes\`;
- HIGH: \`/proc\`, \`/sys\`, \`/root\`, \`/dev\`, \`/boot\`, \`/var/lib/docker\`, \`/var/lib/containerd\`
  (and paths below most of them);
- MEDIUM for any other path, LOW when every container mounts it \`readOnly: true\`.

\`\`\`yaml
volumes:
  - name: docker
    hostPath:
      path: /var/run/docker.sock     # fires (CRITICAL)
\`\`\`

\`\`\`yaml
volumes:
  - name: cache
    emptyDir: {}                     # ok
\`\`\``,
  },
  check(model): RuleHit[] {
    const hits: RuleHit[] = [];
    for (const pod of podSpecs(model)) {
      const vols = pod.doc.node([...pod.path, 'volumes']);
      if (vols?.kind !== 'seq') continue;
      vols.items.forEach((v) => {
        if (v.kind !== 'map') return;
        const hp = v.entries.get('hostPath');
        if (hp?.kind !== 'map') return;
        const pathNode = hp.entries.get('path');
        if (pathNode?.kind !== 'scalar' || pathNode.value === null) return;
        const path = String(pathNode.value);
        const nameNode = v.entries.get('name');
        const name = nameNode?.kind === 'scalar' ? String(nameNode.value) : '?';
        const mounts = mountsOf(pod, name);
        const sensitive = classifyHostPath(path);
        const severity: Severity = sensitive?.severity ?? (mounts.containers.length > 0 && mounts.readOnly ? 'LOW' : 'MEDIUM');
        const usedBy = mounts.containers.length > 0 ? ` (mounted by ${mounts.containers.join(', ')}${mounts.readOnly ? ', read-only' : ''})` : '';
        const what = sensitive ? `: ${sensitive.why}` : '';
        hits.push(hitOn(pod.doc, pathNode.line, `The pod of ${pod.doc.ref} mounts the host path ${path} as volume "${name}"${usedBy}${what}.`, { severity, details: { hostPath: path, volume: name } }));
      });
    }
    return hits;
  },
};

export default rule;
