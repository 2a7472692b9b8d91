import type { Analyzer } from './analyzer.js';
import { OS_ANALYZERS } from './os/index.js';
import { DPKG_ANALYZERS } from './pkg/dpkg.js';
import { apkAnalyzer } from './pkg/apk.js';
import { rpmAnalyzer } from './pkg/rpm/index.js';
import { LANGUAGE_ANALYZERS } from './pkg/lang/index.js';

/** Analyzers whose `ownedFiles` are OS package databases (language packages under them are not reported twice). */
export const OS_PACKAGE_ANALYZERS = new Set(['dpkg', 'dpkg-files', 'apk', 'rpm']);

/**
 * Every analyzer the SBOM runs, in one explicit list (adding a cataloger = one file + one line in
 * its folder's list). The layer walk asks each one whether it wants a file.
 */
export function sbomAnalyzers(): Analyzer[] {
  return [...OS_ANALYZERS, ...DPKG_ANALYZERS, apkAnalyzer, rpmAnalyzer, ...LANGUAGE_ANALYZERS];
}
