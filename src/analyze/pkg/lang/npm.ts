/**
 * npm cataloger: installed packages (`node_modules/…/package.json`) and application lock files
 * (`package-lock.json` / `npm-shrinkwrap.json`, `yarn.lock`, `pnpm-lock.yaml`) outside node_modules.
 * When a package shows up in both, `dedupeLanguagePackages` (./dedupe.ts) keeps one.
 */
import type { FileInfo } from '../../../image/fs-types.js';
import type { Analyzer, AnalyzerInput, AnalyzerOutput } from '../../analyzer.js';
import { basename, guarded, text } from './common.js';
import { addNpmLockPackages } from './npm-lock.js';
import { isInstalledPackageJson, parsePackageJson } from './npm-package-json.js';
import { addPnpmLockPackages } from './pnpm-lock.js';
import { addYarnLockPackages } from './yarn-lock.js';

const LOCK_FILES = new Set(['package-lock.json', 'npm-shrinkwrap.json', 'yarn.lock', 'pnpm-lock.yaml']);

export function wantsNpm(path: string, info: FileInfo): boolean {
  if (info.type !== 'file') return false;
  const base = basename(path);
  if (base === 'package.json') return isInstalledPackageJson(path);
  // Lock files shipped inside installed packages describe their development, not this image.
  return LOCK_FILES.has(base) && !/(^|\/)node_modules\//.test(path);
}

export const npmAnalyzer: Analyzer = {
  name: 'npm',
  version: 1,
  // Lock files of large monorepos reach tens of MiB.
  maxBytes: 64 * 1024 * 1024,
  wants: wantsNpm,
  analyze(file: AnalyzerInput): AnalyzerOutput | undefined {
    return guarded(file, (out) => {
      if (file.truncated) {
        out.warn('file larger than the read limit; skipped');
        return;
      }
      const body = text(file.content);
      switch (basename(file.path)) {
        case 'package.json':
          parsePackageJson(body, out, file.layer);
          break;
        case 'package-lock.json':
        case 'npm-shrinkwrap.json':
          addNpmLockPackages(body, out, file.layer);
          break;
        case 'yarn.lock':
          addYarnLockPackages(body, out, file.layer);
          break;
        case 'pnpm-lock.yaml':
          addPnpmLockPackages(body, out, file.layer);
          break;
      }
    });
  },
};
