import type { KubernetesModel } from './load.js';
import type { Manifest } from './manifest.js';
import type { KNode, Path } from './node.js';

export interface ListItem {
  value: string;
  line: number;
}

/** One entry of a Role's or ClusterRole's `rules`, with the line of every list item. */
export interface PolicyRule {
  doc: Manifest;
  clusterWide: boolean;
  path: Path;
  line: number;
  apiGroups: ListItem[];
  resources: ListItem[];
  verbs: ListItem[];
  resourceNames: ListItem[];
}

function items(n: KNode | undefined): ListItem[] {
  if (n?.kind !== 'seq') return [];
  const out: ListItem[] = [];
  for (const i of n.items) if (i.kind === 'scalar' && i.value !== null) out.push({ value: String(i.value), line: i.line });
  return out;
}

export function policyRules(model: KubernetesModel): PolicyRule[] {
  const out: PolicyRule[] = [];
  for (const doc of model.docs) {
    if (doc.kind !== 'Role' && doc.kind !== 'ClusterRole') continue;
    const rules = doc.node(['rules']);
    if (rules?.kind !== 'seq') continue;
    rules.items.forEach((r, i) => {
      if (r.kind !== 'map') return;
      out.push({
        doc,
        clusterWide: doc.kind === 'ClusterRole',
        path: ['rules', i],
        line: r.line,
        apiGroups: items(r.entries.get('apiGroups')),
        resources: items(r.entries.get('resources')),
        verbs: items(r.entries.get('verbs')),
        resourceNames: items(r.entries.get('resourceNames')),
      });
    });
  }
  return out;
}

/** Items of `list` equal to one of `values` (case-sensitive, as the API server compares). */
export function find(list: ListItem[], values: readonly string[]): ListItem[] {
  return list.filter((i) => values.includes(i.value));
}

/** True when the rule applies to the API group (`''` is the core group; `*` matches all). */
export function inGroup(rule: PolicyRule, ...groups: string[]): boolean {
  return rule.apiGroups.some((g) => g.value === '*' || groups.includes(g.value));
}
