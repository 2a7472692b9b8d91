import type { Finding } from '../../findings/types.js';
import type { KubernetesModel, LoadedFile } from './load.js';
import type { Manifest } from './manifest.js';
import type { Path } from './node.js';
import { podSpecOf } from './workloads.js';

/** Annotation that suppresses rules for one object: `leftshift.dev/ignore: "LS-K8S-012,KSV014"`. */
export const IGNORE_ANNOTATION = 'leftshift.dev/ignore';
/** Optional companion annotation with the reason, shown in reports. */
export const IGNORE_REASON_ANNOTATION = 'leftshift.dev/ignore-reason';

const COMMENT_RE = /#\s*leftshift:ignore[=\s]\s*([A-Za-z0-9_:.\-]+(?:\s*,\s*[A-Za-z0-9_:.\-]+)*)(?:\s+(.*))?$/;

interface Suppression {
  ids: Set<string>;
  reason: string;
  source: string;
}

function parseIds(text: string): Set<string> {
  return new Set(text.split(/[,\s]+/).filter(Boolean).map((s) => s.toUpperCase()));
}

/**
 * `# leftshift:ignore=ID[,ID] reason` on the line(s) directly above the finding's line (several
 * comment lines may stack), or at the end of the finding's line itself.
 */
export function commentSuppressions(file: LoadedFile, line: number): Suppression[] {
  const out: Suppression[] = [];
  const add = (text: string, at: number): void => {
    const m = COMMENT_RE.exec(text);
    if (m) out.push({ ids: parseIds(m[1]!), reason: (m[2] ?? '').trim(), source: `${file.path}:${at}` });
  };
  const own = file.lines[line - 1];
  if (own !== undefined && / #/.test(own)) add(own.slice(own.indexOf(' #') + 1), line);
  for (let l = line - 2; l >= 0; l--) {
    const t = (file.lines[l] ?? '').trim();
    if (!t.startsWith('#')) break;
    add(t, l + 1);
  }
  return out;
}

/** The annotation on the object, or on its pod template (where Helm charts let users add annotations). */
function annotationSuppressions(doc: Manifest): Suppression[] {
  const out: Suppression[] = [];
  const podMeta = podSpecOf(doc)?.metaPath;
  const metas: Path[] = podMeta && podMeta.join('.') !== 'metadata' ? [['metadata'], podMeta] : [['metadata']];
  for (const meta of metas) {
    const ann = doc.annotations(meta);
    const ids = ann[IGNORE_ANNOTATION];
    if (ids === undefined) continue;
    const line = doc.lineOf([...meta, 'annotations', IGNORE_ANNOTATION]);
    out.push({ ids: parseIds(ids), reason: (ann[IGNORE_REASON_ANNOTATION] ?? `annotation ${IGNORE_ANNOTATION} on ${doc.ref}`).trim(), source: `${doc.path}:${line}` });
  }
  return out;
}

function findingIds(f: Finding): Set<string> {
  return new Set([f.ruleId, ...f.aliases, ...f.aliases.map((a) => a.slice(a.indexOf(':') + 1))].map((s) => s.toUpperCase()));
}


/** Marks findings suppressed by inline comments or by the object annotation. Mutates `findings`. */
export function applyKubernetesSuppressions(model: KubernetesModel, findings: Finding[]): void {
  const files = new Map(model.files.map((f) => [f.path, f]));
  const docs = new Map<string, Manifest>();
  for (const d of model.docs) docs.set(`${d.path}\0${d.document}\0${d.item ?? ''}`, d);
  // Objects carry many findings; read each one's annotations once.
  const byDoc = new Map<Manifest, Suppression[]>();
  // Most files have no suppressions at all: skip the per-finding work for them.
  const withComments = new Set(model.files.filter((f) => f.lines.some((l) => l.includes('leftshift:ignore'))).map((f) => f.path));
  for (const f of findings) {
    if (f.suppressed) continue;
    let ids: Set<string> | undefined;
    const matches = (s: Suppression): boolean => {
      ids ??= findingIds(f);
      return s.ids.has('ALL') || [...s.ids].some((id) => ids!.has(id));
    };
    const file = files.get(f.location.path);
    if (file && f.location.line !== undefined && withComments.has(file.path)) {
      const s = commentSuppressions(file, f.location.line).find(matches);
      if (s) {
        f.suppressed = { by: 'inline', reason: s.reason || undefined, source: s.source };
        continue;
      }
    }
    const d = f.details;
    if (d && typeof d.document === 'number') {
      const doc = docs.get(`${f.location.path}\0${d.document}\0${typeof d.item === 'number' ? d.item : ''}`);
      if (!doc) continue;
      let list = byDoc.get(doc);
      if (!list) {
        list = annotationSuppressions(doc);
        byDoc.set(doc, list);
      }
      const s = list.find(matches);
      if (s) f.suppressed = { by: 'inline', reason: s.reason || undefined, source: s.source };
    }
  }
}
