import type { ImageRule } from '../rule.js';
import rootUser from './root-user.js';

/** Checks on the image configuration and history. One file per rule, one line here. */
export const imageConfigRules: ImageRule[] = [
  rootUser,
];
