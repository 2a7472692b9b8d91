import { opendir } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { globToRegExp } from '../util/glob.js';

/** Directories never searched for Dockerfiles: dependency trees and VCS data. */
const SKIP_DIRS = new Set(['.git', 'node_modules', '.hg', '.svn']);

/** True for the names Docker tooling treats as Dockerfiles. */
export function isDockerfileName(name: string): boolean {
  const lower = name.toLowerCase();
  if (lower.endsWith('.dockerignore')) return false;
  if (lower === 'dockerfile' || lower === 'containerfile') return true;
  if (/^(dockerfile|containerfile)[.-][^/]+$/.test(lower)) return true;
  return /\.(dockerfile|containerfile)$/.test(lower);
}

export interface DiscoverResult {
  /** Relative to the root, `/`-separated, sorted. */
  dockerfiles: string[];
  /** Files a deploy scanner may claim (YAML, JSON, HCL, shell, CI files), sorted. */
  deployCandidates: string[];
  warnings: string[];
}

const DEPLOY_EXTENSIONS = /\.(ya?ml|json|hcl|nomad|sh|bash|zsh|ksh|mk|jenkinsfile)$/i;
const DEPLOY_NAMES = new Set(['Makefile', 'makefile', 'GNUmakefile', 'Jenkinsfile']);

/** True for files a deploy scanner might claim; the scanners decide from the content. */
export function isDeployCandidate(name: string): boolean {
  return DEPLOY_EXTENSIONS.test(name) || DEPLOY_NAMES.has(name) || name.startsWith('Jenkinsfile');
}

/**
 * Finds Dockerfiles below `root` without following symlinked directories (so a link loop cannot
 * hang the search); unreadable directories become warnings.
 */
export async function discoverDockerfiles(root: string, excludePaths: string[] = []): Promise<DiscoverResult> {
  // Compiled once: the test runs for every directory entry.
  const excluded = excludePaths.map((g) => globToRegExp(g.replace(/^\.\//, '')));
  const found: string[] = [];
  const deploy: string[] = [];
  const warnings: string[] = [];
  const queue = [root];
  while (queue.length > 0) {
    const dir = queue.pop()!;
    let handle;
    try {
      handle = await opendir(dir);
    } catch (e) {
      warnings.push(`cannot read directory ${relative(root, dir) || '.'}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
      continue;
    }
    for await (const entry of handle) {
      const full = join(dir, entry.name);
      const rel = relative(root, full).split(sep).join('/');
      if (excluded.some((re) => re.test(rel))) continue;
      if (entry.isDirectory()) {
        if (!SKIP_DIRS.has(entry.name)) queue.push(full);
      } else if ((entry.isFile() || entry.isSymbolicLink()) && isDockerfileName(entry.name)) {
        found.push(rel);
      } else if (entry.isFile() && isDeployCandidate(entry.name)) {
        deploy.push(rel);
      }
    }
  }
  return { dockerfiles: found.sort(), deployCandidates: deploy.sort(), warnings };
}
