import { isAlias, isMap, isScalar, isSeq, type Document, type LineCounter, type Node as YamlNode } from 'yaml';

/**
 * A YAML value with source lines, built once from the `yaml` AST. Rules never see the AST: they
 * ask a manifest for a value and its line by path (see `at`).
 *
 * `line` is where a finding about the value should point: the line of the map key that holds it
 * (`privileged: true` → the `privileged` line, `securityContext:` → that line even though the
 * mapping starts below), or the node's own first line for sequence items and document roots.
 */
export type KScalarValue = string | number | boolean | null;

export interface KMap {
  kind: 'map';
  line: number;
  entries: Map<string, KNode>;
}

export interface KSeq {
  kind: 'seq';
  line: number;
  items: KNode[];
}

export interface KScalar {
  kind: 'scalar';
  line: number;
  value: KScalarValue;
  /** First line of the value's text: the line after `|`/`>` for block scalars, else the node's line. */
  textLine: number;
  /** Literal block scalar (`|`): its text lines map one-to-one onto source lines from `textLine`. */
  literalBlock: boolean;
}

export type KNode = KMap | KSeq | KScalar;
export type Path = ReadonlyArray<string | number>;

/** What `at` answers: the value (plain JS), its line, or the nearest existing parent's line. */
export interface Located {
  found: boolean;
  /** Plain JS value (maps → objects, sequences → arrays); undefined when not found. */
  value: unknown;
  /** Line of the value, or of the nearest existing ancestor when `found` is false. */
  line: number;
  node?: KNode;
}

export function at(root: KNode, path: Path): Located {
  let node: KNode = root;
  for (const step of path) {
    const next = child(node, step);
    if (!next) return { found: false, value: undefined, line: node.line };
    node = next;
  }
  return { found: true, value: plain(node), line: node.line, node };
}

/** The node at `path`, without building a plain value. */
export function nodeAt(root: KNode, path: Path): KNode | undefined {
  let node: KNode | undefined = root;
  for (const step of path) {
    if (!node) return undefined;
    node = child(node, step);
  }
  return node;
}

function child(node: KNode, step: string | number): KNode | undefined {
  if (node.kind === 'map') return node.entries.get(String(step));
  if (node.kind === 'seq' && typeof step === 'number') return node.items[step];
  return undefined;
}

/** Plain JS value of a node. Maps become null-prototype objects so keys like `__proto__` are data. */
export function plain(node: KNode): unknown {
  if (node.kind === 'scalar') return node.value;
  if (node.kind === 'seq') return node.items.map(plain);
  const out: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
  for (const [k, v] of node.entries) out[k] = plain(v);
  return out;
}

/** Why a document could not be turned into a model. */
export class ConvertError extends Error {
  constructor(
    message: string,
    readonly problem: 'aliases' | 'alias-cycle',
    readonly line: number,
  ) {
    super(message);
  }
}

export interface ConvertLimits {
  /**
   * Nodes an expanded document may have beyond its source: `expanded <= factor × source + slack`.
   * The "billion laughs" document has ~100 source nodes and expands to millions; real manifests
   * rarely use aliases at all, and when they do (shared env lists) they expand a few times.
   */
  aliasExpansionFactor: number;
  aliasExpansionSlack: number;
}

export const DEFAULT_CONVERT_LIMITS: ConvertLimits = { aliasExpansionFactor: 10, aliasExpansionSlack: 10_000 };

/**
 * Converts a parsed document. Aliases are expanded (a value used through `*ref` is a copy at the
 * alias's line), `<<` merge keys are applied, and alias expansion is sized *before* anything is
 * built, so an alias bomb is rejected in time linear in its source, and an alias that refers to
 * its own ancestor (which `yaml` accepts and turns into a cyclic object) is reported, not followed.
 */
export function convertDocument(doc: Document, lc: LineCounter, limits: ConvertLimits = DEFAULT_CONVERT_LIMITS): KNode | undefined {
  const root = doc.contents as YamlNode | null;
  if (!root) return undefined;
  const lineOf = (offset: number | undefined): number => (offset === undefined ? 1 : lc.linePos(offset).line);
  const sizes = new Map<YamlNode, number>();
  let sourceNodes = 0;
  const visiting = new Set<YamlNode>();

  // Pass 1: expanded size of every node (memoised, so shared anchors are counted once per use
  // without being walked again) and cycle detection.
  const sizeOf = (n: YamlNode, aliasLine: number): number => {
    if (isAlias(n)) {
      const target = n.resolve(doc) as YamlNode | undefined;
      const line = lineOf(n.range?.[0]);
      if (!target) throw new ConvertError(`alias *${n.source} has no anchor`, 'aliases', line);
      return sizeOf(target, line);
    }
    const known = sizes.get(n);
    if (known !== undefined) return known;
    if (visiting.has(n)) throw new ConvertError('an alias refers to a node that contains it (anchor loop)', 'alias-cycle', aliasLine);
    visiting.add(n);
    let size = 1;
    if (isMap(n)) {
      for (const pair of n.items) {
        if (pair.key && !isScalar(pair.key) && !isAlias(pair.key)) size += sizeOf(pair.key as YamlNode, aliasLine);
        if (pair.value) size += sizeOf(pair.value as YamlNode, aliasLine);
      }
    } else if (isSeq(n)) {
      for (const item of n.items) if (item) size += sizeOf(item as YamlNode, aliasLine);
    }
    visiting.delete(n);
    sizes.set(n, size);
    return size;
  };
  const expanded = sizeOf(root, lineOf(root.range?.[0]));
  // Every source node was sized exactly once (aliases add nothing to `sizes`).
  sourceNodes = sizes.size;
  if (expanded > limits.aliasExpansionFactor * sourceNodes + limits.aliasExpansionSlack) {
    throw new ConvertError(
      `aliases expand ${sourceNodes} YAML nodes into ${expanded}: refusing to expand (alias bomb / "billion laughs")`,
      'aliases',
      1,
    );
  }

  // Pass 2: build the model.
  const build = (n: YamlNode, line: number): KNode => {
    if (isAlias(n)) return build(n.resolve(doc) as YamlNode, line);
    if (isMap(n)) {
      const entries = new Map<string, KNode>();
      const merged: KMap[] = [];
      for (const pair of n.items) {
        const keyNode = pair.key as YamlNode | null;
        const keyLine = lineOf(keyNode?.range?.[0] ?? (pair.value as YamlNode | null)?.range?.[0]);
        const value: KNode = pair.value ? build(pair.value as YamlNode, keyLine) : { kind: 'scalar', line: keyLine, value: null, textLine: keyLine, literalBlock: false };
        if (keyNode && isScalar(keyNode) && typeof keyNode.value === 'symbol') {
          // `<<: *base` or `<<: [*a, *b]`: earlier sources win, explicit keys win over all.
          if (value.kind === 'map') merged.push(value);
          else if (value.kind === 'seq') for (const m of value.items) if (m.kind === 'map') merged.push(m);
          continue;
        }
        entries.set(keyText(keyNode), value);
      }
      for (const m of merged) for (const [k, v] of m.entries) if (!entries.has(k)) entries.set(k, v);
      return { kind: 'map', line, entries };
    }
    if (isSeq(n)) {
      const items: KNode[] = [];
      for (const item of n.items) {
        if (!item) continue;
        items.push(build(item as YamlNode, lineOf((item as YamlNode).range?.[0])));
      }
      return { kind: 'seq', line, items };
    }
    if (isScalar(n)) {
      const v = n.value;
      const start = lineOf(n.range?.[0]);
      const block = n.type === 'BLOCK_LITERAL' || n.type === 'BLOCK_FOLDED';
      return {
        kind: 'scalar',
        line,
        value: scalarValue(v, n.source),
        textLine: block ? start + 1 : start,
        literalBlock: n.type === 'BLOCK_LITERAL',
      };
    }
    return { kind: 'scalar', line, value: null, textLine: line, literalBlock: false };
  };
  return build(root, lineOf(root.range?.[0]));
}

/** Kubernetes fields are strings, numbers, booleans or null; 1.1 timestamps/binary keep their text. */
function scalarValue(v: unknown, source: unknown): KScalarValue {
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' || v === null) return v;
  if (typeof v === 'bigint') return Number(v);
  return typeof source === 'string' ? source : String(v);
}

/**
 * A map key as text. Plain keys keep their source spelling: YAML 1.1 (what Kubernetes' parser
 * follows) would turn a key `y` or `on` into `true`, which is never what a ConfigMap author meant.
 */
function keyText(key: YamlNode | null): string {
  if (!key) return '';
  if (isScalar(key)) {
    if (key.type === 'PLAIN' && typeof key.source === 'string') return key.source;
    return String(key.value);
  }
  // Complex keys (`? [a, b]`) do not occur in Kubernetes objects; keep them addressable anyway.
  return JSON.stringify(key.toJSON());
}
