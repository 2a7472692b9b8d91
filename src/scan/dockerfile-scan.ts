import { basename, relative, resolve, sep } from 'node:path';
import { parseDockerfile } from '../dockerfile/parse.js';
import { traceCopies, finalLineage, isRemote } from '../dockerfile/copy-trace.js';
import type { BuildContextFacts, ContextEntry, FileSecretFacts } from '../dockerfile/context-facts.js';
import type { Dockerfile } from '../dockerfile/model.js';
import type { Finding, Target } from '../findings/types.js';
import type { DockerfileRule } from '../rules/rule.js';
import { toFinding } from './to-finding.js';
import { scanContextSecrets } from './context-secrets.js';
import { listContextFiles } from '../source/context.js';
import { resolveIgnoreFile } from '../dockerfile/dockerignore.js';
import invalidDockerignore from '../rules/context/invalid-dockerignore.js';
import { InputError } from '../errors.js';
import { secretMatchToFinding } from '../rules/secret-rules.js';
import type { Progress } from '../cli/progress.js';

export interface DockerfileScanInput {
  /** Dockerfile text (already read and checked to be text). */
  text: string;
  /** Path shown in findings (relative to where the user ran the scan). */
  displayPath: string;
  /** Absolute path of the Dockerfile, or undefined for stdin. */
  absPath?: string;
  /** Absolute build-context directory; undefined scans the Dockerfile alone. */
  contextDir?: string;
  /** Directory display paths are relative to. */
  displayRoot: string;
  rules: DockerfileRule[];
  buildArgs?: ReadonlyMap<string, string>;
  progress?: Progress;
  /** Bytes of each copied file the secret scanner reads at most. */
  secretMaxBytes?: number;
}

export interface DockerfileScanResult {
  target: Target;
  warnings: string[];
}

/** Scans one Dockerfile with its build context: rules, COPY tracing, secrets in copied files. */
export async function scanDockerfile(input: DockerfileScanInput): Promise<DockerfileScanResult> {
  const df = parseDockerfile(input.text, input.displayPath, { buildArgs: input.buildArgs });
  const warnings: string[] = [];
  let context: BuildContextFacts | undefined;
  const findings: Finding[] = [];
  if (input.contextDir) {
    try {
      context = await buildContextFacts(df, input, warnings);
    } catch (e) {
      // A broken ignore file is a finding on that file; the Dockerfile rules still run.
      const ignorePath = input.absPath !== undefined || input.contextDir ? resolveIgnoreFile(input.contextDir, input.absPath) : undefined;
      if (!(e instanceof InputError) || !ignorePath || !e.message.includes(basename(ignorePath))) throw e;
      const display = displayOf(input.displayRoot, ignorePath);
      findings.push(toFinding(invalidDockerignore.meta, invalidDockerignore.hitForIgnoreError(e.message, display), display));
      warnings.push(`${display}: invalid, build context not checked`);
    }
  }
  for (const rule of input.rules) {
    if (!context && rule.meta.phase === 'context') continue;
    let hits;
    try {
      hits = rule.check({ dockerfile: df, context });
    } catch (e) {
      // A rule bug must not hide every other finding; report it and go on.
      warnings.push(`rule ${rule.meta.id} failed on ${input.displayPath}: ${(e as Error).message}`);
      continue;
    }
    for (const hit of hits) findings.push(toFinding(rule.meta, hit, input.displayPath));
  }
  if (context) {
    // The Dockerfile itself is often copied by `COPY . .`; its ENV/ARG secrets are already reported
    // by the Dockerfile rules on the same line, so the content match would only repeat them.
    const ruleLines = new Set(findings.filter((f) => f.location.path === input.displayPath).map((f) => f.location.line));
    for (const f of contentSecretFindings(context, input)) {
      if (f.location.path === input.displayPath && ruleLines.has(f.location.line)) continue;
      findings.push(f);
    }
  }
  applyInlineSuppressions(df, findings, input.displayPath);
  const target: Target = {
    kind: 'dockerfile',
    name: input.displayPath,
    findings,
    metadata: {
      stages: df.stages.map((s) => ({ index: s.index, name: s.name ?? null, line: s.from.line, base: describeBase(df, s.index) })),
      finalStage: df.stages.length - 1,
      ...(context ? { context: displayOf(input.displayRoot, context.dir), contextFiles: context.files.length, ignoreFile: context.ignoreFile ?? null } : {}),
    },
  };
  return { target, warnings };
}

function describeBase(df: Dockerfile, index: number): string {
  const s = df.stages[index]!;
  if (s.base.kind === 'scratch') return 'scratch';
  if (s.base.kind === 'stage') return `stage:${df.stages[s.base.stage]!.name ?? s.base.stage}`;
  return s.base.image.expanded;
}

function displayOf(root: string, abs: string): string {
  const rel = relative(root, abs).split(sep).join('/');
  return rel === '' ? '.' : rel;
}

async function buildContextFacts(df: Dockerfile, input: DockerfileScanInput, warnings: string[]): Promise<BuildContextFacts> {
  const dir = input.contextDir!;
  input.progress?.update(`walking build context ${displayOf(input.displayRoot, dir)}`);
  const listed = await listContextFiles(dir, { dockerfile: input.absPath, onProgress: (n: number) => input.progress?.update(`walking build context: ${n} files`) });
  warnings.push(...listed.warnings);
  const files: ContextEntry[] = listed.files.map((f) => ({ path: f.path, size: f.size, isSymlink: f.isSymlink }));
  const copies = traceCopies(df, files);
  // Walking what .dockerignore excludes (node_modules...) is costly: only do it when a COPY source
  // selects nothing, to tell the user whether .dockerignore is the reason.
  let allFiles = files;
  if (listed.ignoreFile && copies.some((c) => !c.from && c.files.length === 0 && c.sources.some((s) => !isRemote(s)))) {
    const everything = await listContextFiles(dir, { dockerfile: input.absPath, ignore: false });
    allFiles = everything.files.map((f) => ({ path: f.path, size: f.size, isSymlink: f.isSymlink }));
  }
  const copied = new Set<string>();
  for (const c of copies) for (const f of c.files) copied.add(f);
  const fileSecrets: Map<string, FileSecretFacts> = await scanContextSecrets(dir, files.filter((f) => copied.has(f.path) && !f.isSymlink), {
    maxBytes: input.secretMaxBytes,
    onProgress: (done, total) => input.progress?.update(`scanning copied files for secrets: ${done}/${total}`),
    warnings,
  });
  const ignoreFile = listed.ignoreFile ? displayOf(dir, resolve(dir, listed.ignoreFile)) : undefined;
  return { dir, files, allFiles, ignoreFile, copies, fileSecrets, finalStage: df.stages.length - 1, finalLineage: [...finalLineage(df)] };
}

/** Secrets found by content in files that COPY/ADD put into a stage. */
function contentSecretFindings(context: BuildContextFacts, input: DockerfileScanInput): Finding[] {
  const out: Finding[] = [];
  const lineage = new Set<number>();
  const df = parseDockerfileLineage(context);
  for (const s of df) lineage.add(s);
  for (const [path, facts] of context.fileSecrets) {
    if (facts.matches.length === 0) continue;
    const via = context.copies.filter((c) => c.files.includes(path));
    const first = via[0]!;
    const inFinal = via.some((c) => lineage.has(c.stage));
    const display = displayOf(input.displayRoot, resolve(context.dir, path));
    for (const m of facts.matches) {
      out.push(secretMatchToFinding(m, display, {
        copiedBy: `${input.displayPath}:${first.instruction.line}`,
        reachesFinalImage: inFinal,
      }));
    }
  }
  return out;
}

function parseDockerfileLineage(context: BuildContextFacts): number[] {
  // The stages in the final image's FROM chain are computed once per scan by the tracer.
  return context.finalLineage ?? [context.finalStage];
}

/**
 * `# leftshift:ignore=ID reason` above an instruction suppresses that rule's findings on the
 * instruction's lines. Aliases work too (`# leftshift:ignore=DL3007`).
 */
function applyInlineSuppressions(df: Dockerfile, findings: Finding[], dockerfilePath: string): void {
  const withSupp = df.instructions.filter((i) => i.suppressions.length > 0);
  if (withSupp.length === 0) return;
  for (const f of findings) {
    if (f.location.path !== dockerfilePath || f.location.line === undefined || f.suppressed) continue;
    const line = f.location.line;
    const ins = withSupp.find((i) => line >= i.line && line <= i.endLine);
    if (!ins) continue;
    const ids = new Set([f.ruleId, ...f.aliases, ...f.aliases.map((a) => a.slice(a.indexOf(':') + 1))].map((s) => s.toUpperCase()));
    const s = ins.suppressions.find((x) => ids.has(x.ruleId) || x.ruleId === 'ALL');
    if (s) f.suppressed = { by: 'inline', reason: s.reason || undefined, source: `${dockerfilePath}:${s.line}` };
  }
}

export { finalLineage };
