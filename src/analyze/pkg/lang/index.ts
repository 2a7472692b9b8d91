/** Language package catalogers. The image walker registers `LANGUAGE_ANALYZERS`, then runs `dedupeLanguagePackages` over what they found. */
import type { Analyzer } from '../../analyzer.js';
import { dotnetAnalyzer } from './dotnet.js';
import { goAnalyzer } from './go.js';
import { javaAnalyzer } from './java.js';
import { npmAnalyzer } from './npm.js';
import { phpAnalyzer } from './php.js';
import { pythonAnalyzer } from './python.js';
import { rubyAnalyzer } from './ruby.js';
import { rustAnalyzer } from './rust.js';

export const LANGUAGE_ANALYZERS: readonly Analyzer[] = [
  npmAnalyzer,
  pythonAnalyzer,
  goAnalyzer,
  javaAnalyzer,
  rubyAnalyzer,
  phpAnalyzer,
  rustAnalyzer,
  dotnetAnalyzer,
];

export { dedupeLanguagePackages, projectRoot } from './dedupe.js';
export { dotnetAnalyzer, goAnalyzer, javaAnalyzer, npmAnalyzer, phpAnalyzer, pythonAnalyzer, rubyAnalyzer, rustAnalyzer };
