import { at, nodeAt, plain, type KMap, type KNode, type Located, type Path } from './node.js';

/** Kinds that live outside namespaces: their `metadata.namespace` means nothing. */
const CLUSTER_SCOPED = new Set([
  'Namespace', 'Node', 'PersistentVolume', 'ClusterRole', 'ClusterRoleBinding', 'StorageClass',
  'CustomResourceDefinition', 'PriorityClass', 'RuntimeClass', 'IngressClass', 'PodSecurityPolicy',
  'ValidatingWebhookConfiguration', 'MutatingWebhookConfiguration', 'APIService', 'CSIDriver',
  'ValidatingAdmissionPolicy', 'ValidatingAdmissionPolicyBinding',
]);

/**
 * One Kubernetes object from a file: a YAML/JSON document, or one item of a `List`.
 * All lookups go through `at`, which answers with a line even for missing fields.
 */
export class Manifest {
  readonly apiVersion: string;
  readonly kind: string;
  readonly name: string;
  /** `metadata.namespace` as written; undefined when unset (see `namespace`). */
  readonly declaredNamespace: string | undefined;

  constructor(
    /** Display path of the file. */
    readonly path: string,
    /** 0-based index of the YAML document in the file. */
    readonly document: number,
    /** 0-based index in the `items` of a `List` document, when it came from one. */
    readonly item: number | undefined,
    readonly root: KMap,
  ) {
    this.apiVersion = str(root.entries.get('apiVersion'));
    this.kind = str(root.entries.get('kind'));
    const meta = root.entries.get('metadata');
    const m = meta?.kind === 'map' ? meta : undefined;
    this.name = str(m?.entries.get('name')) || str(m?.entries.get('generateName')) || '(unnamed)';
    const ns = str(m?.entries.get('namespace'));
    this.declaredNamespace = ns === '' ? undefined : ns;
  }

  /** Namespace the object lands in when applied without `-n`; undefined for cluster-scoped kinds. */
  get namespace(): string | undefined {
    if (CLUSTER_SCOPED.has(this.kind)) return undefined;
    return this.declaredNamespace ?? 'default';
  }

  /** First line of the object. */
  get line(): number {
    return this.root.line;
  }

  /** `Deployment/web` (with the namespace when one was written: `Deployment/shop/web`). */
  get ref(): string {
    return this.declaredNamespace ? `${this.kind}/${this.declaredNamespace}/${this.name}` : `${this.kind}/${this.name}`;
  }

  at(path: Path): Located {
    return at(this.root, path);
  }

  node(path: Path): KNode | undefined {
    return nodeAt(this.root, path);
  }

  /** The plain value at `path`, or undefined. */
  get(path: Path): unknown {
    const n = nodeAt(this.root, path);
    return n ? plain(n) : undefined;
  }

  /** Line of the value at `path`, or of its nearest existing parent. */
  lineOf(path: Path): number {
    return at(this.root, path).line;
  }

  /** `metadata.annotations` (string values only). */
  annotations(metaPath: Path = ['metadata']): Record<string, string> {
    return stringMap(this.node([...metaPath, 'annotations']));
  }

  labels(metaPath: Path = ['metadata']): Record<string, string> {
    return stringMap(this.node([...metaPath, 'labels']));
  }
}

function str(n: KNode | undefined): string {
  return n?.kind === 'scalar' && n.value !== null ? String(n.value) : '';
}

/** A string-to-string map (labels, annotations); non-scalar values are skipped. */
export function stringMap(n: KNode | undefined): Record<string, string> {
  const out: Record<string, string> = Object.create(null) as Record<string, string>;
  if (n?.kind !== 'map') return out;
  for (const [k, v] of n.entries) if (v.kind === 'scalar' && v.value !== null) out[k] = String(v.value);
  return out;
}
