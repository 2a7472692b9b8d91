import type { KubernetesModel } from './load.js';
import type { Manifest } from './manifest.js';
import type { KMap, Located, Path } from './node.js';

/**
 * Where each workload kind keeps its pod spec. One table, so every rule sees the same workloads:
 * a CronJob's pods are two templates deep, an OpenShift DeploymentConfig's are where a
 * Deployment's are.
 */
const POD_SPEC_PATHS: Record<string, Path> = {
  Pod: ['spec'],
  PodTemplate: ['template', 'spec'],
  Deployment: ['spec', 'template', 'spec'],
  StatefulSet: ['spec', 'template', 'spec'],
  DaemonSet: ['spec', 'template', 'spec'],
  ReplicaSet: ['spec', 'template', 'spec'],
  ReplicationController: ['spec', 'template', 'spec'],
  DeploymentConfig: ['spec', 'template', 'spec'],
  Job: ['spec', 'template', 'spec'],
  CronJob: ['spec', 'jobTemplate', 'spec', 'template', 'spec'],
};

export const WORKLOAD_KINDS: ReadonlySet<string> = new Set(Object.keys(POD_SPEC_PATHS));

export interface PodSpecRef {
  doc: Manifest;
  /** Path of the pod spec (`spec.template.spec` for a Deployment). */
  path: Path;
  /** Path of the metadata that goes with the pod (pod template's, or the Pod's own). */
  metaPath: Path;
  /** The pod spec mapping; undefined when the workload has none (an invalid object). */
  node: KMap | undefined;
  /** Pods that run to completion (Job, CronJob, Pods with restartPolicy Never/OnFailure). */
  runsToCompletion: boolean;
  /** `spec.os.name: windows`: Linux-only settings (seccomp, capabilities...) do not apply. */
  windows: boolean;
}

export type ContainerKind = 'container' | 'initContainer' | 'ephemeralContainer';

export interface ContainerRef {
  pod: PodSpecRef;
  kind: ContainerKind;
  index: number;
  path: Path;
  node: KMap;
  name: string;
  /** Line of the container's first field (the `- name:` line). */
  line: number;
  image: string | undefined;
}

const CONTAINER_LISTS: ReadonlyArray<[string, ContainerKind]> = [
  ['containers', 'container'],
  ['initContainers', 'initContainer'],
  ['ephemeralContainers', 'ephemeralContainer'],
];

/** The pod spec of a workload object, or undefined for other kinds. */
export function podSpecOf(doc: Manifest): PodSpecRef | undefined {
  const path = POD_SPEC_PATHS[doc.kind];
  if (!path) return undefined;
  const n = doc.node(path);
  const node = n?.kind === 'map' ? n : undefined;
  const metaPath = doc.kind === 'Pod' ? ['metadata'] : [...path.slice(0, -1), 'metadata'];
  const restart = doc.get([...path, 'restartPolicy']);
  const runsToCompletion = doc.kind === 'Job' || doc.kind === 'CronJob' || restart === 'Never' || restart === 'OnFailure';
  const windows = String(doc.get([...path, 'os', 'name']) ?? '').toLowerCase() === 'windows';
  return { doc, path, metaPath, node, runsToCompletion, windows };
}

// Every container rule walks the same pods; computing them once per model keeps 20 rules cheap.
const podCache = new WeakMap<KubernetesModel, PodSpecRef[]>();
const containerCache = new WeakMap<PodSpecRef, ContainerRef[]>();

export function podSpecs(model: KubernetesModel): PodSpecRef[] {
  const cached = podCache.get(model);
  if (cached) return cached;
  const out: PodSpecRef[] = [];
  for (const doc of model.docs) {
    const p = podSpecOf(doc);
    if (p) out.push(p);
  }
  podCache.set(model, out);
  return out;
}

/** Containers, init containers and ephemeral containers of a pod, in that order. */
export function containersOf(pod: PodSpecRef, kinds: ReadonlyArray<ContainerKind> = ['container', 'initContainer', 'ephemeralContainer']): ContainerRef[] {
  let all = containerCache.get(pod);
  if (!all) {
    all = collectContainers(pod);
    containerCache.set(pod, all);
  }
  return kinds.length === 3 ? all : all.filter((c) => kinds.includes(c.kind));
}

function collectContainers(pod: PodSpecRef): ContainerRef[] {
  const out: ContainerRef[] = [];
  if (!pod.node) return out;
  for (const [field, kind] of CONTAINER_LISTS) {
    const list = pod.node.entries.get(field);
    if (list?.kind !== 'seq') continue;
    list.items.forEach((item, index) => {
      if (item.kind !== 'map') return;
      const name = item.entries.get('name');
      const image = item.entries.get('image');
      out.push({
        pod,
        kind,
        index,
        path: [...pod.path, field, index],
        node: item,
        name: name?.kind === 'scalar' && name.value !== null ? String(name.value) : `#${index}`,
        line: item.line,
        image: image?.kind === 'scalar' && image.value !== null ? String(image.value) : undefined,
      });
    });
  }
  return out;
}

export function allContainers(model: KubernetesModel, kinds?: ReadonlyArray<ContainerKind>): ContainerRef[] {
  return podSpecs(model).flatMap((p) => containersOf(p, kinds));
}

/** `container "web" (init container) of Deployment/shop` for messages. */
export function describe(c: ContainerRef): string {
  const what = c.kind === 'container' ? 'container' : c.kind === 'initContainer' ? 'init container' : 'ephemeral container';
  return `${what} "${c.name}" of ${c.pod.doc.ref}`;
}

export interface EffectiveField extends Located {
  /** Where the value came from. */
  level: 'container' | 'pod' | 'none';
}

/**
 * A security-context field that exists at both levels (runAsNonRoot, runAsUser, seccompProfile,
 * seLinuxOptions, appArmorProfile...): the container's value wins, else the pod's. When neither
 * sets it, `line` points at the container's `securityContext` (or the container itself).
 */
export function effectiveField(c: ContainerRef, field: string): EffectiveField {
  const doc = c.pod.doc;
  const own = doc.at([...c.path, 'securityContext', field]);
  if (own.found && own.value !== null) return { ...own, level: 'container' };
  const pod = doc.at([...c.pod.path, 'securityContext', field]);
  if (pod.found && pod.value !== null) return { ...pod, level: 'pod' };
  return { found: false, value: undefined, line: own.line, level: 'none' };
}

/** A container-only security-context field (privileged, capabilities, readOnlyRootFilesystem...). */
export function containerField(c: ContainerRef, path: Path): Located {
  return c.pod.doc.at([...c.path, 'securityContext', ...path]);
}
