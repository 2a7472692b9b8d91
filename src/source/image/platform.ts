/**
 * Platforms (`os/arch[/variant]`) as image indexes record them, normalised the way the OCI
 * image-spec and Go's GOARCH names describe them, so that `linux/arm64` matches a descriptor
 * saying `arm64/v8` and `linux/aarch64` means `linux/arm64`.
 */
import { UsageError } from '../../errors.js';
import type { Platform } from '../../image/types.js';

/** The platform picked when `--platform` is not given. */
export const DEFAULT_PLATFORM: Platform = { os: 'linux', architecture: 'amd64' };

const ARCH_ALIASES: Readonly<Record<string, Platform['architecture']>> = {
  x86_64: 'amd64',
  'x86-64': 'amd64',
  aarch64: 'arm64',
  i386: '386',
  i686: '386',
  armhf: 'arm',
  armel: 'arm',
};

/** Variants an architecture has when none is recorded (arm64 is v8, 32-bit arm is v7). */
const DEFAULT_VARIANT: Readonly<Record<string, string>> = { arm64: 'v8', arm: 'v7', amd64: 'v1' };

export function normalizePlatform(platform: Platform): Platform {
  const os = platform.os.toLowerCase();
  const rawArch = platform.architecture.toLowerCase();
  const architecture = ARCH_ALIASES[rawArch] ?? rawArch;
  let variant = platform.variant?.toLowerCase() || undefined;
  if (rawArch === 'armel') variant ??= 'v6';
  if (variant === undefined) variant = DEFAULT_VARIANT[architecture];
  if (architecture === 'arm64' && variant === '8') variant = 'v8';
  return variant === undefined ? { os, architecture } : { os, architecture, variant };
}

/** Parses `os/arch[/variant]`; a UsageError for anything else. */
export function parsePlatform(text: string): Platform {
  const parts = text.split('/');
  if (parts.length < 2 || parts.length > 3 || parts.some((p) => p.trim() === '')) {
    throw new UsageError(`invalid platform '${text}'`, 'use os/arch[/variant], e.g. linux/amd64 or linux/arm64/v8');
  }
  const [os, architecture, variant] = parts as [string, string, string | undefined];
  return variant === undefined ? { os, architecture } : { os, architecture, variant };
}

export function formatPlatform(platform: Platform): string {
  return [platform.os, platform.architecture, platform.variant].filter(Boolean).join('/');
}

/** Same os and architecture, and the same variant once defaults are applied. */
export function platformMatches(wanted: Platform, candidate: Platform): boolean {
  const a = normalizePlatform(wanted);
  const b = normalizePlatform(candidate);
  return a.os === b.os && a.architecture === b.architecture && a.variant === b.variant;
}

/** Same os and architecture, whatever the variant. */
export function platformMatchesLoosely(wanted: Platform, candidate: Platform): boolean {
  const a = normalizePlatform(wanted);
  const b = normalizePlatform(candidate);
  return a.os === b.os && a.architecture === b.architecture;
}
