/**
 * Go cataloger: modules compiled into Go binaries (build info) and, at lower confidence, the
 * `require`s of `go.mod` files of source trees copied into an image.
 */
import type { FileInfo } from '../../../image/fs-types.js';
import type { Analyzer, AnalyzerInput, AnalyzerOutput } from '../../analyzer.js';
import { basename, guarded, type OutputBuilder, text } from './common.js';
import { isElf, maybeExecutable } from './elf.js';
import { readGoBuildInfo, type GoBuildInfo, type GoModule } from './go-buildinfo.js';
import { parseGoMod } from './go-mod.js';

/**
 * The build info sits in the data segment, after the (large) text segment, so a binary has to be
 * read nearly whole. 256 MiB is above the 200 MiB `wants` limit; the walker holds one such buffer
 * per file being analysed, which is the memory cost of this cataloger.
 */
export const GO_MAX_BYTES = 256 * 1024 * 1024;

export function wantsGo(path: string, info: FileInfo): boolean {
  if (basename(path) === 'go.mod') return info.type === 'file' && !/(^|\/)(vendor|pkg\/mod)\//.test(path);
  return maybeExecutable(path, info);
}

/** Splits a module path into purl namespace and name (`github.com/a/b` → `github.com/a`, `b`). */
function goPurl(path: string, version: string): { namespace?: string; name: string; version: string } {
  const i = path.lastIndexOf('/');
  return i < 0 ? { name: path, version } : { namespace: path.slice(0, i), name: path.slice(i + 1), version };
}

/** `=> ../greet (devel)`: a directory on the build machine, not a module version. */
function isLocalReplacement(rep: GoModule): boolean {
  return rep.version === '' || rep.version === '(devel)' || /^(\.{0,2}\/|[A-Za-z]:\\)/.test(rep.path);
}

export function goBinaryPackages(info: GoBuildInfo, out: OutputBuilder, layer: AnalyzerInput['layer'] | undefined): void {
  const settings: Record<string, string> = {};
  for (const s of info.settings) settings[s.key] = s.value;
  const common = { goVersion: info.goVersion, mainModule: info.main?.path };

  const add = (mod: GoModule, extra: Record<string, unknown>, dependsOn?: string[]) => {
    // A replacement by another module version is what got compiled; a local directory replacement
    // has no version of its own, so the required module path/version stays the best identity.
    const local = mod.replace !== undefined && isLocalReplacement(mod.replace);
    const eff = mod.replace && !local ? mod.replace : mod;
    if (!eff.path || !eff.version) return;
    out.add({
      type: 'golang',
      name: eff.path,
      version: eff.version,
      purl: goPurl(eff.path, eff.version),
      path: out.path,
      layer,
      dependsOn,
      foundBy: 'go-binary',
      metadata: {
        ...common,
        h1Digest: eff.sum,
        replaces: mod.replace && !local ? `${mod.path}@${mod.version}` : undefined,
        replacement: local ? mod.replace?.path : undefined,
        ...extra,
      },
    });
  };

  if (info.main?.path) {
    add(info.main, {
      main: true,
      mainPackage: info.path,
      buildSettings: info.settings.length > 0 ? settings : undefined,
      ldflags: settings['-ldflags'],
      vcsRevision: settings['vcs.revision'],
    }, info.deps.map((d) => (d.replace && !isLocalReplacement(d.replace) ? d.replace.path : d.path)));
  }
  for (const dep of info.deps) add(dep, {});
}

function analyzeBinary(file: AnalyzerInput, out: OutputBuilder): void {
  const info = readGoBuildInfo(file.content);
  if (info === undefined) {
    // Without the whole file "not Go" cannot be told apart from "Go info past the cut".
    if (file.truncated) out.warn('binary read truncated; Go build info not found in the bytes read');
    return;
  }
  if ('error' in info) {
    // Any ELF file reaches here; only complain about files that claim to be Go.
    if (file.content.includes('\xff Go buildinf:', 0, 'latin1') || file.truncated) {
      out.warn(`Go build info unreadable: ${info.error}${file.truncated ? ' (file was read truncated)' : ''}`);
    }
    return;
  }
  goBinaryPackages(info, out, file.layer);
}

function analyzeGoMod(file: AnalyzerInput, out: OutputBuilder): void {
  const mod = parseGoMod(text(file.content));
  if (!mod.module) {
    out.warn('go.mod has no module directive');
    return;
  }
  for (const req of mod.requires) {
    const rep = mod.replaces.find((r) => r.from === req.path && (!r.fromVersion || r.fromVersion === req.version));
    const eff = rep && rep.toVersion ? { path: rep.to, version: rep.toVersion } : req;
    out.add({
      type: 'golang',
      name: eff.path,
      version: eff.version,
      purl: goPurl(eff.path, eff.version),
      path: file.path,
      layer: file.layer,
      foundBy: 'go-mod',
      metadata: {
        indirect: req.indirect || undefined,
        mainModule: mod.module,
        replaces: rep && rep.toVersion ? `${req.path}@${req.version}` : undefined,
        replacement: rep && !rep.toVersion ? rep.to : undefined,
      },
    });
  }
}

export const goAnalyzer: Analyzer = {
  name: 'golang',
  version: 1,
  maxBytes: GO_MAX_BYTES,
  wants: wantsGo,
  analyze(file: AnalyzerInput): AnalyzerOutput | undefined {
    return guarded(file, (out) => {
      if (isElf(file.content)) analyzeBinary(file, out);
      else if (basename(file.path) === 'go.mod') analyzeGoMod(file, out);
    });
  },
};
