import { parseImageRef } from '../../dockerfile/parse.js';
import type { ImageRef } from '../../dockerfile/model.js';
import type { ImageValue } from '../../deploy/shared/container.js';

/**
 * An image reference from a deploy file, split the way Docker does it. Transport prefixes that
 * Podman and Nomad accept (`docker://`, `https://`) are dropped first; undefined for references
 * that are not known statically.
 */
export function imageRefOf(image: ImageValue): ImageRef | undefined {
  if (image.unresolved) return undefined;
  const text = image.text.trim().replace(/^(?:docker|https?):\/\//i, '');
  if (text === '' || /\s|\$|\{\{/.test(text)) return undefined;
  const ref = parseImageRef(image.raw, text);
  return ref.repository === '' ? undefined : ref;
}

/** `latest` explicitly, or no tag and no digest (which Docker resolves to `latest`). */
export function isLatest(ref: ImageRef): 'latest' | 'untagged' | undefined {
  if (ref.digest !== undefined) return undefined;
  if (ref.tag === undefined) return 'untagged';
  return ref.tag === 'latest' ? 'latest' : undefined;
}
