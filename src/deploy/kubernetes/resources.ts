import type { Severity } from '../../findings/severity.js';
import type { RuleHit } from '../../rules/rule.js';
import type { KubernetesModel } from './load.js';
import { hitOn } from './rule-kit.js';
import { allContainers, describe } from './workloads.js';

/** Per namespace: whether a LimitRange gives containers a default request/limit for the resource. */
function limitRangeDefaults(model: KubernetesModel, resource: string): Map<string, { request: boolean; limit: boolean }> {
  const out = new Map<string, { request: boolean; limit: boolean }>();
  for (const d of model.docs) {
    if (d.kind !== 'LimitRange') continue;
    const limits = d.get(['spec', 'limits']);
    if (!Array.isArray(limits)) continue;
    const ns = d.namespace ?? 'default';
    const cur = out.get(ns) ?? { request: false, limit: false };
    for (const l of limits) {
      if (!l || typeof l !== 'object') continue;
      const item = l as Record<string, Record<string, unknown> | undefined>;
      if (String(item.type) !== 'Container') continue;
      // A default limit also becomes the default request when defaultRequest is not given.
      if (item.default && item.default[resource] !== undefined) cur.limit = cur.request = true;
      if (item.defaultRequest && item.defaultRequest[resource] !== undefined) cur.request = true;
    }
    out.set(ns, cur);
  }
  return out;
}

/**
 * Missing requests/limits for one resource (`cpu` or `memory`), shared by the CPU and memory rules.
 * Kubernetes copies a limit into the request when only the limit is set, so that case passes.
 */
export function resourceHits(model: KubernetesModel, resource: 'cpu' | 'memory', severities: { none: Severity; noLimit: Severity }): RuleHit[] {
  const hits: RuleHit[] = [];
  const defaults = limitRangeDefaults(model, resource);
  const label = resource === 'cpu' ? 'CPU' : 'memory';
  // Ephemeral containers cannot have resources.
  for (const c of allContainers(model, ['container', 'initContainer'])) {
    const doc = c.pod.doc;
    const d = defaults.get(doc.namespace ?? 'default') ?? { request: false, limit: false };
    const req = doc.at([...c.path, 'resources', 'requests', resource]);
    const lim = doc.at([...c.path, 'resources', 'limits', resource]);
    const hasLimit = (lim.found && lim.value !== null) || d.limit;
    const hasRequest = (req.found && req.value !== null) || hasLimit || d.request;
    if (hasLimit && hasRequest) continue;
    if (!hasRequest) {
      hits.push(hitOn(doc, lim.line, `The ${describe(c)} sets no ${label} request or limit.`, { severity: severities.none, container: c }));
    } else {
      hits.push(hitOn(doc, lim.line, `The ${describe(c)} sets a ${label} request but no ${label} limit.`, { severity: severities.noLimit, container: c }));
    }
  }
  return hits;
}
