/**
 * Errors about layer contents. All are InputErrors: the image is at fault, not leftshift.
 * DigestMismatchError lives in digest.ts next to the code that raises it for blobs.
 */
import { InputError } from '../errors.js';
import type { LayerDescriptor } from './types.js';

/** `layer 2 (sha256:…)`: how every layer error names its layer. */
export function describeLayer(layer: Pick<LayerDescriptor, 'index' | 'digest' | 'diffID'>): string {
  return `layer ${layer.index} (${layer.digest ?? layer.diffID})`;
}

/** The layer's bytes are not a readable tar (data cut mid-file, bad header checksum, bad compression). */
export class CorruptLayerError extends InputError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, 'the layer blob is damaged; fetch or export the image again', options);
    this.name = 'CorruptLayerError';
  }
}

/** A decompression-bomb guard tripped (total size or compression ratio). */
export class LayerLimitError extends InputError {
  constructor(message: string) {
    super(message, 'if the image is trusted, raise the limit: --max-layer-size SIZE, --max-compression-ratio N');
    this.name = 'LayerLimitError';
  }
}
