import { InputError } from '../../errors.js';

/**
 * What went wrong talking to a registry, so callers can react (report per image, retry, skip)
 * without parsing messages.
 */
export type RegistryErrorKind =
  | 'unreachable'
  | 'timeout'
  | 'tls'
  | 'insecure'
  | 'auth'
  | 'denied'
  | 'not-found'
  | 'rate-limited'
  | 'digest-mismatch'
  | 'too-large'
  | 'protocol';

/**
 * A registry problem the user can act on. Messages name the registry and repository, never a
 * credential, token or signed URL: they end up in CI logs.
 */
export class RegistryError extends InputError {
  readonly kind: RegistryErrorKind;
  /** HTTP status, when the registry answered. */
  readonly status?: number;
  constructor(kind: RegistryErrorKind, message: string, hint?: string, options?: { status?: number; cause?: unknown }) {
    super(message, hint, options?.cause !== undefined ? { cause: options.cause } : undefined);
    this.name = 'RegistryError';
    this.kind = kind;
    this.status = options?.status;
  }
}
