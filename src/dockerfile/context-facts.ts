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
  /**
   * For every context file some COPY/ADD selects: what the secret scanner found in it, by name
   * and by content. Files no COPY reaches are not read at all.
   */
  fileSecrets: Map<string, FileSecretFacts>;
  /** Index of the stage Docker builds by default (the last). */
  finalStage: number;
  /** The final stage and the stages it is built FROM: what ends up in the image's layers. */
  finalLineage?: number[];
}

/** What the secret engine found in one context file. */
export interface FileSecretFacts {
  /** Set when the file name alone marks it as a credential (`id_rsa`, `.env`, `*.tfstate`...). */
  sensitive?: { id: string; title: string; severity: import('../findings/severity.js').Severity; reason: string };
  /** Secrets found in the content (already redacted). */
  matches: import('../analyze/secret/types.js').SecretMatch[];
}
