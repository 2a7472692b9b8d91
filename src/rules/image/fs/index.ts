import type { Analyzer } from '../../../analyze/analyzer.js';
import type { ImageRule } from '../rule.js';

/** Checks on the image filesystem (secrets in any layer, sensitive files, accounts, permissions). */
export const imageFsRules: ImageRule[] = [];

/** Analyzers these rules need the layer walk to run (secret scanning of files, /etc/passwd...). */
export const imageFsAnalyzers: Analyzer[] = [];
