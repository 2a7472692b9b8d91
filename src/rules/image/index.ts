import type { Analyzer } from '../../analyze/analyzer.js';
import type { ImageRule } from './rule.js';
import { imageConfigRules } from './config/index.js';
import { imageFsAnalyzers, imageFsRules } from './fs/index.js';

/** Every image rule (configuration/history and filesystem). */
export const imageRules: ImageRule[] = [...imageConfigRules, ...imageFsRules];

/** Analyzers the image rules need in addition to the SBOM catalogers. */
export function imageRuleAnalyzers(): Analyzer[] {
  return [...imageFsAnalyzers];
}
