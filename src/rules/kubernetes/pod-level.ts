import type { Manifest } from '../../deploy/kubernetes/manifest.js';
import { describe, type ContainerRef, type EffectiveField } from '../../deploy/kubernetes/workloads.js';

/*
 * Shared by the rules that read a securityContext field through `effectiveField`: a value set at pod level is
 * inherited by every container of the pod, so it is reported once, on its own line, and names the pod.
 * Not a rule (index.ts does not list it).
 */

/** Whom a message names: "pod of Kind/name" for a pod-level setting, otherwise the container. */
export function settingOwner(c: ContainerRef, level: EffectiveField['level']): string {
  return level === 'pod' ? `pod of ${c.pod.doc.ref}` : describe(c);
}

/** A fresh test that is true only the first time a (file, line) is asked about, to report a line once per rule run. */
export function oncePerLine(): (doc: Manifest, line: number) => boolean {
  const seen = new Set<string>();
  return (doc, line) => {
    const key = `${doc.path}:${line}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  };
}
