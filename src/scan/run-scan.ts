import { existsSync, statSync } from 'node:fs';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { loadIgnoreFile } from '../config/ignore-file.js';
import { InputError } from '../errors.js';
import { applyIgnoreEntries } from '../findings/suppress.js';
import { JSON_SCHEMA_VERSION, type ScanReport, type Target } from '../findings/types.js';
import { buildPhaseRules } from '../rules/index.js';
import { TOOL_NAME, TOOL_VERSION } from '../version.js';
import type { Progress } from '../cli/progress.js';
import { discoverDockerfiles, isDeployCandidate, isDockerfileName } from './discover.js';
import { scanDeployFiles } from './deploy-scan.js';
import { deployScanners } from '../deploy/index.js';
import type { DeployOptions } from '../deploy/types.js';
import { scanDockerfile } from './dockerfile-scan.js';
import { readDockerfileText } from './read-text.js';
import { decodeText, looksBinary } from '../analyze/secret/index.js';

export interface RunScanOptions {
  /** Absolute path of a directory or Dockerfile, or `-` for a Dockerfile on stdin. */
  target: string;
  /** Build context for a single Dockerfile (default: its directory). */
  contextDir?: string;
  buildArgs?: ReadonlyMap<string, string>;
  /** `.leftshiftignore` to use (default: the one in `baseDir`, if any). */
  ignoreFile?: string;
  /** The scanned directory (or the Dockerfile's directory). */
  baseDir: string;
  excludePaths?: string[];
  /** Registries deploy manifests may use (empty = not checked). */
  allowedRegistries?: string[];
  production?: boolean;
  progress?: Progress;
  now?: Date;
  /** Reads stdin; injectable for tests. */
  readStdin?: () => Promise<string>;
}

const DEFAULT_IGNORE_FILE = '.leftshiftignore';

/** Runs the build-phase scan of a path and returns the report (before output filters). */
export async function runScan(opts: RunScanOptions): Promise<ScanReport> {
  const createdAt = (opts.now ?? new Date()).toISOString();
  const rules = buildPhaseRules();
  const warnings: string[] = [];
  const targets: Target[] = [];
  const cwd = process.cwd();
  const inCwd = (p: string) => p === cwd || p.startsWith(cwd + sep);
  const displayRoot = opts.target !== '-' && inCwd(opts.target) ? cwd : opts.baseDir;
  const display = (abs: string) => relative(displayRoot, abs).split(sep).join('/') || '.';

  if (opts.target === '-') {
    const text = await (opts.readStdin ?? readStdin)();
    const r = await scanDockerfile({ text, displayPath: 'Dockerfile', displayRoot, rules, buildArgs: opts.buildArgs, contextDir: opts.contextDir, progress: opts.progress });
    targets.push(r.target);
    warnings.push(...r.warnings);
  } else {
    let stat;
    try {
      stat = statSync(opts.target);
    } catch {
      throw new InputError(`${opts.target}: no such file or directory`, 'pass a directory or a Dockerfile');
    }
    let dockerfiles: string[];
    const deployOptions: DeployOptions = { allowedRegistries: opts.allowedRegistries ?? [], production: opts.production ?? false, now: opts.now ?? new Date() };
    if (stat.isDirectory()) {
      const found = await discoverDockerfiles(opts.target, opts.excludePaths);
      warnings.push(...found.warnings);
      dockerfiles = found.dockerfiles.map((rel) => join(opts.target, rel));
      const deploy = await scanDeployFiles(opts.target, found.deployCandidates, deployScanners, deployOptions, (rel) => display(join(opts.target, rel)));
      targets.push(...deploy.targets);
      warnings.push(...deploy.warnings);
      if (dockerfiles.length === 0 && deploy.targets.length === 0) warnings.push(`no Dockerfile, Containerfile or deployment file found in ${display(opts.target)}`);
    } else if (!isDockerfileName(basename(opts.target)) && isDeployCandidate(basename(opts.target))) {
      // A single manifest, compose file, job file, daemon.json or script.
      const deploy = await scanDeployFiles(dirname(opts.target), [basename(opts.target)], deployScanners, deployOptions, (rel) => display(join(dirname(opts.target), rel)));
      if (deploy.targets.length === 0) throw new InputError(`${display(opts.target)}: not a Dockerfile, Kubernetes manifest, Compose file, Nomad job, daemon.json or script with docker run`, 'pass a directory to scan everything in it');
      targets.push(...deploy.targets);
      warnings.push(...deploy.warnings);
      dockerfiles = [];
    } else {
      dockerfiles = [opts.target];
    }
    for (const abs of dockerfiles) {
      const displayPath = display(abs);
      let text: string;
      try {
        text = await readDockerfileText(abs, displayPath);
      } catch (e) {
        // One bad file in a directory is a warning; the file the user named is an error.
        if (stat.isDirectory() && e instanceof InputError) {
          warnings.push(e.message);
          continue;
        }
        throw e;
      }
      const contextDir = opts.contextDir ?? dirname(abs);
      if (!existsSync(contextDir) || !statSync(contextDir).isDirectory()) throw new InputError(`build context ${contextDir} is not a directory`);
      const r = await scanDockerfile({ text, displayPath, absPath: abs, displayRoot, contextDir, rules, buildArgs: opts.buildArgs, progress: opts.progress });
      targets.push(r.target);
      warnings.push(...r.warnings);
    }
  }

  await applyIgnoreFile(targets, warnings, opts.baseDir, opts.ignoreFile, opts.now);
  return { schemaVersion: JSON_SCHEMA_VERSION, tool: { name: TOOL_NAME, version: TOOL_VERSION }, createdAt, targets, ...(warnings.length ? { warnings } : {}) };
}

/**
 * Applies `.leftshiftignore` (the one given, or the one in `baseDir` if present) to every target:
 * shared by Dockerfile, deploy and image scans.
 */
export async function applyIgnoreFile(targets: Target[], warnings: string[], baseDir: string, ignoreFile?: string, now?: Date): Promise<void> {
  const ignorePath = ignoreFile ? resolve(ignoreFile) : join(baseDir, DEFAULT_IGNORE_FILE);
  if (!ignoreFile && !existsSync(ignorePath)) return;
  const entries = await loadIgnoreFile(ignorePath);
  for (const t of targets) {
    const r = applyIgnoreEntries(t.findings, entries, now);
    t.findings = r.findings;
    for (const w of r.warnings) if (!warnings.includes(w)) warnings.push(w);
  }
}

async function readStdin(): Promise<string> {
  if (process.stdin.isTTY) throw new InputError('"-" reads a Dockerfile from stdin, but stdin is a terminal', 'pipe a Dockerfile in: leftshift scan - < Dockerfile');
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of process.stdin) {
    size += (chunk as Buffer).length;
    if (size > 4 * 1024 * 1024) throw new InputError('stdin: more than 4 MiB is too large for a Dockerfile');
    chunks.push(chunk as Buffer);
  }
  const buf = Buffer.concat(chunks);
  if (looksBinary(buf)) throw new InputError('stdin: binary data, not a Dockerfile');
  return decodeText(buf);
}
