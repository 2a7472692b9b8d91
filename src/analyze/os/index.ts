/** OS detection: the analyzers that read release files, and the verbs that combine their results. */
import type { Analyzer } from '../analyzer.js';
import { osReleaseAnalyzer } from './os-release.js';
import {
  alpineReleaseAnalyzer,
  debianVersionAnalyzer,
  lsbReleaseAnalyzer,
  redhatReleaseAnalyzer,
  systemReleaseAnalyzer,
} from './release-files.js';

/** Every OS analyzer, for the analyzer registry. */
export const OS_ANALYZERS: readonly Analyzer[] = [
  osReleaseAnalyzer,
  alpineReleaseAnalyzer,
  redhatReleaseAnalyzer,
  systemReleaseAnalyzer,
  lsbReleaseAnalyzer,
  debianVersionAnalyzer,
];

export { detectOS, OS_FILE_PRECEDENCE, type DetectOptions } from './detect.js';
export { lookupEol, OS_EOL_TABLE, type OsEolTable } from './eol.js';
export { finalizeOsPackages, osPackagePurl } from './finalize.js';
export { FAMILIES, baseFamily, distroQualifier, purlNamespace, familyFromId } from './families.js';
export { parseOsRelease, osFromOsRelease, osReleaseAnalyzer } from './os-release.js';
export {
  parseDebianVersion,
  parseAlpineRelease,
  parseRedhatStyleRelease,
  parseLsbRelease,
  alpineReleaseAnalyzer,
  debianVersionAnalyzer,
  lsbReleaseAnalyzer,
  redhatReleaseAnalyzer,
  systemReleaseAnalyzer,
} from './release-files.js';
