/**
 * Java archive cataloger: `.jar`, `.war`, `.ear`, `.jpi`, `.hpi` (zip files).
 *
 * Identity, best first:
 * 1. every `META-INF/maven/<group>/<artifact>/pom.properties` (written by Maven; shaded jars hold
 *    one per bundled library) → confidence `pom.properties`;
 * 2. without any: Jenkins plugin manifest fields (`Short-Name`, `Plugin-Version`, `Group-Id`), or
 *    the file name (`commons-lang3-3.12.0.jar`) for the artifact id with the manifest's
 *    `Implementation-Version` / `Bundle-Version` → confidence `manifest` or `filename`. The group
 *    is then a guess (metadata.groupIdGuessed), since a Maven purl needs one.
 * Nested archives (`WEB-INF/lib/x.jar`, `BOOT-INF/lib/x.jar`, `lib/x.jar`, any `*.jar` entry) are
 * opened recursively; their packages are located at `outer.war!/WEB-INF/lib/x.jar`.
 *
 * Zip bombs: only the needed entries are inflated, each under a size cap, all of one top-level
 * archive under a shared byte budget, with a nesting depth and an entry-count cap. fflate inflates
 * into a buffer of the declared size, so an entry lying about its size is cut there, not grown.
 */
import { unzipSync } from 'fflate';
import type { FileInfo } from '../../../image/fs-types.js';
import type { Analyzer, AnalyzerInput, AnalyzerOutput } from '../../analyzer.js';
import { basename, errorMessage, guarded, type OutputBuilder } from './common.js';

const ARCHIVE_EXT = /\.(jar|war|ear|jpi|hpi)$/i;
export const JAVA_MAX_BYTES = 256 * 1024 * 1024;

export interface JavaLimits {
  /** Nesting below the top archive (a jar in a war is depth 1). */
  maxDepth: number;
  /** Largest nested archive inflated. */
  maxNestedBytes: number;
  /** Largest manifest / pom.properties inflated. */
  maxTextBytes: number;
  /** Bytes inflated in total for one top-level archive, nested ones included. */
  maxTotalBytes: number;
  /** Entries listed in total for one top-level archive. */
  maxEntries: number;
}

export const DEFAULT_JAVA_LIMITS: JavaLimits = {
  maxDepth: 4,
  maxNestedBytes: 128 * 1024 * 1024,
  maxTextBytes: 1024 * 1024,
  maxTotalBytes: 512 * 1024 * 1024,
  maxEntries: 200_000,
};

export function wantsJava(path: string, info: FileInfo): boolean {
  return info.type === 'file' && info.size >= 22 && ARCHIVE_EXT.test(path);
}

/** Manifest main section: continuation lines start with one space; keys are case-insensitive. */
export function parseManifest(text: string): Map<string, string> {
  const out = new Map<string, string>();
  let lastKey: string | undefined;
  for (const line of text.split(/\r\n|\r|\n/)) {
    if (line === '') break; // end of the main section; per-entry sections follow
    if (line.startsWith(' ')) {
      if (lastKey) out.set(lastKey, out.get(lastKey) + line.slice(1));
      continue;
    }
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    lastKey = line.slice(0, colon).trim().toLowerCase();
    out.set(lastKey, line.slice(colon + 1).trim());
  }
  return out;
}

/** Java `.properties`: `key=value`, `key: value` or `key value`; `#`/`!` comments; backslash escapes. */
export function parseProperties(text: string): Map<string, string> {
  const out = new Map<string, string>();
  const lines = text.split(/\r\n|\r|\n/);
  for (let i = 0; i < lines.length; i++) {
    let line = lines[i].trimStart();
    if (line === '' || line.startsWith('#') || line.startsWith('!')) continue;
    while (/(^|[^\\])(\\\\)*\\$/.test(line) && i + 1 < lines.length) line = line.slice(0, -1) + lines[++i].trimStart();
    const m = /^((?:[^\\:=\s]|\\.)+)\s*[:=\s]\s*(.*)$/.exec(line);
    if (!m) continue;
    out.set(unescapeProp(m[1]), unescapeProp(m[2]).trim());
  }
  return out;
}

function unescapeProp(s: string): string {
  return s.replace(/\\(u[0-9a-fA-F]{4}|.)/g, (_, e: string) => {
    if (e.length === 5) return String.fromCharCode(parseInt(e.slice(1), 16));
    return ({ n: '\n', t: '\t', r: '\r', f: '\f' } as Record<string, string>)[e] ?? e;
  });
}

/** `commons-lang3-3.12.0.jar` → `commons-lang3`, `3.12.0`: the version starts at the first `-<digit>`. */
export function nameVersionFromFilename(file: string): { artifactId: string; version?: string } {
  const stem = basename(file).replace(ARCHIVE_EXT, '');
  const m = /^(.+?)-(\d[^-]*(?:-.*)?)$/.exec(stem);
  return m ? { artifactId: m[1], version: m[2] } : { artifactId: stem };
}

interface ZipEntry {
  name: string;
  originalSize: number;
  compression: number;
}

interface Budget {
  bytes: number;
  entries: number;
}

/** Lists a zip's entries without inflating anything. */
function listEntries(buf: Uint8Array): ZipEntry[] {
  const entries: ZipEntry[] = [];
  unzipSync(buf, {
    filter: (f) => {
      entries.push({ name: f.name, originalSize: f.originalSize, compression: f.compression });
      return false;
    },
  });
  return entries;
}

/**
 * Inflates the named entries. One bad entry makes fflate throw for the whole call, so on failure
 * each entry is retried alone and only the broken ones are lost.
 */
function extract(buf: Uint8Array, names: Set<string>, warn: (m: string) => void): Map<string, Uint8Array> {
  const out = new Map<string, Uint8Array>();
  if (names.size === 0) return out;
  try {
    const files = unzipSync(buf, { filter: (f) => names.has(f.name) });
    for (const [k, v] of Object.entries(files)) out.set(k, v);
    return out;
  } catch {
    for (const name of names) {
      try {
        const files = unzipSync(buf, { filter: (f) => f.name === name });
        const data = files[name];
        if (data) out.set(name, data);
      } catch (err) {
        warn(`cannot inflate ${name}: ${errorMessage(err)}`);
      }
    }
    return out;
  }
}

const decoder = new TextDecoder('utf-8');

export function catalogArchive(
  buf: Uint8Array,
  archivePath: string,
  out: OutputBuilder,
  layer: AnalyzerInput['layer'] | undefined,
  limits: JavaLimits = DEFAULT_JAVA_LIMITS,
  depth = 0,
  budget: Budget = { bytes: limits.maxTotalBytes, entries: limits.maxEntries },
): void {
  let entries: ZipEntry[];
  try {
    entries = listEntries(buf);
  } catch (err) {
    out.warnAt(archivePath, `not a readable zip archive: ${errorMessage(err)}`);
    return;
  }
  budget.entries -= entries.length;
  if (budget.entries < 0) {
    out.warnAt(archivePath, `more than ${limits.maxEntries} zip entries in total; archive skipped`);
    return;
  }

  const wanted = new Set<string>();
  const nested: string[] = [];
  for (const e of entries) {
    const isText = e.name === 'META-INF/MANIFEST.MF' || /^META-INF\/maven\/[^/]+\/[^/]+\/pom\.properties$/.test(e.name);
    const isNested = ARCHIVE_EXT.test(e.name) && !e.name.endsWith('/');
    if (!isText && !isNested) continue;
    if (e.compression !== 0 && e.compression !== 8) {
      out.warnAt(`${archivePath}!/${e.name}`, `unsupported compression method ${e.compression}`);
      continue;
    }
    if (isNested && depth + 1 > limits.maxDepth) {
      out.warnAt(`${archivePath}!/${e.name}`, `nested deeper than ${limits.maxDepth} archives; skipped`);
      continue;
    }
    const cap = isText ? limits.maxTextBytes : limits.maxNestedBytes;
    if (e.originalSize > cap) {
      out.warnAt(`${archivePath}!/${e.name}`, `${e.originalSize} bytes uncompressed exceeds the ${cap} byte cap; skipped`);
      continue;
    }
    if (e.originalSize > budget.bytes) {
      out.warnAt(`${archivePath}!/${e.name}`, `total inflate budget of ${limits.maxTotalBytes} bytes used up; skipped`);
      continue;
    }
    budget.bytes -= e.originalSize;
    if (isNested) nested.push(e.name);
    else wanted.add(e.name);
  }

  const warn = (m: string) => out.warnAt(archivePath, m);
  const files = extract(buf, wanted, warn);
  const manifestBytes = files.get('META-INF/MANIFEST.MF');
  const manifest = manifestBytes ? parseManifest(decoder.decode(manifestBytes)) : new Map<string, string>();
  const licenses = manifest.get('bundle-license') ? [manifest.get('bundle-license')!] : [];
  const manifestMeta = {
    mainClass: manifest.get('main-class'),
    implementationTitle: manifest.get('implementation-title'),
    implementationVendor: manifest.get('implementation-vendor'),
    bundleSymbolicName: manifest.get('bundle-symbolicname')?.split(';')[0].trim(),
  };

  const pomEntries = [...files.keys()].filter((n) => n.endsWith('/pom.properties')).length;
  const manifestVersion = manifest.get('implementation-version') || manifest.get('bundle-version');
  const fromPom: string[] = [];
  for (const [name, data] of files) {
    const m = /^META-INF\/maven\/([^/]+)\/([^/]+)\/pom\.properties$/.exec(name);
    if (!m) continue;
    const props = parseProperties(decoder.decode(data));
    const groupId = props.get('groupId') || m[1];
    const artifactId = props.get('artifactId') || m[2];
    const version = props.get('version');
    if (!version) {
      out.warnAt(`${archivePath}!/${name}`, 'no version');
      continue;
    }
    fromPom.push(version);
    // In a shaded jar the manifest (main class, license) belongs to the jar, not to every library in it.
    const own = pomEntries === 1 || version === manifestVersion;
    addMaven(out, layer, archivePath, groupId, artifactId, version, own ? licenses : [], {
      confidence: 'pom.properties',
      pomProperties: name,
      ...(own ? manifestMeta : {}),
    });
  }

  // Without pom.properties, or when they all belong to shaded-in libraries (none has the
  // manifest's version, as Debian's guice.jar holding only cglib's), the archive's own identity
  // comes from its manifest and file name.
  const own = manifestIdentity(manifest, archivePath);
  if (own && (fromPom.length === 0 || (own.confidence === 'manifest' && !fromPom.includes(own.version)))) {
    addMaven(out, layer, archivePath, own.groupId, own.artifactId, own.version, licenses, {
      confidence: own.confidence,
      groupIdGuessed: own.groupIdGuessed || undefined,
      ...manifestMeta,
    });
  }

  // One nested archive in memory at a time: a war's libraries can add up to hundreds of MiB.
  for (const name of nested) {
    const data = extract(buf, new Set([name]), warn).get(name);
    if (data) catalogArchive(data, `${archivePath}!/${name}`, out, layer, limits, depth + 1, budget);
  }
}

interface Identity {
  groupId: string;
  artifactId: string;
  version: string;
  confidence: 'manifest' | 'filename';
  groupIdGuessed: boolean;
}

/**
 * The archive's identity without pom.properties. The artifact id is the file name's stem (manifest
 * titles are prose like "Apache Commons Lang"). The group, which a Maven purl requires, is a
 * guess: `Implementation-Vendor-Id`, else `Bundle-SymbolicName` (often `group` or
 * `group.artifact`), else the artifact id (the `junit:junit` convention).
 */
export function manifestIdentity(manifest: Map<string, string>, archivePath: string): Identity | undefined {
  const plugin = manifest.get('short-name');
  const pluginVersion = manifest.get('plugin-version');
  if (plugin && pluginVersion) {
    const group = manifest.get('group-id');
    // Jenkins plugins: `Group-Id` is only written by newer tooling; older ones are all in this group.
    return { groupId: group || 'org.jenkins-ci.plugins', artifactId: plugin, version: pluginVersion, confidence: 'manifest', groupIdGuessed: !group };
  }
  const fromName = nameVersionFromFilename(archivePath.slice(archivePath.lastIndexOf('/') + 1));
  const manifestVersion = manifest.get('implementation-version') || manifest.get('bundle-version');
  const version = manifestVersion || fromName.version;
  if (!version || !fromName.artifactId) return undefined;
  const vendorId = manifest.get('implementation-vendor-id');
  const bsn = manifest.get('bundle-symbolicname')?.split(';')[0].trim();
  let groupId = vendorId;
  if (!groupId && bsn) groupId = bsn.endsWith(`.${fromName.artifactId}`) ? bsn.slice(0, -fromName.artifactId.length - 1) : bsn;
  return {
    groupId: groupId || fromName.artifactId,
    artifactId: fromName.artifactId,
    version,
    confidence: manifestVersion ? 'manifest' : 'filename',
    groupIdGuessed: !vendorId,
  };
}

function addMaven(
  out: OutputBuilder,
  layer: AnalyzerInput['layer'] | undefined,
  location: string,
  groupId: string,
  artifactId: string,
  version: string,
  licenses: string[],
  metadata: Record<string, unknown>,
): void {
  out.add({
    type: 'maven',
    name: `${groupId}:${artifactId}`,
    version,
    purl: { namespace: groupId, name: artifactId, version },
    licenses,
    path: location,
    layer,
    foundBy: 'java-archive',
    metadata: { groupId, artifactId, ...metadata },
  });
}

export const javaAnalyzer: Analyzer = {
  name: 'java-archive',
  version: 1,
  // Spring Boot fat jars reach a few hundred MiB; the central directory is at the end, so a
  // truncated read is useless and the whole file is needed.
  maxBytes: JAVA_MAX_BYTES,
  wants: wantsJava,
  analyze(file: AnalyzerInput): AnalyzerOutput | undefined {
    return guarded(file, (out) => {
      if (file.truncated) {
        out.warn(`archive larger than ${JAVA_MAX_BYTES} bytes; skipped`);
        return;
      }
      catalogArchive(file.content, file.path, out, file.layer);
    });
  },
};
