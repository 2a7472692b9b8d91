import type { DockerfileRule } from '../rule.js';
import secretFileCopied from './secret-file-copied.js';
import dockerignoreGap from './dockerignore-gap.js';
import broadCopyWeakDockerignore from './broad-copy-weak-dockerignore.js';
import copySourceMissing from './copy-source-missing.js';
import invalidDockerignore from './invalid-dockerignore.js';

/**
 * Rules that need the build context (which files COPY/ADD really send into the image).
 * Adding one = one file in this folder + one line here.
 */
export const contextRules: DockerfileRule[] = [secretFileCopied, dockerignoreGap, broadCopyWeakDockerignore, copySourceMissing, invalidDockerignore];
