import type { Finding, Target } from '../../findings/types.js';
import { kubernetesRules } from '../../rules/kubernetes/index.js';
import { toFinding } from '../../scan/to-finding.js';
import type { DeployInputFile, DeployOptions, DeployScanResult, DeployScanner } from '../types.js';
import { loadManifests, type KubernetesModel, type LoadOptions } from './load.js';
import { applyKubernetesSuppressions } from './suppress.js';
import type { KubernetesRule } from './rule-kit.js';

export { loadManifests, loadText, MAX_FILE_BYTES, type KubernetesModel, type LoadedFile } from './load.js';
export type { Manifest } from './manifest.js';
export type { KubernetesRule } from './rule-kit.js';
export { IGNORE_ANNOTATION } from './suppress.js';

const EXTENSION = /\.(?:ya?ml|json)$/i;
const YAML_API_VERSION = /^[ \t]*(?:-[ \t]+)?["']?apiVersion["']?[ \t]*:/m;
const YAML_KIND = /^[ \t]*(?:-[ \t]+)?["']?kind["']?[ \t]*:/m;
const JSON_API_VERSION = /"apiVersion"\s*:/;
const JSON_KIND = /"kind"\s*:/;

/**
 * A file is a Kubernetes manifest when it is YAML/JSON and its first bytes name an `apiVersion`
 * and a `kind`. Compose files, CI configs and Helm values have neither pair; a Helm template starts
 * like a manifest and is claimed (and reported as a template).
 */
export function claimsKubernetes(path: string, head: string): boolean {
  if (!EXTENSION.test(path)) return false;
  if (/\.json$/i.test(path)) return JSON_API_VERSION.test(head) && JSON_KIND.test(head);
  return YAML_API_VERSION.test(head) && YAML_KIND.test(head);
}

export interface KubernetesScanOptions extends LoadOptions {
  /** Rules to run instead of all of them (tests). */
  rules?: readonly KubernetesRule[];
}

/** Scans the files together: cross-file rules (NetworkPolicies, ServiceAccounts, LimitRanges) see all of them. */
export function scanKubernetes(files: DeployInputFile[], options: DeployOptions, scanOptions: KubernetesScanOptions = {}): DeployScanResult {
  const warnings: string[] = [];
  const model: KubernetesModel = loadManifests(files, scanOptions);
  const findings: Finding[] = [];
  for (const rule of scanOptions.rules ?? kubernetesRules) {
    try {
      for (const hit of rule.check(model, options)) findings.push(toFinding(rule.meta, hit, hit.path ?? ''));
    } catch (e) {
      // One broken rule must not hide the findings of all others.
      warnings.push(`rule ${rule.meta.id} failed on the Kubernetes manifests: ${(e as Error).message}`);
    }
  }
  applyKubernetesSuppressions(model, findings);

  const byPath = new Map<string, Finding[]>();
  for (const f of findings) {
    const list = byPath.get(f.location.path) ?? [];
    list.push(f);
    byPath.set(f.location.path, list);
  }
  const targets: Target[] = model.files.map((file) => {
    const list = (byPath.get(file.path) ?? []).sort((a, b) => (a.location.line ?? 0) - (b.location.line ?? 0) || (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0));
    const kinds = [...new Set(file.docs.map((d) => d.kind))].sort();
    return {
      kind: 'kubernetes',
      name: file.path,
      findings: list,
      metadata: { documents: file.documents, objects: file.docs.length, kinds, ...(file.template ? { template: true } : {}) },
    };
  });
  return { targets, warnings };
}

export const kubernetesScanner: DeployScanner = {
  kind: 'kubernetes',
  claims: claimsKubernetes,
  scan: (files, options) => scanKubernetes(files, options),
  rules: kubernetesRules.map((r) => r.meta),
};
