/**
 * Ruby cataloger: installed gems (`…/specifications/*.gemspec`, including `specifications/default/`
 * for gems bundled with Ruby) and bundler's `Gemfile.lock`.
 *
 * Installed gemspecs are not hand-written Ruby: RubyGems generates them (`Gem::Specification#to_ruby`)
 * in one fixed shape, one assignment per line:
 *   s.name = "rake".freeze
 *   s.version = "13.0.6"
 *   s.licenses = ["MIT".freeze]
 *   s.platform = "x86_64-linux".freeze
 *   s.add_runtime_dependency(%q<rbs>.freeze, [">= 1.8.1"])
 * so line regexes on that shape are used instead of evaluating Ruby. Hand-written gemspecs (in a
 * gem's source tree, not under specifications/) are not read.
 *
 * `Gemfile.lock`: sections (`GEM`, `GIT`, `PATH`) with a `specs:` block where 4-space lines are
 * `name (version[-platform])` and 6-space lines below them that gem's dependencies.
 */
import type { FileInfo } from '../../../image/fs-types.js';
import type { Analyzer, AnalyzerInput, AnalyzerOutput } from '../../analyzer.js';
import { basename, dirname, guarded, type OutputBuilder, text } from './common.js';

export function wantsRuby(path: string, info: FileInfo): boolean {
  if (info.type !== 'file') return false;
  const base = basename(path);
  if (base.endsWith('.gemspec')) return /(^|\/)specifications(\/default)?$/.test(dirname(path));
  // A Gemfile.lock inside an installed gem describes that gem's development, not this image.
  return base === 'Gemfile.lock' && !/(^|\/)gems\/[^/]+-\d[^/]*\//.test(path);
}

/** A Ruby string literal as the generator writes it: "double", 'single' or %q<...>/%q{...}. */
const RUBY_STR = String.raw`(?:"((?:[^"\\]|\\.)*)"|'((?:[^'\\]|\\.)*)'|%q[<{(\[]([^>})\]]*)[>})\]])`;

function strFrom(m: RegExpExecArray, first: number): string {
  const raw = m[first] ?? m[first + 1] ?? m[first + 2] ?? '';
  return raw.replace(/\\(.)/g, '$1');
}

export interface Gemspec {
  name?: string;
  version?: string;
  licenses: string[];
  platform?: string;
  dependencies: string[];
  homepage?: string;
}

export function parseGemspec(content: string): Gemspec {
  const spec: Gemspec = { licenses: [], dependencies: [] };
  const assign = (field: string) => new RegExp(String.raw`^\s*\w+\.${field}\s*=\s*${RUBY_STR}`);
  const reName = assign('name');
  const reVersion = assign('version');
  const rePlatform = assign('platform');
  const reHomepage = assign('homepage');
  const reLicense = assign('license');
  const reLicenses = /^\s*\w+\.licenses\s*=\s*\[(.*)\]/;
  const reDep = new RegExp(String.raw`^\s*\w+\.add_(runtime_|development_)?dependency\(?\s*${RUBY_STR}`);
  // Older generators write `if s.respond_to? :add_runtime_dependency then <runtime and development
  // lines> else <every dependency again as add_dependency> end`; the else branch is skipped.
  let branch: 'none' | 'then' | 'else' = 'none';
  for (const line of content.split(/\r?\n/)) {
    let m: RegExpExecArray | null;
    if (/respond_to\?\s*:add_runtime_dependency/.test(line)) branch = 'then';
    else if (branch === 'then' && /^\s*else\s*$/.test(line)) branch = 'else';
    else if (branch !== 'none' && /^\s*end\s*$/.test(line)) branch = 'none';
    if (!spec.name && (m = reName.exec(line))) spec.name = strFrom(m, 1);
    else if (!spec.version && (m = reVersion.exec(line))) spec.version = strFrom(m, 1);
    else if ((m = rePlatform.exec(line))) spec.platform = strFrom(m, 1);
    else if ((m = reHomepage.exec(line))) spec.homepage = strFrom(m, 1);
    else if ((m = reLicenses.exec(line))) {
      const re = new RegExp(RUBY_STR, 'g');
      for (let s = re.exec(m[1]); s; s = re.exec(m[1])) spec.licenses.push(strFrom(s, 1));
    } else if ((m = reLicense.exec(line))) spec.licenses.push(strFrom(m, 1));
    else if ((m = reDep.exec(line))) {
      if (branch !== 'else' && m[1] !== 'development_') spec.dependencies.push(strFrom(m, 2));
    }
  }
  spec.dependencies = [...new Set(spec.dependencies)];
  return spec;
}

function gemPurl(name: string, version: string, platform?: string) {
  return { name, version, qualifiers: platform && platform !== 'ruby' ? { platform } : undefined };
}

function addGemspec(file: AnalyzerInput, out: OutputBuilder): void {
  const spec = parseGemspec(text(file.content));
  // Fallback on the file name (`name-1.2.3.gemspec`, platform after the version) when a field is missing.
  const m = /^(.+?)-(\d[^-]*)(?:-(.+))?\.gemspec$/.exec(basename(file.path));
  const name = spec.name ?? m?.[1];
  const version = spec.version ?? m?.[2];
  if (!name || !version) {
    out.warn('gemspec without name or version');
    return;
  }
  const platform = spec.platform ?? m?.[3];
  out.add({
    type: 'gem',
    name,
    version,
    purl: gemPurl(name, version, platform),
    licenses: spec.licenses,
    path: file.path,
    layer: file.layer,
    dependsOn: spec.dependencies,
    foundBy: 'ruby-gemspec',
    metadata: {
      platform: platform && platform !== 'ruby' ? platform : undefined,
      homepage: spec.homepage,
      defaultGem: /(^|\/)specifications\/default\//.test(file.path) || undefined,
    },
  });
}

export interface LockedGem {
  name: string;
  version: string;
  platform?: string;
  section: string;
  dependencies: string[];
}

export function parseGemfileLock(content: string): LockedGem[] {
  const gems: LockedGem[] = [];
  let section = '';
  let inSpecs = false;
  let current: LockedGem | undefined;
  for (const line of content.split(/\r?\n/)) {
    if (line.trim() === '') continue;
    if (!line.startsWith(' ')) {
      section = line.trim();
      inSpecs = false;
      current = undefined;
      continue;
    }
    if (line === '  specs:') {
      inSpecs = ['GEM', 'GIT', 'PATH', 'PLUGIN SOURCE'].includes(section);
      continue;
    }
    if (!inSpecs) continue;
    const spec = /^ {4}([^ (]+) \(([^)]+)\)$/.exec(line);
    if (spec) {
      // Gem versions hold no `-`; what follows one is the platform (`1.13.10-x86_64-linux`).
      const dash = spec[2].indexOf('-');
      current = {
        name: spec[1],
        version: dash < 0 ? spec[2] : spec[2].slice(0, dash),
        platform: dash < 0 ? undefined : spec[2].slice(dash + 1),
        section,
        dependencies: [],
      };
      gems.push(current);
      continue;
    }
    const dep = /^ {6}([^ (]+)/.exec(line);
    if (dep && current) current.dependencies.push(dep[1]);
  }
  return gems;
}

function addGemfileLock(file: AnalyzerInput, out: OutputBuilder): void {
  for (const g of parseGemfileLock(text(file.content))) {
    out.add({
      type: 'gem',
      name: g.name,
      version: g.version,
      purl: gemPurl(g.name, g.version, g.platform),
      path: file.path,
      layer: file.layer,
      dependsOn: g.dependencies,
      foundBy: 'ruby-gemfile-lock',
      metadata: { platform: g.platform, source: g.section === 'GEM' ? undefined : g.section.toLowerCase() },
    });
  }
}

export const rubyAnalyzer: Analyzer = {
  name: 'ruby',
  version: 1,
  maxBytes: 16 * 1024 * 1024,
  wants: wantsRuby,
  analyze(file: AnalyzerInput): AnalyzerOutput | undefined {
    return guarded(file, (out) => {
      if (basename(file.path) === 'Gemfile.lock') addGemfileLock(file, out);
      else addGemspec(file, out);
    });
  },
};
