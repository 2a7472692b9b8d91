import { readFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml, YAMLParseError } from 'yaml';
import { ConfigError } from '../errors.js';
import { parseSeverity, type Severity } from '../findings/severity.js';

/** `.leftshift.yaml`: defaults for command-line options; flags given on the command line win. */
export interface ConfigFile {
  severity?: Severity[];
  failOn?: Severity;
  format?: string;
  ignoreFile?: string;
  skipRules?: string[];
  excludePaths?: string[];
  quiet?: boolean;
  /** Registries deploy manifests may pull images from; empty or absent = not checked. */
  registryAllowlist?: string[];
  /** Manifests describe production (enables update-strategy hints such as moving major tags). */
  production?: boolean;
  /** Layer cache directory for image scans. */
  cacheDir?: string;
  /** Where the file was read from, for messages. */
  source?: string;
}

export const CONFIG_FILE_NAMES = ['.leftshift.yaml', '.leftshift.yml'];

const KEYS: Record<string, (v: unknown, cfg: ConfigFile, where: string) => void> = {
  severity: (v, cfg, where) => {
    const list = typeof v === 'string' ? v.split(',') : Array.isArray(v) ? v : undefined;
    if (!list) throw new ConfigError(`${where}: "severity" must be a list or a comma-separated string`);
    cfg.severity = list.map((s) => severityOrThrow(String(s), where, 'severity'));
  },
  'fail-on': (v, cfg, where) => {
    cfg.failOn = severityOrThrow(String(v), where, 'fail-on');
  },
  format: (v, cfg, where) => {
    if (typeof v !== 'string') throw new ConfigError(`${where}: "format" must be a string`);
    cfg.format = v;
  },
  'ignore-file': (v, cfg, where) => {
    if (typeof v !== 'string') throw new ConfigError(`${where}: "ignore-file" must be a path`);
    cfg.ignoreFile = v;
  },
  'skip-rules': (v, cfg, where) => {
    cfg.skipRules = stringList(v, where, 'skip-rules').map((s) => s.toUpperCase());
  },
  'exclude-paths': (v, cfg, where) => {
    cfg.excludePaths = stringList(v, where, 'exclude-paths');
  },
  'registry-allowlist': (v, cfg, where) => {
    cfg.registryAllowlist = stringList(v, where, 'registry-allowlist');
  },
  production: (v, cfg, where) => {
    if (typeof v !== 'boolean') throw new ConfigError(`${where}: "production" must be true or false`);
    cfg.production = v;
  },
  'cache-dir': (v, cfg, where) => {
    if (typeof v !== 'string') throw new ConfigError(`${where}: "cache-dir" must be a path`);
    cfg.cacheDir = v;
  },
  quiet: (v, cfg, where) => {
    if (typeof v !== 'boolean') throw new ConfigError(`${where}: "quiet" must be true or false`);
    cfg.quiet = v;
  },
};

function severityOrThrow(s: string, where: string, key: string): Severity {
  const sev = parseSeverity(s);
  if (!sev) throw new ConfigError(`${where}: "${key}" has unknown severity "${s}"`, 'use CRITICAL, HIGH, MEDIUM, LOW or INFO');
  return sev;
}

function stringList(v: unknown, where: string, key: string): string[] {
  if (!Array.isArray(v) || !v.every((x) => typeof x === 'string')) throw new ConfigError(`${where}: "${key}" must be a list of strings`);
  return v as string[];
}

export function parseConfigFile(text: string, source: string): ConfigFile {
  let doc: unknown;
  try {
    doc = parseYaml(text);
  } catch (e) {
    const where = e instanceof YAMLParseError && e.linePos ? `${source}:${e.linePos[0].line}` : source;
    throw new ConfigError(`${where}: not valid YAML (${(e as Error).message.split('\n')[0]})`);
  }
  const cfg: ConfigFile = { source };
  if (doc === null || doc === undefined) return cfg;
  if (typeof doc !== 'object' || Array.isArray(doc)) throw new ConfigError(`${source}: expected a mapping of option: value`);
  for (const [key, value] of Object.entries(doc as Record<string, unknown>)) {
    const apply = KEYS[key];
    if (!apply) throw new ConfigError(`${source}: unknown option "${key}"`, `known options: ${Object.keys(KEYS).join(', ')}`);
    apply(value, cfg, source);
  }
  return cfg;
}

/** Reads `--config FILE`, or the first `.leftshift.yaml` found in `dir`. */
export async function loadConfigFile(explicit: string | undefined, dir: string): Promise<ConfigFile> {
  const path = explicit ?? CONFIG_FILE_NAMES.map((n) => join(dir, n)).find((p) => existsSync(p));
  if (!path) return {};
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    throw new ConfigError(`cannot read config file ${path}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
  }
  return parseConfigFile(text, path);
}
