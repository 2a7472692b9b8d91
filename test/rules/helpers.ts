import { parseDockerfile } from '../../src/dockerfile/parse.js';
import type { DockerfileRule, RuleHit } from '../../src/rules/rule.js';
import type { BuildContextFacts } from '../../src/dockerfile/context-facts.js';

/** Runs one rule on Dockerfile text and returns its hits. */
export function runRule(rule: DockerfileRule, dockerfile: string, context?: BuildContextFacts): RuleHit[] {
  const df = parseDockerfile(dockerfile, 'Dockerfile');
  return rule.check({ dockerfile: df, context });
}

/** The lines a rule fires on, sorted. */
export function hitLines(rule: DockerfileRule, dockerfile: string, context?: BuildContextFacts): number[] {
  return runRule(rule, dockerfile, context).map((h) => h.line ?? 0).sort((a, b) => a - b);
}
