/** `leftshift outdated FILE` without the CLI: find references, check each, build the report. */
import { readFile } from 'node:fs/promises';
import { InputError, UsageError } from '../errors.js';
import type { Progress } from '../cli/progress.js';
import type { Platform } from '../image/types.js';
import { parseCredentialSpec, type CredentialSpec } from '../source/registry/auth.js';
import { RegistryClient } from '../source/registry/client.js';
import { parsePlatform } from '../source/registry/manifest.js';
import { parseReference } from '../source/registry/reference.js';
import { TOOL_NAME, TOOL_VERSION } from '../version.js';
import { checkImage, DEFAULTS, type OutdatedResult } from './check.js';
import { eolTableUpdated } from './eol.js';
import { findImages, type FileKind } from './find-images.js';
import { OUTDATED_SCHEMA_VERSION, type OutdatedEntry, type OutdatedReport } from './render.js';

export interface RunOutdatedOptions {
  /** File to read. */
  path: string;
  /** Path shown in the report (default: `path`). */
  displayPath?: string;
  kind?: FileKind;
  cooldownDays?: number;
  allowMajor?: boolean;
  maxLookups?: number;
  /** `os/arch[/variant]`; default linux/amd64. `FROM --platform` overrides it per image. */
  platform?: string;
  /** `--creds` values (`USER:PASS` or `REGISTRY=USER:PASS`). */
  creds?: string[];
  /** PEM CA certificates to trust in addition to the system's. */
  ca?: Array<string | Buffer>;
  insecureRegistries?: string[];
  timeoutMs?: number;
  buildArgs?: ReadonlyMap<string, string>;
  /** Environment for credentials (default `process.env`). */
  env?: NodeJS.ProcessEnv;
  /** Docker config file; `false` ignores it. */
  dockerConfig?: string | false;
  /** Images checked at once. */
  concurrency?: number;
  now?: Date;
  progress?: Progress;
  /** Messages for stderr (credentials not applied, …). */
  warn?: (message: string) => void;
}

function platformOf(text: string | undefined, what: string): Platform | undefined {
  if (text === undefined) return undefined;
  const p = parsePlatform(text);
  if (!p) throw new UsageError(`${what} "${text}" is not os/arch[/variant]`, 'e.g. linux/amd64 or linux/arm64/v8');
  return p;
}

/** Runs `fn` over `items` with at most `limit` in flight, keeping order. */
async function mapLimit<T, R>(items: T[], limit: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const workers = Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!, i);
    }
  });
  await Promise.all(workers);
  return out;
}

export async function runOutdated(options: RunOutdatedOptions): Promise<OutdatedReport> {
  const display = options.displayPath ?? options.path;
  let text: string;
  try {
    text = await readFile(options.path, 'utf8');
  } catch (e) {
    throw new InputError(`cannot read ${display}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`, 'give a Dockerfile or a YAML manifest');
  }
  const occurrences = findImages(display, text, { kind: options.kind, buildArgs: options.buildArgs });
  const platform = platformOf(options.platform, '--platform');
  const cooldownDays = options.cooldownDays ?? DEFAULTS.cooldownDays;
  const allowMajor = options.allowMajor ?? false;
  const now = options.now ?? new Date();
  const env = options.env ?? process.env;

  // Credentials without a registry must not be offered to every registry the file names.
  const registries = new Set<string>();
  for (const o of occurrences) {
    if (o.skip) continue;
    try {
      registries.add(parseReference(o.image).registry);
    } catch {
      /* reported per image */
    }
  }
  const specs: CredentialSpec[] = (options.creds ?? []).map(parseCredentialSpec);
  if (specs.some((s) => s.registry === undefined) && registries.size > 1) {
    throw new UsageError(`${display} names images on several registries (${[...registries].sort().join(', ')}), so --creds USER:PASSWORD would go to all of them`, 'scope it: --creds REGISTRY=USER:PASSWORD');
  }
  let envRegistries: string[] | undefined;
  if (env.LEFTSHIFT_REGISTRY_USER) {
    if (env.LEFTSHIFT_REGISTRY) envRegistries = [env.LEFTSHIFT_REGISTRY];
    else if (registries.size > 1) {
      envRegistries = [];
      options.warn?.(`LEFTSHIFT_REGISTRY_USER is set but ${display} names several registries; set LEFTSHIFT_REGISTRY=HOST to say which one the credentials are for (not used for now)`);
    }
  }

  const client = new RegistryClient({
    credentials: { specs, env, envRegistries, dockerConfig: options.dockerConfig },
    ca: options.ca,
    insecureHosts: options.insecureRegistries,
    timeoutMs: options.timeoutMs,
    userAgent: `${TOOL_NAME}/${TOOL_VERSION}`,
  });
  const checkOptions = { cooldownDays, allowMajor, maxLookups: options.maxLookups ?? DEFAULTS.maxLookups, platform, now };
  // The same image in several places is checked once.
  const pending = new Map<string, Promise<OutdatedResult>>();
  let done = 0;
  try {
    const images = await mapLimit(occurrences, options.concurrency ?? 4, async (o): Promise<OutdatedEntry> => {
      const base = { location: { path: display, line: o.line }, via: o.via };
      if (o.skip) return { ...base, image: o.image, status: 'skipped', notes: [o.skip] };
      let p: Platform | undefined;
      try {
        p = platformOf(o.platform, 'FROM --platform') ?? platform;
      } catch {
        p = platform;
      }
      const key = `${o.image}\u0000${p ? `${p.os}/${p.architecture}/${p.variant ?? ''}` : ''}`;
      let result = pending.get(key);
      if (!result) {
        result = checkImage(client, o.image, { ...checkOptions, platform: p });
        pending.set(key, result);
      }
      const r = await result;
      options.progress?.update(`checked ${++done}/${occurrences.length}: ${o.image}`);
      return { ...base, ...r };
    });
    return {
      schemaVersion: OUTDATED_SCHEMA_VERSION,
      tool: { name: TOOL_NAME, version: TOOL_VERSION },
      file: display,
      checkedAt: now.toISOString(),
      cooldownDays,
      allowMajor,
      eolTableUpdated: eolTableUpdated(),
      images,
    };
  } finally {
    client.close();
  }
}
