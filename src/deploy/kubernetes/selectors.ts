/**
 * Kubernetes label selectors (`matchLabels` + `matchExpressions`), as NetworkPolicies, Services
 * and workloads use them. An empty selector selects everything; an operator this code does not
 * know selects nothing (fail closed: the pod then counts as not covered by the policy).
 */
export interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: Array<{ key: string; operator: string; values?: string[] }>;
}

export function isEmptySelector(sel: unknown): boolean {
  if (sel === undefined || sel === null) return true;
  if (typeof sel !== 'object') return false;
  const s = sel as Record<string, unknown>;
  const ml = s.matchLabels;
  const me = s.matchExpressions;
  const noLabels = ml === undefined || ml === null || (typeof ml === 'object' && Object.keys(ml).length === 0);
  const noExprs = me === undefined || me === null || (Array.isArray(me) && me.length === 0);
  return noLabels && noExprs;
}

/** Normalises a plain YAML value into a selector; undefined when it is not one. */
export function toSelector(value: unknown): LabelSelector | undefined {
  if (value === undefined || value === null) return {};
  if (typeof value !== 'object' || Array.isArray(value)) return undefined;
  const v = value as Record<string, unknown>;
  const out: LabelSelector = {};
  if (v.matchLabels && typeof v.matchLabels === 'object') {
    out.matchLabels = {};
    for (const [k, val] of Object.entries(v.matchLabels as Record<string, unknown>)) out.matchLabels[k] = String(val);
  }
  if (Array.isArray(v.matchExpressions)) {
    out.matchExpressions = [];
    for (const e of v.matchExpressions as unknown[]) {
      if (!e || typeof e !== 'object') continue;
      const x = e as Record<string, unknown>;
      out.matchExpressions.push({
        key: String(x.key ?? ''),
        operator: String(x.operator ?? ''),
        values: Array.isArray(x.values) ? x.values.map(String) : undefined,
      });
    }
  }
  return out;
}

export function selectorMatches(sel: LabelSelector, labels: Record<string, string>): boolean {
  for (const [k, v] of Object.entries(sel.matchLabels ?? {})) if (labels[k] !== v) return false;
  for (const e of sel.matchExpressions ?? []) {
    const has = Object.prototype.hasOwnProperty.call(labels, e.key);
    const values = e.values ?? [];
    switch (e.operator) {
      case 'In':
        if (!has || !values.includes(labels[e.key]!)) return false;
        break;
      case 'NotIn':
        if (has && values.includes(labels[e.key]!)) return false;
        break;
      case 'Exists':
        if (!has) return false;
        break;
      case 'DoesNotExist':
        if (has) return false;
        break;
      default:
        return false;
    }
  }
  return true;
}
