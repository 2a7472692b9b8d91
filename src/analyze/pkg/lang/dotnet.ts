/**
 * .NET cataloger: `<app>.deps.json`, written next to an application by the .NET SDK.
 *
 * Schema (documented in the dotnet/runtime "DependencyModel" design notes): `libraries` maps
 * `Name/Version` to `{type, serviceable, sha512, path, hashPath}` where `type` is `package` (a
 * NuGet package), `project` (the application itself and project references) or
 * `referenceassembly`; `targets[<runtimeTarget.name>]` maps the same keys to
 * `{dependencies: {Name: Version}, runtime: {...}}`. Only `package` libraries are reported.
 */
import type { FileInfo } from '../../../image/fs-types.js';
import type { Analyzer, AnalyzerInput, AnalyzerOutput } from '../../analyzer.js';
import { guarded, isRecord, keysOf, parseJson, str, text } from './common.js';

export function wantsDotnet(path: string, info: FileInfo): boolean {
  return info.type === 'file' && path.endsWith('.deps.json');
}

export interface NugetEntry {
  name: string;
  version: string;
  sha512?: string;
  path?: string;
  dependencies: string[];
}

export function parseDepsJson(content: string): { entries: NugetEntry[]; warnings: string[] } {
  const json = parseJson(content);
  if (!json.ok) return { entries: [], warnings: [`invalid JSON: ${json.error}`] };
  const doc = json.value;
  if (!isRecord(doc) || !isRecord(doc.libraries)) return { entries: [], warnings: ['deps.json has no libraries object'] };
  const targets = isRecord(doc.targets) ? doc.targets : {};
  const runtimeTarget = isRecord(doc.runtimeTarget) ? str(doc.runtimeTarget.name) : undefined;
  // The runtime target's graph; without one named, the first target (framework-dependent apps have one).
  const target = (runtimeTarget && isRecord(targets[runtimeTarget]) ? targets[runtimeTarget] : Object.values(targets).find(isRecord)) ?? {};
  const entries: NugetEntry[] = [];
  for (const [key, lib] of Object.entries(doc.libraries)) {
    if (!isRecord(lib) || lib.type !== 'package') continue;
    const slash = key.lastIndexOf('/');
    if (slash <= 0 || slash === key.length - 1) continue;
    const node = isRecord(target) ? target[key] : undefined;
    entries.push({
      name: key.slice(0, slash),
      version: key.slice(slash + 1),
      sha512: str(lib.sha512) || undefined,
      path: str(lib.path),
      dependencies: isRecord(node) ? keysOf(node.dependencies) : [],
    });
  }
  return { entries, warnings: [] };
}

export const dotnetAnalyzer: Analyzer = {
  name: 'dotnet-deps',
  version: 1,
  maxBytes: 32 * 1024 * 1024,
  wants: wantsDotnet,
  analyze(file: AnalyzerInput): AnalyzerOutput | undefined {
    return guarded(file, (out) => {
      const parsed = parseDepsJson(text(file.content));
      for (const w of parsed.warnings) out.warn(w);
      for (const e of parsed.entries) {
        out.add({
          type: 'nuget',
          name: e.name,
          version: e.version,
          path: file.path,
          layer: file.layer,
          dependsOn: e.dependencies,
          foundBy: 'dotnet-deps',
          metadata: { sha512: e.sha512, nugetPath: e.path },
        });
      }
    });
  },
};
