import type { RuleMeta } from '../../findings/rule-meta.js';
import type { RuleHit } from '../rule.js';
import type { ImageMetadata } from '../../image/types.js';
import type { LayerRef } from '../../image/fs-types.js';
import type { ImageWalkResult } from '../../image/walk.js';
import type { AssembledSbom } from '../../sbom/assemble.js';

/** Everything an image rule may look at, after one walk of the image. */
export interface ImageRuleContext {
  /** The reference as the user gave it (a tag matters for the `latest` check). */
  reference: string;
  metadata: ImageMetadata;
  layers: LayerRef[];
  /** Per-layer files, whiteouts and analyzer outputs; the final filesystem; effective and shadowed outputs. */
  walk: ImageWalkResult;
  sbom: AssembledSbom;
  now: Date;
  options: ImageRuleOptions;
}

export interface ImageRuleOptions {
  /** Images older than this many days are reported (default 90). */
  maxAgeDays: number;
}

/**
 * An image rule: one file under src/rules/image/, listed in that folder's index.ts. Hits name the
 * layer (`layer`) and, for files, the path inside the image (`path`); the history step that created
 * the layer is on `layer.createdBy` in the context and goes into the hit's message/details.
 */
export interface ImageRule {
  meta: RuleMeta;
  check(ctx: ImageRuleContext): RuleHit[];
}
