/**
 * What can go wrong reading an image from a local engine (Docker Engine, podman), as typed
 * errors the dispatcher can branch on without parsing messages. All are InputErrors (exit 2):
 * the image could not be read, leftshift is not at fault.
 *
 * `LocalImageNotFoundError` is the one a caller recovers from: the reference names no image in
 * any engine that could be asked (or no engine runs at all), so the caller may go to a registry.
 */
import { InputError } from '../../../errors.js';

export type EngineErrorKind =
  /** No engine answers at the endpoint: socket missing, connection refused, permission denied, TLS. */
  | 'unavailable'
  /** Every reachable engine said "no such image" (or none was reachable in automatic lookup). */
  | 'not-found-locally'
  /** The engine answered something leftshift cannot use (HTTP error, API too old, bad JSON). */
  | 'protocol'
  /** The export stream broke: cut mid-way, not a tar, an error reported inside the stream. */
  | 'export-failed'
  /** The export does not fit the spool limit or the disk. */
  | 'too-large';

export class EngineError extends InputError {
  readonly kind: EngineErrorKind;
  constructor(kind: EngineErrorKind, message: string, hint?: string, options?: { cause?: unknown }) {
    super(message, hint, options);
    this.name = 'EngineError';
    this.kind = kind;
  }
}

/** How asking one endpoint went, for the not-found message and for callers that want details. */
export interface EngineAttempt {
  /** `DOCKER_HOST unix:///x.sock`, `podman rootless socket unix:///run/user/1000/podman/podman.sock`. */
  endpoint: string;
  outcome: 'absent' | 'unavailable' | 'not-found';
  detail: string;
}

/** The image is in none of the engines asked; `attempts` says what each one answered. */
export class LocalImageNotFoundError extends EngineError {
  readonly reference: string;
  readonly attempts: readonly EngineAttempt[];
  constructor(reference: string, attempts: readonly EngineAttempt[]) {
    const reached = attempts.filter((a) => a.outcome === 'not-found');
    const summary = attempts.map((a) => `${a.endpoint}: ${a.detail}`).join('; ');
    super(
      'not-found-locally',
      reached.length > 0
        ? `image '${reference}' was not found locally (${summary})`
        : `image '${reference}' was not found locally: no container engine is reachable (${summary || 'no endpoint to try'})`,
      reached.length > 0
        ? `pull or build it first (docker pull ${reference}), or give the path of an image archive or layout`
        : 'start Docker or the podman API socket, set DOCKER_HOST, or give the path of an image archive or layout',
    );
    this.name = 'LocalImageNotFoundError';
    this.reference = reference;
    this.attempts = attempts;
  }
}

/** For dispatchers: true when the caller may fall back to another source (a registry). */
export function isLocalImageNotFound(err: unknown): err is LocalImageNotFoundError {
  return err instanceof LocalImageNotFoundError;
}
