import { expandWord } from '../../../dockerfile/expand.js';
import { finalStage, type Dockerfile, type Instruction, type Stage } from '../../../dockerfile/model.js';

/** A stage and the stages it is built `FROM`, nearest first. */
export function lineage(df: Dockerfile, stage: Stage): Stage[] {
  const out: Stage[] = [];
  const seen = new Set<number>();
  let s: Stage | undefined = stage;
  while (s && !seen.has(s.index)) {
    seen.add(s.index);
    out.push(s);
    s = s.base.kind === 'stage' ? df.stages[s.base.stage] : undefined;
  }
  return out;
}

/**
 * The instructions whose effects a given instruction sees, in build order: those of the stages it
 * is built on, then the earlier ones of its own stage (a SHELL or a config file written by an
 * earlier RUN is inherited through `FROM stage`).
 */
export function instructionsBefore(df: Dockerfile, ins: Instruction): Instruction[] {
  const stage = df.stages[ins.stage];
  if (!stage) return [];
  const chain = lineage(df, stage).reverse();
  const out: Instruction[] = [];
  for (const s of chain) {
    for (const i of s.instructions) {
      if (i === ins) return out;
      out.push(i);
    }
  }
  return out;
}

/** Stage referenced by `COPY --from` / `RUN --mount=from=`: a name (case-insensitive) or an index. */
export function findStage(df: Dockerfile, ref: string): Stage | undefined {
  if (/^\d+$/.test(ref)) return df.stages[Number(ref)];
  const lower = ref.toLowerCase();
  return df.stages.find((s) => s.name === lower);
}

/**
 * Stages whose layers end up in an image someone may run: the final stage and what it is built on,
 * plus stages nothing refers to (they may be built with `--target`). A stage only used as a
 * `COPY --from` / `--mount=from` source never ships its layers, so image-size rules skip it.
 */
export function shippedStages(df: Dockerfile): Set<number> {
  const referenced = new Set<number>();
  for (const s of df.stages) {
    if (s.base.kind === 'stage') referenced.add(s.base.stage);
    for (const ins of s.instructions) {
      const refs: string[] = [];
      const from = ins.flags.find((f) => f.name === 'from')?.value;
      if (from !== undefined && (ins.keyword === 'COPY' || ins.keyword === 'ADD')) refs.push(from);
      for (const m of mountsOf(ins)) if (m.from !== undefined) refs.push(m.from);
      for (const r of refs) {
        const target = findStage(df, expandWord(r, ins.vars).value);
        if (target) referenced.add(target.index);
      }
    }
  }
  const shipped = new Set<number>();
  const roots = df.stages.filter((s) => !referenced.has(s.index));
  const last = finalStage(df);
  if (last) roots.push(last);
  for (const r of roots) for (const s of lineage(df, r)) shipped.add(s.index);
  return shipped;
}

export interface Mount {
  type: string;
  target?: string;
  from?: string;
  /** Every key=value option as written (keys lower-cased). */
  options: Map<string, string>;
}

/** The `--mount=` flags of a RUN, parsed (`type=cache,target=/root/.cache`). */
export function mountsOf(ins: Instruction): Mount[] {
  const out: Mount[] = [];
  for (const f of ins.flags) {
    if (f.name !== 'mount' || f.value === undefined) continue;
    const options = new Map<string, string>();
    for (const part of f.value.split(',')) {
      const eq = part.indexOf('=');
      const key = (eq < 0 ? part : part.slice(0, eq)).trim().toLowerCase();
      const value = eq < 0 ? '' : part.slice(eq + 1).trim().replace(/^["']|["']$/g, '');
      if (key) options.set(key, value);
    }
    const rawTarget = options.get('target') ?? options.get('dst') ?? options.get('destination');
    out.push({
      type: (options.get('type') ?? 'bind').toLowerCase(),
      target: rawTarget === undefined ? undefined : expandWord(rawTarget, ins.vars).value,
      from: options.get('from'),
      options,
    });
  }
  return out;
}

/** Normalises a path for comparison: no trailing slash, no `/*`. */
export function normalisePath(p: string): string {
  let s = p.trim().replace(/\/\*$/, '').replace(/\/+$/, '');
  if (s === '') s = '/';
  return s;
}

/** True when `path` is `dir` or inside it. */
export function isUnder(path: string, dir: string): boolean {
  const p = normalisePath(path);
  const d = normalisePath(dir);
  return p === d || d === '/' || p.startsWith(d + '/');
}

/**
 * True when the RUN has a cache or tmpfs mount over one of `paths` (or a parent directory): what
 * is written there stays out of the image layer.
 */
export function hasCacheMountOver(ins: Instruction, paths: string[]): boolean {
  return mountsOf(ins).some((m) => (m.type === 'cache' || m.type === 'tmpfs') && m.target !== undefined && paths.some((p) => isUnder(p, m.target!)));
}
