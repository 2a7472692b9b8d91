/**
 * Image references in the files people keep them in: Dockerfiles (FROM, COPY --from) and YAML
 * manifests (Kubernetes, Compose, Helm values): every `image:` with its line.
 */
import { basename, extname } from 'node:path';
import { isMap, isPair, isScalar, LineCounter, parseAllDocuments, visit, type Node, type Pair } from 'yaml';
import { InputError } from '../errors.js';
import { parseDockerfile } from '../dockerfile/parse.js';
import { imageUses } from '../rules/dockerfile/base-image-latest.js';

export interface ImageOccurrence {
  /** 1-based line of the reference. */
  line: number;
  /** The reference to check, variables expanded. */
  image: string;
  via: 'FROM' | 'COPY --from' | 'image:';
  /** `FROM --platform=…`, when given. */
  platform?: string;
  /** Why the occurrence cannot be checked (a variable without a value). */
  skip?: string;
}

export type FileKind = 'dockerfile' | 'manifest';

/**
 * Dockerfile or YAML, by name first (`Dockerfile`, `app.dockerfile`, `Containerfile`, `*.yaml`),
 * then by content: a first instruction of FROM or ARG means a Dockerfile.
 */
export function detectFileKind(path: string, text: string): FileKind {
  const name = basename(path).toLowerCase();
  const ext = extname(name);
  if (ext === '.yaml' || ext === '.yml' || ext === '.json') return 'manifest';
  if (name.includes('dockerfile') || name.includes('containerfile')) return 'dockerfile';
  const first = text.split(/\r?\n/).map((l) => l.trim()).find((l) => l !== '' && !l.startsWith('#'));
  return first !== undefined && /^(FROM|ARG)\s/i.test(first) ? 'dockerfile' : 'manifest';
}

export function findImages(path: string, text: string, options: { kind?: FileKind; buildArgs?: ReadonlyMap<string, string> } = {}): ImageOccurrence[] {
  const kind = options.kind ?? detectFileKind(path, text);
  return kind === 'dockerfile' ? dockerfileImages(path, text, options.buildArgs) : manifestImages(path, text);
}

function dockerfileImages(path: string, text: string, buildArgs?: ReadonlyMap<string, string>): ImageOccurrence[] {
  const df = parseDockerfile(text, path, { buildArgs });
  return imageUses(df).map((use) => {
    const platform = use.via === 'FROM' ? df.stages[use.stage]?.platform : undefined;
    // An unresolved reference is shown as written (`${TOOL}`), not as its empty expansion.
    const occurrence: ImageOccurrence = { line: use.instruction.line, image: use.image.unresolved ? use.image.raw : use.image.expanded, via: use.via };
    if (platform !== undefined && !platform.includes('$')) occurrence.platform = platform;
    if (use.image.unresolved) occurrence.skip = `${use.image.raw} uses a build argument without a value (pass --build-arg)`;
    return occurrence;
  });
}

/** `${VAR}`, `$VAR` (Compose) or `{{ … }}` (Helm, Go templates): not a reference yet. */
function unresolved(value: string): boolean {
  return /\$\{?[A-Za-z_]|\{\{/.test(value);
}

function manifestImages(path: string, text: string): ImageOccurrence[] {
  const lineCounter = new LineCounter();
  const docs = parseAllDocuments(text, { lineCounter });
  if (!Array.isArray(docs)) return []; // an empty stream
  const out: ImageOccurrence[] = [];
  const lineOf = (node: Node | null | undefined): number => (node?.range ? lineCounter.linePos(node.range[0]).line : 0);
  for (const doc of docs) {
    const err = doc.errors[0];
    if (err) {
      const line = err.linePos?.[0]?.line;
      throw new InputError(`cannot parse ${path}${line ? `:${line}` : ''} as YAML: ${err.message.split('\n')[0]}`, 'outdated reads Dockerfiles and YAML manifests (Kubernetes, Compose, Helm values)');
    }
    visit(doc, {
      Pair(_key, pair: Pair<unknown, unknown>) {
        if (!isPair(pair) || !isScalar(pair.key) || pair.key.value !== 'image') return;
        const value = pair.value;
        if (isScalar(value) && typeof value.value === 'string') {
          const image = value.value.trim();
          if (image === '') return;
          out.push({ line: lineOf(value), image, via: 'image:', ...(unresolved(image) ? { skip: `${image} is templated (a variable or template expression)` } : {}) });
          return;
        }
        // Helm-style values: `image: {registry, repository, tag}`.
        if (isMap(value)) {
          const get = (k: string): { text?: string; node?: Node } => {
            const item = value.items.find((i) => isScalar(i.key) && i.key.value === k);
            const v = item?.value;
            if (!isScalar(v)) return {};
            if (typeof v.value === 'string') return { text: v.value.trim(), node: v };
            // `tag: 1.20` is a YAML number; the source text keeps the trailing zero the tag has.
            if (typeof v.value === 'number' && v.range) return { text: text.slice(v.range[0], v.range[1]).trim(), node: v };
            return {};
          };
          const repository = get('repository');
          if (!repository.text) return;
          const registry = get('registry').text;
          const tag = get('tag').text;
          const image = `${registry ? `${registry}/` : ''}${repository.text}${tag ? `:${tag}` : ''}`;
          out.push({ line: lineOf(repository.node), image, via: 'image:', ...(unresolved(image) ? { skip: `${image} is templated (a variable or template expression)` } : {}) });
        }
      },
    });
  }
  return out;
}
