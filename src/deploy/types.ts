import type { Target } from '../findings/types.js';
import type { RuleMeta } from '../findings/rule-meta.js';
import type { RuleHit } from '../rules/rule.js';

/** A file handed to a deploy scanner: its display path (relative, `/`-separated) and text. */
export interface DeployInputFile {
  path: string;
  text: string;
}

/** Options every deploy scanner honours, resolved once by the CLI. */
export interface DeployOptions {
  /** Registries images may come from (`registry-allowlist` in .leftshift.yaml); empty = no check. */
  allowedRegistries: string[];
  /** Treat manifests as production (the `node:20` moving-tag info finding only fires then). */
  production: boolean;
  now: Date;
}

/**
 * One deploy platform (Kubernetes, Compose, Nomad, Docker daemon, `docker run` lines). The
 * orchestrator offers it every candidate file; `claims` decides cheaply (file name, first bytes)
 * whether it is one of its files, and `scan` checks all claimed files together (cross-file checks
 * such as "no NetworkPolicy selects this workload" need the whole set).
 */
export interface DeployScanner {
  /** Target kind it produces (`kubernetes`, `compose`, `nomad`, `daemon`, ...). */
  kind: Target['kind'];
  claims(path: string, head: string): boolean;
  scan(files: DeployInputFile[], options: DeployOptions): Promise<DeployScanResult> | DeployScanResult;
  /** Every rule it can report, for `leftshift rules` and SARIF metadata. */
  rules: RuleMeta[];
}

export interface DeployScanResult {
  /** One target per file (name = the file's path), findings with path/line locations. */
  targets: Target[];
  warnings: string[];
}

/** A deploy rule: one file under src/rules/<platform>/, listed in that folder's index.ts. */
export interface DeployRule<Model> {
  meta: RuleMeta;
  check(model: Model, options: DeployOptions): RuleHit[];
}
