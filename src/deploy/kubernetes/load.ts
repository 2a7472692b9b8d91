import { LineCounter, parseAllDocuments, type Document } from 'yaml';
import type { DeployInputFile } from '../types.js';
import { Manifest } from './manifest.js';
import { ConvertError, convertDocument, type KNode } from './node.js';

/**
 * Loads Kubernetes manifests (YAML or JSON, multi-document, `List` objects) into a model that keeps
 * source lines. Nothing here throws on bad input: every problem becomes a `LoadProblem` on the file
 * (reported as LS-K8S-000, or LS-K8S-001 for unrendered templates) and the rest of the file, and
 * every other file, is still checked.
 */

/** Files larger than this are not parsed (reported as a problem): manifests are kilobytes. */
export const MAX_FILE_BYTES = 10 * 1024 * 1024;

export type LoadProblemKind = 'syntax' | 'too-large' | 'aliases' | 'alias-cycle' | 'too-deep';

export interface LoadProblem {
  problem: LoadProblemKind;
  message: string;
  line?: number;
  /** 0-based YAML document the problem is in, when it is tied to one. */
  document?: number;
}

/** Where an unrendered template shows itself. */
export interface TemplateMarker {
  line: number;
  /** The template expression (trimmed), e.g. `{{ .Values.image.tag }}`. */
  expression: string;
}

export interface LoadedFile {
  path: string;
  /** Source lines (no terminators), for inline suppressions. Empty when the file was not parsed. */
  lines: string[];
  /** Objects found (documents with a `kind`, `List` items flattened), in file order. */
  docs: Manifest[];
  problems: LoadProblem[];
  /** Set when the file is an unrendered Helm/Go template; such files are not parsed. */
  template?: TemplateMarker;
  /** YAML documents in the file (including empty and non-Kubernetes ones). */
  documents: number;
}

export interface KubernetesModel {
  files: LoadedFile[];
  /** Every object of every file, in input order. */
  docs: Manifest[];
}

export interface LoadOptions {
  maxBytes?: number;
}

export function loadManifests(files: DeployInputFile[], options: LoadOptions = {}): KubernetesModel {
  const loaded = files.map((f) => loadFile(f, options));
  return { files: loaded, docs: loaded.flatMap((f) => f.docs) };
}

/** One file given as text (tests, stdin). */
export function loadText(text: string, path = 'manifest.yaml', options: LoadOptions = {}): KubernetesModel {
  return loadManifests([{ path, text }], options);
}

export function loadFile(file: DeployInputFile, options: LoadOptions = {}): LoadedFile {
  const out: LoadedFile = { path: file.path, lines: [], docs: [], problems: [], documents: 0 };
  const max = options.maxBytes ?? MAX_FILE_BYTES;
  // Cheap length test first: a string is never fewer bytes than UTF-16 units.
  if (file.text.length > max || (file.text.length * 3 > max && Buffer.byteLength(file.text, 'utf8') > max)) {
    const mib = (Buffer.byteLength(file.text, 'utf8') / 1024 / 1024).toFixed(1);
    out.problems.push({ problem: 'too-large', message: `the file is ${mib} MiB, over the ${(max / 1024 / 1024).toFixed(0)} MiB limit for a manifest, and was not parsed` });
    return out;
  }
  out.lines = file.text.split(/\r\n|\r|\n/);

  const helm = helmMarker(out.lines);
  if (helm) {
    out.template = helm;
    return out;
  }

  const lc = new LineCounter();
  let parsed: Document[];
  try {
    // YAML 1.1 because Kubernetes reads manifests with go-yaml's 1.1 rules: `privileged: yes` and
    // `on` are booleans there, and must be here too or a check could be bypassed by spelling.
    parsed = parseAllDocuments(file.text, { lineCounter: lc, version: '1.1', merge: true, prettyErrors: true }) as Document[];
  } catch (e) {
    out.problems.push(deepOrRethrow(e));
    return out;
  }
  out.documents = parsed.length;

  const syntax: LoadProblem[] = [];
  parsed.forEach((doc, index) => {
    if (doc.errors.length > 0) {
      const err = doc.errors[0]!;
      const line = err.linePos?.[0]?.line;
      // The parser turns its own stack overflow into an error; say what it means.
      if (err.message.includes('Maximum call stack')) out.problems.push({ problem: 'too-deep', message: 'the document is nested too deeply to parse', line, document: index });
      else syntax.push({ problem: 'syntax', message: firstLine(err.message), line, document: index });
      return;
    }
    let root: KNode | undefined;
    try {
      root = convertDocument(doc, lc);
    } catch (e) {
      if (e instanceof ConvertError) {
        out.problems.push({ problem: e.problem, message: e.message, line: e.line, document: index });
        return;
      }
      out.problems.push({ ...deepOrRethrow(e), document: index });
      return;
    }
    if (root?.kind !== 'map') return; // empty document, or not an object: not a manifest
    addObjects(out, file.path, index, root);
  });

  if (syntax.length > 0) {
    // A Go template that does not even parse as YAML (`{{- if ... }}` lines, `{{ include }}` in
    // keys) is a template first: say so once instead of reporting its YAML symptoms.
    const anyTemplate = goTemplateLine(out.lines);
    if (anyTemplate) {
      out.template = anyTemplate;
      out.docs = [];
      return out;
    }
    out.problems.push(...syntax);
  }
  return out;
}

function addObjects(out: LoadedFile, path: string, document: number, root: KNode & { kind: 'map' }): void {
  const kind = root.entries.get('kind');
  if (kind?.kind !== 'scalar' || typeof kind.value !== 'string' || kind.value === '') return;
  const items = root.entries.get('items');
  // `kind: List` (kubectl get -o yaml) and typed lists (`DeploymentList`) carry their objects in items.
  if (kind.value.endsWith('List') && items?.kind === 'seq') {
    items.items.forEach((item, i) => {
      if (item.kind !== 'map') return;
      const k = item.entries.get('kind');
      if (k?.kind === 'scalar' && typeof k.value === 'string' && k.value !== '') out.docs.push(new Manifest(path, document, i, item));
    });
    return;
  }
  out.docs.push(new Manifest(path, document, undefined, root));
}

function firstLine(message: string): string {
  return message.split('\n')[0]!.replace(/:\s*$/, '');
}

/** Deeply nested input can exhaust the stack in the parser or the converter; that is bad input, not a crash. */
function deepOrRethrow(e: unknown): LoadProblem {
  if (e instanceof RangeError) return { problem: 'too-deep', message: 'the document is nested too deeply to parse' };
  throw e;
}

/**
 * Helm-specific template expressions: `.Values`, `.Release`, `.Chart`, `include`, `template`,
 * `tpl` and template comments. They never occur in rendered output, unlike Go templates that are
 * legitimately *data* in rendered manifests (Prometheus rules' `{{ $labels.instance }}`,
 * Alertmanager's `{{ range .Alerts }}` in a ConfigMap).
 */
const HELM_EXPR = /\{\{-?\s*(?:\/\*|(?:[^}]*?[\s(|]|)\.(?:Values|Release|Chart|Capabilities|Files|Template)\b|(?:include|template|tpl|required|toYaml)\s)[^}]*\}?\}?/;
const ANY_EXPR = /\{\{[^}]*\}?\}?/;

function helmMarker(lines: string[]): TemplateMarker | undefined {
  return findExpr(lines, HELM_EXPR);
}

function goTemplateLine(lines: string[]): TemplateMarker | undefined {
  return findExpr(lines, ANY_EXPR);
}

function findExpr(lines: string[], re: RegExp): TemplateMarker | undefined {
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (!line.includes('{{') || line.trimStart().startsWith('#')) continue;
    const m = re.exec(line);
    if (m) return { line: i + 1, expression: m[0].trim().slice(0, 120) };
  }
  return undefined;
}
