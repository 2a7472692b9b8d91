import type { KubernetesModel } from './load.js';
import type { Manifest } from './manifest.js';
import { isEmptySelector, selectorMatches, toSelector } from './selectors.js';

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

/** True when `np` selects a pod with these labels (same namespace assumed). */
export function selectsPod(np: Manifest, labels: Record<string, string>): boolean {
  const sel = toSelector(np.get(['spec', 'podSelector']));
  return sel !== undefined && selectorMatches(sel, labels);
}
