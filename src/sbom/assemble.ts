import { detectOS, finalizeOsPackages } from '../analyze/os/index.js';
import { mergeDpkgExtras } from '../analyze/pkg/dpkg.js';
import { dedupeLanguagePackages } from '../analyze/pkg/lang/index.js';
import { OS_PACKAGE_ANALYZERS } from '../analyze/index.js';
import type { LocatedAnalyzerResult } from '../image/walk.js';
import type { OSInfo, Package } from './package.js';

const OS_TYPES = new Set(['deb', 'apk', 'rpm']);

export interface AssembledSbom {
  os?: OSInfo;
  packages: Package[];
  warnings: string[];
}

/**
 * Turns the analyzers' effective outputs (files present in the final filesystem) into the SBOM's
 * package list: OS detection, distro qualifiers on OS packages, dpkg files and licenses,
 * language-package de-duplication, and dropping language packages that an OS package owns
 * (Debian's python3-yaml is reported once, as a deb, not again as a PyPI package).
 */
export function assembleSbom(effective: readonly LocatedAnalyzerResult[], options: { now?: Date } = {}): AssembledSbom {
  const warnings: string[] = [];
  const outputs = effective.map((e) => e.output);
  const os = detectOS(outputs, { now: options.now });
  const raw: Package[] = [];
  const owned = new Set<string>();
  for (const e of effective) {
    for (const w of e.output.warnings ?? []) warnings.push(`${e.path}: ${w}`);
    if (OS_PACKAGE_ANALYZERS.has(e.analyzer)) for (const f of e.output.ownedFiles ?? []) owned.add(f.replace(/^\/+/, ''));
    for (const p of e.output.packages ?? []) {
      raw.push({ ...p, locations: p.locations.map((l) => (l.layer ? l : { ...l, layer: e.layer })) });
    }
  }
  const osPackages = finalizeOsPackages(mergeDpkgExtras(raw.filter((p) => OS_TYPES.has(p.type)), outputs), os);
  const language = dedupeLanguagePackages(raw.filter((p) => !OS_TYPES.has(p.type)));
  const kept = language.filter((p) => !p.locations.every((l) => isOwned(l.path, owned)));
  return { os, packages: [...osPackages, ...kept], warnings };
}

/** A package record file (or the archive/binary it lives in) that an OS package installed. */
function isOwned(path: string, owned: Set<string>): boolean {
  const clean = path.replace(/^\/+/, '');
  // Java locations look like `usr/share/java/x.jar!/WEB-INF/lib/y.jar`: the outer file decides.
  const file = clean.split('!/')[0]!;
  if (owned.has(file)) return true;
  // Python metadata dirs: `…/PyYAML-6.0.dist-info/METADATA` is owned when its directory's files are.
  const dir = file.slice(0, file.lastIndexOf('/'));
  return dir.length > 0 && (owned.has(dir) || owned.has(dir + '/METADATA') || owned.has(dir + '/PKG-INFO'));
}
