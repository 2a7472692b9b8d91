/**
 * PHP Composer cataloger:
 * - `vendor/composer/installed.json`: what Composer installed. Composer 1 writes a JSON array of
 *   packages; Composer 2 writes `{"packages": [...], "dev": bool, "dev-package-names": [...]}`.
 * - `composer.lock`: `packages` and `packages-dev` arrays (dev ones flagged `metadata.dev`).
 * Package entries carry `name` (`vendor/project`), `version`, `license` (array), `require`.
 */
import type { FileInfo } from '../../../image/fs-types.js';
import type { Analyzer, AnalyzerInput, AnalyzerOutput } from '../../analyzer.js';
import { basename, guarded, isRecord, keysOf, licenseStrings, type OutputBuilder, parseJson, str, text } from './common.js';

export function wantsPhp(path: string, info: FileInfo): boolean {
  if (info.type !== 'file') return false;
  if (path === 'vendor/composer/installed.json' || path.endsWith('/vendor/composer/installed.json')) return true;
  // A composer.lock inside an installed package (vendor/x/y/composer.lock) is that package's own.
  return basename(path) === 'composer.lock' && !/(^|\/)vendor\//.test(path);
}

/** `require` keys that are platform requirements, not packages (`php`, `ext-json`, `lib-icu`, `composer-plugin-api`). */
function isPlatformRequirement(name: string): boolean {
  return !name.includes('/') || /^(php|hhvm|ext-|lib-|composer(-plugin|-runtime)?-api)/.test(name);
}

export interface ComposerEntry {
  name: string;
  version: string;
  licenses: string[];
  requires: string[];
  dev: boolean;
  sourceRef?: string;
  distUrl?: string;
  type?: string;
}

function entry(v: Record<string, unknown>, dev: boolean): ComposerEntry | undefined {
  const name = str(v.name);
  const version = str(v.version);
  if (!name || !version) return undefined;
  const source = isRecord(v.source) ? v.source : {};
  const dist = isRecord(v.dist) ? v.dist : {};
  return {
    name,
    version,
    licenses: licenseStrings(v.license),
    requires: keysOf(v.require).filter((r) => !isPlatformRequirement(r)),
    dev,
    sourceRef: str(source.reference),
    distUrl: str(dist.url),
    type: str(v.type),
  };
}

export function parseComposer(content: string, kind: 'installed' | 'lock'): { entries: ComposerEntry[]; warnings: string[] } {
  const json = parseJson(content);
  if (!json.ok) return { entries: [], warnings: [`invalid JSON: ${json.error}`] };
  const doc = json.value;
  const entries: ComposerEntry[] = [];
  const take = (list: unknown, dev: (name: string) => boolean) => {
    if (!Array.isArray(list)) return;
    for (const v of list) {
      if (!isRecord(v)) continue;
      const e = entry(v, dev(str(v.name) ?? ''));
      if (e) entries.push(e);
    }
  };
  if (kind === 'installed') {
    if (Array.isArray(doc)) take(doc, () => false); // Composer 1
    else if (isRecord(doc) && Array.isArray(doc.packages)) {
      const devNames = new Set(Array.isArray(doc['dev-package-names']) ? doc['dev-package-names'].filter((n): n is string => typeof n === 'string') : []);
      take(doc.packages, (n) => devNames.has(n));
    } else return { entries, warnings: ['installed.json is neither a package array nor {packages: [...]}'] };
  } else {
    if (!isRecord(doc)) return { entries, warnings: ['composer.lock is not an object'] };
    take(doc.packages, () => false);
    take(doc['packages-dev'], () => true);
  }
  return { entries, warnings: [] };
}

function splitName(name: string): { namespace?: string; name: string } {
  const slash = name.indexOf('/');
  return slash > 0 ? { namespace: name.slice(0, slash), name: name.slice(slash + 1) } : { name };
}

export const phpAnalyzer: Analyzer = {
  name: 'php-composer',
  version: 1,
  maxBytes: 32 * 1024 * 1024,
  wants: wantsPhp,
  analyze(file: AnalyzerInput): AnalyzerOutput | undefined {
    return guarded(file, (out: OutputBuilder) => {
      const kind = basename(file.path) === 'composer.lock' ? 'lock' : 'installed';
      const parsed = parseComposer(text(file.content), kind);
      for (const w of parsed.warnings) out.warn(w);
      for (const e of parsed.entries) {
        out.add({
          type: 'composer',
          name: e.name,
          version: e.version,
          purl: { ...splitName(e.name), version: e.version },
          licenses: e.licenses,
          path: file.path,
          layer: file.layer,
          dependsOn: e.requires,
          foundBy: kind === 'lock' ? 'php-composer-lock' : 'php-composer-installed',
          metadata: { dev: e.dev, sourceReference: e.sourceRef, distUrl: e.distUrl, packageType: e.type },
        });
      }
    });
  },
};
