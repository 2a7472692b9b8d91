import type { Instruction } from './model.js';

/** A file the builder receives (after `.dockerignore`). */
export interface ContextEntry {
  /** Relative to the context root, `/`-separated. */
  path: string;
  size: number;
  isSymlink: boolean;
}

/** Where one COPY/ADD puts context files. */
export interface CopyTrace {
  instruction: Instruction;
  stage: number;
  /** Set for `--from=`: the stage index, or the external image name. */
  from?: { kind: 'stage'; stage: number } | { kind: 'image'; image: string };
  /** Source patterns after variable substitution, as written. */
  sources: string[];
  /** Context files the sources select (empty for --from, URLs and heredocs). */
  files: string[];
  /** True for `COPY . .`-style copies of the whole context (or a large part of it). */
  broad: boolean;
  dest: string;
}

export interface BuildContextFacts {
  /** Absolute directory of the context. */
  dir: string;
  /** Context files as the builder sees them. */
  files: ContextEntry[];
  /** Every file in the directory before `.dockerignore` (for "would be copied if not ignored"). */
  allFiles: ContextEntry[];
  /** The ignore file in effect (relative path), if any. */
  ignoreFile?: string;
  copies: CopyTrace[];
  /** Index of the stage Docker builds by default (the last). */
  finalStage: number;
}
