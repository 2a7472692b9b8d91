import type { DeployInputFile } from '../types.js';

/**
 * Deterministic Kubernetes manifests for throughput measurements (`npm run bench` reports
 * manifests/second on `generateManifests(10_000, seed)`). The mix resembles a rendered
 * application repository: mostly workloads with Services and ConfigMaps, some RBAC, policies,
 * Secrets and CronJobs, hardened and sloppy variants, multi-document files and a few `List`s.
 */

type Rng = () => number;

function xorshift(seed: number): Rng {
  let x = seed | 0 || 0x9e3779b9;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 0x100000000;
  };
}

const pick = <T>(rng: Rng, list: readonly T[]): T => list[Math.floor(rng() * list.length)]!;

const APPS = ['web', 'api', 'worker', 'cart', 'search', 'auth', 'billing', 'mailer', 'gateway', 'report'];
const TEAMS = ['shop', 'payments', 'platform', 'data', 'identity'];
const IMAGES = ['nginx:1.27.3', 'ghcr.io/acme/api:2.4.1', 'node:20', 'postgres:16.4', 'redis', 'python:3.12-slim', 'ghcr.io/acme/worker:latest', 'registry.acme.io/base/app:1.0.0@sha256:' + 'a'.repeat(64)];

function indent(text: string, spaces: number): string {
  const pad = ' '.repeat(spaces);
  return text.split('\n').map((l) => (l ? pad + l : l)).join('\n');
}

function container(rng: Rng, name: string, hardened: boolean): string {
  const sc = hardened
    ? `securityContext:
  runAsNonRoot: true
  runAsUser: 10001
  allowPrivilegeEscalation: false
  readOnlyRootFilesystem: true
  capabilities:
    drop: [ALL]
  seccompProfile:
    type: RuntimeDefault`
    : pick(rng, ['securityContext: {}', 'securityContext:\n  privileged: true', 'securityContext:\n  capabilities:\n    add: [NET_ADMIN, SYS_PTRACE]', '']);
  const env = rng() < 0.3
    ? `env:
  - name: LOG_LEVEL
    value: info
  - name: DB_PASSWORD
    ${rng() < 0.5 ? 'valueFrom:\n      secretKeyRef: {name: db, key: password}' : `value: "pw-${Math.floor(rng() * 1e9).toString(36)}X"`}`
    : '';
  const resources = rng() < 0.7 ? `resources:
  requests: {cpu: 100m, memory: 128Mi}
  limits: {cpu: 500m, memory: 256Mi}` : '';
  const probes = rng() < 0.6 ? `readinessProbe:
  httpGet: {path: /ready, port: 8080}
livenessProbe:
  httpGet: {path: /healthz, port: 8080}` : '';
  return `- name: ${name}
  image: ${pick(rng, IMAGES)}
  ports:
    - containerPort: 8080${rng() < 0.05 ? '\n      hostPort: 8080' : ''}
${indent([sc, env, resources, probes].filter(Boolean).join('\n'), 2)}`;
}

function workload(rng: Rng, kind: string, app: string, ns: string): string {
  const hardened = rng() < 0.4;
  const podSpec = `${hardened ? 'automountServiceAccountToken: false\nserviceAccountName: ' + app + '\n' : ''}${rng() < 0.05 ? 'hostNetwork: true\n' : ''}containers:
${indent(container(rng, app, hardened), 2)}${rng() < 0.2 ? '\n' + indent(container(rng, 'sidecar', hardened), 2) : ''}${rng() < 0.1 ? `
volumes:
  - name: host
    hostPath:
      path: ${pick(rng, ['/var/run/docker.sock', '/etc', '/var/log', '/data'])}` : ''}`;
  const template = `metadata:
  labels:
    app: ${app}
    team: ${ns}
spec:
${indent(podSpec, 2)}`;
  const head = `apiVersion: ${kind === 'CronJob' || kind === 'Job' ? 'batch/v1' : 'apps/v1'}
kind: ${kind}
metadata:
  name: ${app}
  namespace: ${ns}
  labels: {app: ${app}}`;
  if (kind === 'CronJob') {
    return `${head}
spec:
  schedule: "*/15 * * * *"
  jobTemplate:
    spec:
      template:
${indent(template.replace('spec:\n', 'spec:\n  restartPolicy: OnFailure\n'), 8)}`;
  }
  if (kind === 'Job') return `${head}\nspec:\n  template:\n${indent(template.replace('spec:\n', 'spec:\n  restartPolicy: Never\n'), 4)}`;
  const selector = kind === 'DaemonSet' ? '' : `  replicas: ${1 + Math.floor(rng() * 4)}\n`;
  return `${head}\nspec:\n${selector}  selector:\n    matchLabels: {app: ${app}}\n  template:\n${indent(template, 4)}`;
}

function other(rng: Rng, kind: string, app: string, ns: string): string {
  switch (kind) {
    case 'Service':
      return `apiVersion: v1\nkind: Service\nmetadata: {name: ${app}, namespace: ${ns}}\nspec:\n  type: ${pick(rng, ['ClusterIP', 'ClusterIP', 'NodePort', 'LoadBalancer'])}\n  selector: {app: ${app}}\n  ports:\n    - port: 80\n      targetPort: 8080`;
    case 'ConfigMap':
      return `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: ${app}-config, namespace: ${ns}}\ndata:\n  LOG_LEVEL: info\n  DB_HOST: postgres.${ns}.svc\n  application.properties: |\n    server.port=8080\n    spring.datasource.url=jdbc:postgresql://db/${app}\n${rng() < 0.2 ? `    spring.datasource.password=${Math.floor(rng() * 1e12).toString(36)}Qx9!` : '    feature.flags=a,b'}`;
    case 'Secret':
      return `apiVersion: v1\nkind: Secret\nmetadata: {name: ${app}-db, namespace: ${ns}}\ntype: Opaque\ndata:\n  password: ${Buffer.from(`pw-${Math.floor(rng() * 1e9)}`).toString('base64')}`;
    case 'NetworkPolicy':
      return rng() < 0.5
        ? `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: default-deny, namespace: ${ns}}\nspec:\n  podSelector: {}\n  policyTypes: [Ingress]`
        : `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: ${app}, namespace: ${ns}}\nspec:\n  podSelector:\n    matchExpressions:\n      - {key: app, operator: In, values: [${app}, ${pick(rng, APPS)}]}\n  ingress:\n    - from:\n        - podSelector: {matchLabels: {app: gateway}}`;
    case 'Role':
      return `apiVersion: rbac.authorization.k8s.io/v1\nkind: ${rng() < 0.3 ? 'ClusterRole' : 'Role'}\nmetadata: {name: ${app}, namespace: ${ns}}\nrules:\n  - apiGroups: [""]\n    resources: [${pick(rng, ['configmaps', 'secrets', '"*"', 'pods/exec', 'pods'])}]\n    verbs: [${pick(rng, ['get, list', '"*"', 'create', 'get, list, watch'])}]`;
    case 'RoleBinding':
      return `apiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata: {name: ${app}, namespace: ${ns}}\nroleRef:\n  apiGroup: rbac.authorization.k8s.io\n  kind: ${rng() < 0.1 ? 'ClusterRole\n  name: cluster-admin' : `Role\n  name: ${app}`}\nsubjects:\n  - kind: ServiceAccount\n    name: ${app}\n    namespace: ${ns}`;
    case 'ServiceAccount':
      return `apiVersion: v1\nkind: ServiceAccount\nmetadata: {name: ${app}, namespace: ${ns}}\nautomountServiceAccountToken: false`;
    case 'Namespace':
      return `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ${ns}\n  labels:\n    pod-security.kubernetes.io/enforce: ${pick(rng, ['restricted', 'baseline', 'privileged'])}`;
    default:
      return `apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata: {name: ${app}, namespace: ${ns}}\nspec:\n  rules:\n    - host: ${app}.example.com\n      http:\n        paths:\n          - path: /\n            pathType: Prefix\n            backend:\n              service: {name: ${app}, port: {number: 80}}`;
  }
}

const KINDS: ReadonlyArray<[string, number]> = [
  ['Deployment', 30], ['StatefulSet', 5], ['DaemonSet', 3], ['Job', 3], ['CronJob', 4], ['Service', 20], ['ConfigMap', 12],
  ['Secret', 4], ['NetworkPolicy', 6], ['Role', 4], ['RoleBinding', 3], ['ServiceAccount', 4], ['Namespace', 1], ['Ingress', 1],
];
const TOTAL = KINDS.reduce((s, [, w]) => s + w, 0);

function pickKind(rng: Rng): string {
  let r = rng() * TOTAL;
  for (const [k, w] of KINDS) {
    r -= w;
    if (r < 0) return k;
  }
  return 'Deployment';
}

/** One manifest document (YAML text, no `---`). */
export function generateManifest(rng: Rng, i: number): string {
  const kind = pickKind(rng);
  const app = `${pick(rng, APPS)}-${i}`;
  const ns = pick(rng, TEAMS);
  return ['Deployment', 'StatefulSet', 'DaemonSet', 'Job', 'CronJob'].includes(kind) ? workload(rng, kind, app, ns) : other(rng, kind, app, ns);
}

/**
 * `n` objects (documents, or `List` items) spread over files of 1 to 6 documents (`---`-separated), about one file in
 * forty being a `kind: List` instead. The same `(n, seed)` always gives the same files.
 */
export function generateManifests(n: number, seed = 1): DeployInputFile[] {
  const rng = xorshift(seed);
  const files: DeployInputFile[] = [];
  let made = 0;
  while (made < n) {
    const count = Math.min(n - made, 1 + Math.floor(rng() * 6));
    const docs: string[] = [];
    for (let j = 0; j < count; j++) docs.push(generateManifest(rng, made + j));
    made += count;
    const asList = count > 1 && rng() < 0.025;
    const text = asList
      ? `apiVersion: v1\nkind: List\nitems:\n${docs.map((d) => indent(d, 2).replace(/^ {2}/, '- ')).join('\n')}\n`
      : docs.join('\n---\n') + '\n';
    files.push({ path: `manifests/f${files.length}.yaml`, text });
  }
  return files;
}
