import type { Severity } from '../../findings/severity.js';
import type { RuleHit } from '../../rules/rule.js';
import type { DeployRule } from '../types.js';
import type { KubernetesModel } from './load.js';
import type { Manifest } from './manifest.js';
import type { ContainerRef } from './workloads.js';

/** A Kubernetes rule: one file under src/rules/kubernetes/, listed in that folder's index.ts. */
export type KubernetesRule = DeployRule<KubernetesModel>;

export interface HitExtra {
  severity?: Severity;
  container?: ContainerRef;
  details?: Record<string, unknown>;
}

/**
 * A hit on an object. `details.document` (0-based YAML document in the file) and `details.item`
 * (0-based index in a List) let the scanner find the object again for annotation suppressions.
 */
export function hitOn(doc: Manifest, line: number, message: string, extra: HitExtra = {}): RuleHit {
  const details: Record<string, unknown> = { object: doc.ref, kind: doc.kind, name: doc.name, document: doc.document };
  if (doc.namespace !== undefined) details.namespace = doc.namespace;
  if (doc.item !== undefined) details.item = doc.item;
  if (extra.container) details.container = extra.container.name;
  Object.assign(details, extra.details);
  const h: RuleHit = { path: doc.path, line, message, details };
  if (extra.severity) h.severity = extra.severity;
  return h;
}
