/**
 * The registry flags shared by every command that talks to registries (`scan`, `sbom`,
 * `outdated`): one definition, so their spelling, help and parsing cannot drift apart.
 * Credentials never appear in messages: `--creds` errors describe the value, never repeat it.
 */
import type { Command } from 'commander';
import { readFileSync } from 'node:fs';
import { InputError, UsageError } from '../errors.js';
import { parseCredentialSpec } from '../source/registry/auth.js';
import type { RegistryClientOptions } from '../source/registry/client.js';
import { DEFAULT_TIMEOUT_MS } from '../source/registry/http.js';
import { TOOL_NAME, TOOL_VERSION } from '../version.js';

export interface RegistryFlags {
  creds: string[];
  registryCa: string[];
  insecureRegistry: string[];
  /** Seconds, as typed; see registryTimeoutMs. */
  timeout: string;
}

/** Commander accumulator for repeatable flags. */
export function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

/**
 * Adds `--creds`, `--registry-ca`, `--insecure-registry` and `--timeout` (the registry client's
 * errors name these flags in their hints); `scope` prefixes the help (`image: `).
 */
export function addRegistryOptions(command: Command, scope = ''): Command {
  return command
    .option('--creds <[registry=]user:password>', `${scope}registry credentials (repeatable; prefer LEFTSHIFT_REGISTRY_USER/PASSWORD, command lines are visible to other users)`, collect, [])
    .option('--registry-ca <file>', `${scope}PEM CA certificate to trust for registries, in addition to the system ones (repeatable)`, collect, [])
    .option('--insecure-registry <host[:port]>', `${scope}allow plain HTTP to this registry or token service (repeatable)`, collect, [])
    .option('--timeout <seconds>', `${scope}registry network inactivity timeout per request`, String(DEFAULT_TIMEOUT_MS / 1000));
}

/** `--timeout` in milliseconds; a UsageError for anything but a positive number. */
export function registryTimeoutMs(value: string): number {
  const seconds = Number(value);
  if (value.trim() === '' || !Number.isFinite(seconds) || seconds < 0.001) throw new UsageError(`--timeout "${value}" is not a number ≥ 0.001`);
  return seconds * 1000;
}

/** The `--registry-ca` files' contents; an InputError naming the file that cannot be read. */
export function readRegistryCa(files: readonly string[]): Buffer[] {
  return files.map((path) => {
    try {
      return readFileSync(path);
    } catch (e) {
      throw new InputError(`cannot read --registry-ca ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    }
  });
}

/**
 * Client options for commands that read one image: `--creds` (an unscoped one goes to that
 * image's registry), the environment (limited to `LEFTSHIFT_REGISTRY` when set, as for
 * `outdated`), the docker config file, extra CAs and plain-HTTP hosts.
 */
export function registryClientOptions(flags: RegistryFlags, env: NodeJS.ProcessEnv = process.env): RegistryClientOptions {
  return {
    credentials: {
      specs: flags.creds.map(parseCredentialSpec),
      env,
      ...(env.LEFTSHIFT_REGISTRY ? { envRegistries: [env.LEFTSHIFT_REGISTRY] } : {}),
    },
    ca: readRegistryCa(flags.registryCa),
    insecureHosts: flags.insecureRegistry,
    timeoutMs: registryTimeoutMs(flags.timeout),
    userAgent: `${TOOL_NAME}/${TOOL_VERSION}`,
  };
}
