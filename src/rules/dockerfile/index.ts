import type { DockerfileRule } from '../rule.js';

/**
 * Every Dockerfile rule, in id order. Adding a rule = one new file in this folder + one line here.
 * (An explicit list rather than side-effect imports, so a forgotten import cannot drop a rule.)
 */
export const dockerfileRules: DockerfileRule[] = [
];
