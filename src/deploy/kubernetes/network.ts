import type { KubernetesModel } from './load.js';
import type { Manifest } from './manifest.js';
import { isEmptySelector, selectorMatches, toSelector, type LabelSelector } from './selectors.js';

/** NetworkPolicies of the scanned set, by namespace. */
export function networkPoliciesByNamespace(model: KubernetesModel): Map<string, Manifest[]> {
  const out = new Map<string, Manifest[]>();
  for (const d of model.docs) {
    if (d.kind !== 'NetworkPolicy') continue;
    const ns = d.namespace ?? 'default';
    const list = out.get(ns) ?? [];
    list.push(d);
    out.set(ns, list);
  }
  return out;
}

/**
 * True when the policy restricts ingress for the pods it selects. `policyTypes` defaults to
 * `[Ingress]` (plus Egress when egress rules exist), so a policy without it isolates ingress.
 */
export function isolatesIngress(np: Manifest): boolean {
  const types = np.get(['spec', 'policyTypes']);
  if (!Array.isArray(types)) return true;
  return types.map(String).includes('Ingress');
}

/** `podSelector: {}`, isolating ingress, with no ingress rule: every pod of the namespace denies all ingress by default. */
export function isDefaultDenyIngress(np: Manifest): boolean {
  if (!isEmptySelector(np.get(['spec', 'podSelector']))) return false;
  if (!isolatesIngress(np)) return false;
  const ingress = np.get(['spec', 'ingress']);
  return ingress === undefined || ingress === null || (Array.isArray(ingress) && ingress.length === 0);
}

export interface IngressPolicy {
  np: Manifest;
  /** Undefined when `podSelector` is not a selector (selects nothing). */
  selector: LabelSelector | undefined;
}

/** Policies that isolate ingress, by namespace, with their pod selectors parsed once. */
export function ingressPoliciesByNamespace(model: KubernetesModel): Map<string, IngressPolicy[]> {
  const out = new Map<string, IngressPolicy[]>();
  for (const [ns, list] of networkPoliciesByNamespace(model)) {
    out.set(ns, list.filter(isolatesIngress).map((np) => ({ np, selector: toSelector(np.get(['spec', 'podSelector'])) })));
  }
  return out;
}

/** True when the policy selects a pod with these labels (same namespace assumed). */
export function selectsPod(p: IngressPolicy, labels: Record<string, string>): boolean {
  return p.selector !== undefined && selectorMatches(p.selector, labels);
}
